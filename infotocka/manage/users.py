"""Accounts seen by staff: invite editors (admins: anyone), hand out reset links."""
from flask import abort, flash, render_template
from flask_babel import _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import EmailField
from wtforms.validators import DataRequired, Email

from ..forms import BaseForm
from ..auth.decorators import staff_required
from ..auth.forms import email_length
from ..auth.operations import AccountError, create_user, send_link
from ..auth.tokens import INVITE, RESET
from ..extensions import db
from ..models import AuditEntry, Organization, User
from . import bp
from ..audit import action_label, audit_trail, value_text
from .fields import CheckboxesField, ChoiceField, as_choices


ACTIONS_SHOWN = 50  # the latest account actions listed under the users


class InviteForm(BaseForm):
    email = EmailField(_l("E-naslov"), validators=[DataRequired(_l("Vpišite e-naslov.")), email_length(),
                                                   Email(_l("E-naslov ni veljaven."), check_deliverability=False)])
    role = ChoiceField(_l("Vloga"), default="editor")
    organizations = CheckboxesField(_l("Organizacije (za urednike)"))


class LinkForm(BaseForm):
    """Just the CSRF token."""


def _invite_form() -> InviteForm:
    form = InviteForm()
    roles = [("editor", _("urednik")), ("staff", _("osebje")), ("admin", _("skrbnik"))]
    form.role.choices = as_choices(roles if current_user.role == "admin" else roles[:1])
    orgs = db.session.scalars(db.select(Organization).order_by(Organization.name))
    form.organizations.choices = as_choices((o.id, o.name) for o in orgs)
    return form


def _page(form, link=None, status=200):
    users = db.session.scalars(db.select(User).order_by(User.role, User.email)).all()
    emails = {str(u.id): u.email for u in users}
    return render_template("manage/users.html", users=users, form=form, link=link, link_form=LinkForm(),
                           actions=audit_trail(None, "user", limit=ACTIONS_SHOWN), emails=emails,
                           action_label=action_label, value_text=value_text), status


@bp.get("/uporabniki")
@staff_required
def users():
    return _page(_invite_form())


@bp.post("/uporabniki")
@staff_required
def invite():
    form = _invite_form()
    if not form.validate_on_submit():
        return _page(form, status=400)
    try:
        user = create_user(form.email.data, form.role.data, form.organizations.data, by=current_user)
    except AccountError as exc:
        form.email.errors.append(str(exc))
        return _page(form, status=400)
    sent, link = send_link(INVITE, user, by=current_user, may_show=True)
    if sent:
        flash(_("Povabilo je poslano na %(email)s.", email=user.email), "success")
    return _page(_invite_form(), link=None if sent else link)


@bp.post("/uporabniki/<int:user_id>/ponastavitev")
@staff_required
def reset_link(user_id: int):
    user = db.get_or_404(User, user_id)
    if not LinkForm().validate_on_submit() or (user.is_staff and current_user.role != "admin"):
        abort(403)
    kind = RESET if user.password_hash else INVITE
    # Whoever holds the link owns the account: a reset link goes to the account's mailbox only; an invitation
    # of an account that never had a password may be handed on by the staff member who created it.
    may_show = kind == INVITE and _created_by(user) == current_user.id
    sent, link = send_link(kind, user, by=current_user, may_show=may_show)
    if sent:
        flash(_("Povezava je poslana na %(email)s.", email=user.email), "success")
    shown = not sent and may_show
    if not sent and not shown:
        flash(_("Povezave ni bilo mogoče poslati (e-pošta ni nastavljena ali ne deluje). Zaradi varnosti je ne "
                "prikažemo; povabilo lahko izroči le, kdor je račun ustvaril, za novo geslo pa naj uporabnik "
                "zaprosi, ko bo e-pošta delovala."), "error")
    return _page(_invite_form(), link=link if shown else None)


def _created_by(user: User) -> int | None:
    """Return the id of the staff member who created an account (from the audit trail)."""
    return db.session.scalar(db.select(AuditEntry.user_id).where(
        AuditEntry.entity == "user", AuditEntry.entity_id == str(user.id), AuditEntry.action == "create"))
