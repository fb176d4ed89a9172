""""Prijavi napako": residents report a wrong listing; staff and the listing's editors see the reports."""
from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from ..forms import BaseForm
from ..auth.decorators import editor_required, require_organization, staff_required
from ..directory.queries import visible
from ..extensions import db, limiter
from ..models import ProblemReport, Service
from . import bp, queries
from .fields import RadioChoiceField
from .forms import REPORT_TOPIC_CHOICES
from .operations import resolve_report, submit_report

public_bp = Blueprint("reports", __name__)

TOPICS = REPORT_TOPIC_CHOICES
TOPIC_LABELS = dict(TOPICS)


class TopicField(RadioChoiceField):
    def pre_validate(self, form):
        if self.data not in TOPIC_LABELS:
            raise ValidationError(_l("Izberite, kaj je narobe."))


class ReportForm(BaseForm):
    topic = TopicField(_l("Kaj je narobe?"), choices=TOPICS)
    message = TextAreaField(_l("Opišite napako"), filters=[lambda v: v.strip() if v else v], validators=[
        DataRequired(_l("Na kratko opišite, kaj je narobe.")), Length(max=2000, message=_l("Največ 2000 znakov."))])
    contact = StringField(_l("Vaš e-naslov ali telefon (neobvezno, če želite odgovor)"), validators=[
        Optional(), Length(max=200, message=_l("Največ 200 znakov."))])
    # Honeypot: hidden from people by CSS; bots that fill every field are ignored.
    website = StringField(_l("Pustite prazno"))


def _report_limit() -> str:
    return current_app.config["REPORT_RATE_LIMIT"]


@public_bp.route("/storitev/<service_id>/prijavi-napako", methods=["GET", "POST"])
@limiter.limit(_report_limit, methods=["POST"])
def report_problem(service_id: str):
    service = db.session.scalar(db.select(Service).where(Service.id == service_id, visible())) or abort(404)
    form = ReportForm()
    if form.validate_on_submit():
        if not form.website.data:
            submit_report(service, form.topic.data, form.message.data, form.contact.data)
        return render_template("manage/report_thanks.html", service=service)
    return render_template("manage/report_form.html", form=form, service=service)


class ResolveForm(BaseForm):
    note = TextAreaField(_l("Zapisek ob zaprtju (neobvezno)"), filters=[lambda v: v.strip() if v else v],
                         validators=[Optional(), Length(max=2000, message=_l("Največ 2000 znakov."))])


@bp.get("/prijave")
@staff_required
def reports_queue():
    return render_template("manage/reports.html", reports=queries.open_reports(), topics=TOPIC_LABELS,
                           resolve_form=ResolveForm())


@bp.post("/prijave/<int:report_id>/resi")
@editor_required
def resolve(report_id: int):
    report = db.get_or_404(ProblemReport, report_id)
    require_organization(report.service.organization_id)
    form = ResolveForm()
    if not form.validate_on_submit():
        flash(" ".join(str(e) for e in form.note.errors) or _("Obrazec je potekel; poskusite znova."), "error")
        return redirect(url_for("manage.reports_queue" if current_user.is_staff else "manage.dashboard")), 303
    resolve_report(report, current_user, form.note.data)
    flash(_("Prijava je zaprta."), "success")
    return redirect(url_for("manage.reports_queue" if current_user.is_staff else "manage.dashboard"))
