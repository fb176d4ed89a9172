"""`flask users create …` and `flask remind-stale`."""
import sys
from collections import defaultdict

import click
from flask.cli import AppGroup, with_appcontext
from flask_babel import gettext as _

from ..auth.operations import AccountError, create_user, link_for
from ..auth.tokens import INVITE
from ..extensions import db
from ..mail import mail_configured, send_mail
from ..models import ROLES, User
from .queries import stale_services

users_cli = AppGroup("users", help="Manage staff and editor accounts.")


@users_cli.command("create")
@click.argument("email")
@click.option("--role", type=click.Choice(ROLES), required=True)
@click.option("--organization", "organizations", multiple=True, help="Organization id (editors; repeatable).")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@click.option("--invite", is_flag=True, help="Set no password; print an invitation link instead.")
@click.option("--name", default=None)
def create_command(email, role, organizations, password_stdin, invite, name):
    """Create an account (the first admin, or accounts from scripts)."""
    if invite:
        password = None
    elif password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    if password is not None and len(password) < 10:
        raise click.ClickException("the password needs at least 10 characters")
    try:
        user = create_user(email, role, organizations, password=password, name=name)
    except AccountError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"created {user.email} ({user.role})")
    if invite:
        click.echo(f"invitation link: {link_for(INVITE, user)}")


def _reminders() -> dict[User, list]:
    """Return each active editor's stale listings."""
    stale = defaultdict(list)
    for service in stale_services():
        stale[service.organization_id].append(service)
    editors = db.session.scalars(db.select(User).where(User.role == "editor", User.active.is_(True)))
    result = {}
    for user in editors:
        services = [s for org in user.organizations for s in stale.get(org.id, [])]
        if services:
            result[user] = services
    return result


def _body(services) -> str:
    from ..urls import external_url
    listings = "\n".join(f"- {s.name}: {external_url('manage.edit_service', service_id=s.id)}" for s in services)
    return _("Pozdravljeni,\n\nnaslednji vnosi v Infotočki niso bili preverjeni več kot 12 mesecev. Prosimo, "
             "preglejte jih in potrdite »Podatki so še točni« ali jih popravite:\n\n%(listings)s\n\n"
             "Vsi vaši vnosi: %(dashboard)s\n\nHvala!",
             listings=listings, dashboard=external_url("manage.dashboard"))


@click.command("remind-stale")
@click.option("--send", is_flag=True, help="Send the e-mails (without it: a dry run that prints them).")
@with_appcontext
def remind_stale_command(send):
    """E-mail editors whose listings were not verified for 12 months."""
    if send and not mail_configured():
        raise click.ClickException("no SMTP server configured (MAIL_SERVER)")
    reminders = _reminders()
    subject = _("Infotočka: prosimo, preverite svoje vnose")
    for user, services in reminders.items():
        if send:
            send_mail(user.email, subject, _body(services))
            click.echo(f"sent to {user.email}: {len(services)} listings")
        else:
            click.echo(f"--- would send to {user.email}: {subject}\n{_body(services)}\n")
    click.echo(f"{len(reminders)} editors, {sum(map(len, reminders.values()))} stale listings"
               + ("" if send else " (dry run; add --send to send)"))


def init_app(app) -> None:
    app.cli.add_command(users_cli)
    app.cli.add_command(remind_stale_command)
