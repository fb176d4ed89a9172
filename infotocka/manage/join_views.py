""""Za izvajalce": a provider asks to join or for editor access (public, rate-limited); staff decide."""
from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import EmailField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, Optional

from ..forms import BaseForm
from ..auth.decorators import staff_required
from ..extensions import db, limiter
from ..models import JoinRequest, Organization
from . import bp
from .duplicates import REASONS, organization_candidates, organization_listings
from .fields import ChoiceField, as_choices, slovene_phone
from .joining import JoinError, approve_join_request, reject_join_request, submit_join_request
from .moderation import ConfirmForm

join_bp = Blueprint("joining", __name__)


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class _ContactForm(BaseForm):
    contact_name = StringField(_l("Vaše ime in priimek"), filters=[_strip], validators=[
        DataRequired(_l("Vpišite svoje ime.")), Length(max=200, message=_l("Največ 200 znakov."))])
    email = EmailField(_l("Vaš e-naslov"), filters=[_strip], validators=[
        DataRequired(_l("Vpišite e-naslov: nanj pošljemo povabilo.")),
        Email(_l("E-naslov ni veljaven."), check_deliverability=False), Length(max=254)])
    phone = StringField(_l("Telefon (neobvezno)"), filters=[_strip], validators=[Optional(), slovene_phone])
    website = StringField(_l("Pustite prazno"))  # honeypot, hidden by CSS


class JoinForm(_ContactForm):
    organization_name = StringField(_l("Ime organizacije"), filters=[_strip], validators=[
        DataRequired(_l("Vpišite ime organizacije.")), Length(max=300, message=_l("Največ 300 znakov."))])
    message = TextAreaField(_l("Kaj ponujate (storitve, komu, kje)"), filters=[_strip], validators=[
        DataRequired(_l("Na kratko opišite, kaj ponujate.")), Length(max=3000, message=_l("Največ 3000 znakov."))])


class AccessForm(_ContactForm):
    organization = ChoiceField(_l("Organizacija"))
    message = TextAreaField(_l("Sporočilo osebju (neobvezno)"), filters=[_strip], validators=[
        Optional(), Length(max=3000, message=_l("Največ 3000 znakov."))])


def _access_form() -> AccessForm:
    form = AccessForm(prefix="dostop")
    orgs = db.session.scalars(db.select(Organization).order_by(Organization.name))
    form.organization.choices = as_choices([("", _("Izberite organizacijo")), *((o.id, o.name) for o in orgs)])
    return form


def _join_limit() -> str:
    return current_app.config["JOIN_RATE_LIMIT"]


def _page(join=None, access=None, status=200):
    return render_template("manage/join.html", join=join or JoinForm(prefix="nova"),
                           access=access or _access_form()), status


@join_bp.get("/za-izvajalce")
def providers():
    return _page()


def _submit(form, kind: str, bound: str, **details):
    """Store a valid request (a honeypot hit is thanked and dropped), else show the form again (400)."""
    if not form.validate_on_submit():
        return _page(**{bound: form}, status=400)
    if not form.website.data:
        submit_join_request(kind, form.contact_name.data, form.email.data, phone=form.phone.data,
                            message=form.message.data, **{k: f.data for k, f in details.items()})
    return render_template("manage/join_thanks.html")


@join_bp.post("/za-izvajalce/pridruzitev")
@limiter.limit(_join_limit)
def ask_to_join():
    form = JoinForm(prefix="nova")
    return _submit(form, "join", "join", organization_name=form.organization_name)


@join_bp.post("/za-izvajalce/dostop")
@limiter.limit(_join_limit)
def ask_for_access():
    form = _access_form()
    return _submit(form, "access", "access", organization_id=form.organization)


@bp.get("/pridruzitve")
@staff_required
def join_requests():
    pending = db.session.scalars(db.select(JoinRequest).where(JoinRequest.state == "pending")
                                 .order_by(JoinRequest.created_at)).all()
    known = organization_listings() if any(r.kind == "join" for r in pending) else []
    similar = {r.id: organization_candidates(r.organization_name, phone=r.phone or "", listings=known)
               for r in pending if r.kind == "join"}
    return render_template("manage/join_requests.html", requests=pending, form=ConfirmForm(), link=None,
                           similar=similar, reasons=REASONS)


@bp.post("/pridruzitve/<int:request_id>/<decision>")
@staff_required
def decide_join(request_id: int, decision: str):
    join = db.get_or_404(JoinRequest, request_id)
    if decision not in ("odobri", "zavrni") or not ConfirmForm().validate_on_submit():
        abort(400)
    if decision == "zavrni":
        reject_join_request(join, current_user)
        flash(_("Prošnja je zavrnjena."), "success")
        return redirect(url_for("manage.join_requests"), 303)
    existing = db.session.get(Organization, request.form.get("existing", "")) if request.form.get("existing") else None
    try:
        sent, link = approve_join_request(join, current_user, existing)
    except JoinError:
        flash(_("Prošnje ni mogoče odobriti: je že obdelana ali pa e-naslov pripada osebju."), "error")
        return redirect(url_for("manage.join_requests"), 303)
    flash(_("Prošnja je odobrena; %(email)s lahko ureja vnose organizacije »%(name)s«.",
            email=join.email, name=join.title), "success")
    if sent or link is None:
        return redirect(url_for("manage.join_requests"), 303)
    return render_template("manage/join_requests.html", requests=[], form=ConfirmForm(), link=link, similar={},
                           reasons=REASONS)
