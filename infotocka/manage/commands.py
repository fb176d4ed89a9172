"""`flask users create …` and `flask remind-stale`."""
import sys

import click
from flask.cli import AppGroup, with_appcontext

from ..auth.operations import AccountError, create_user, link_for
from ..auth.tokens import INVITE
from ..mail import mail_configured
from ..models import ROLES
from .reminders import due_reminders, reminder_body, reminder_subject, send_reminders

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


@click.command("remind-stale")
@click.option("--send", is_flag=True, help="Send the e-mails (without it: a dry run that prints them).")
@with_appcontext
def remind_stale_command(send):
    """E-mail editors whose listings are due for confirming; at most once a day each (safe to run from cron)."""
    if send and not mail_configured():
        raise click.ClickException("no SMTP server configured (MAIL_SERVER)")
    if send:
        sent, skipped = send_reminders()
        click.echo(f"{sent} reminders sent, {skipped} editors already reminded today")
        return
    reminders = due_reminders()
    for user, services in reminders.items():
        click.echo(f"--- would send to {user.email}: {reminder_subject()}\n{reminder_body(user, services)}\n")
    click.echo(f"{len(reminders)} editors, {sum(map(len, reminders.values()))} stale listings"
               " (dry run; add --send to send)")


def init_app(app) -> None:
    app.cli.add_command(users_cli)
    app.cli.add_command(remind_stale_command)
