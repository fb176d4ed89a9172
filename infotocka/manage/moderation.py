"""Staff moderation: the queue, a field-by-field diff, approve or reject; the audit trail per listing."""
from flask import abort, flash, redirect, render_template, url_for
from flask_babel import _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length

from ..forms import BaseForm
from ..auth.decorators import editor_required, require_organization, staff_required
from ..directory.hsds_export import organization_to_hsds, service_to_hsds
from ..directory.hsds_values import RecordError
from ..extensions import db
from ..models import Organization, Revision, Service
from . import bp, queries
from ..audit import action_label, audit_trail, diff_records
from .duplicates import similar_services
from .review import review_row, review_rows
from .operations import ConflictError, approve_revision, reject_revision, withdraw_revision


class RejectForm(BaseForm):
    comment = TextAreaField(_l("Sporočilo uredniku"), validators=[
        DataRequired(_l("Napišite, zakaj predloga ne odobrite: urednik bo sporočilo videl.")),
        Length(max=2000, message=_l("Največ 2000 znakov."))])


class ConfirmForm(BaseForm):
    """A bare form: just the CSRF token."""


def _published(revision: Revision) -> dict | None:
    if revision.entity == "organization":
        org = db.session.get(Organization, revision.entity_id)
        return organization_to_hsds(org) if org else None
    service = db.session.get(Service, revision.entity_id)
    return service_to_hsds(service, public=False) if service else None


@bp.get("/cakalna-vrsta")
@staff_required
def queue():
    return render_template("manage/queue.html", revisions=queries.pending_revisions())


def _revision_page(revision: Revision, reject_form=None, status=200, error=None):
    changes = review_rows(diff_records(_published(revision), revision.data))
    data = revision.data or {}
    similar = similar_services(data.get("name", ""), revision.organization_id,
                               [p.get("number") for p in data.get("phones") or ()], revision.entity_id) \
        if revision.entity == "service" and revision.is_new else []
    return render_template("manage/revision.html", revision=revision, changes=changes, similar=similar,
                           reject_form=reject_form or RejectForm(), confirm_form=ConfirmForm(),
                           error=error), status


@bp.get("/predlog/<int:revision_id>")
@editor_required
def revision(revision_id: int):
    revision = db.get_or_404(Revision, revision_id)
    require_organization(revision.organization_id)
    return _revision_page(revision)


def _decide(revision: Revision, decision, done: str):
    """Apply a staff decision; on a conflict show the revision again (409), else back to the queue."""
    try:
        decision()
    except (ConflictError, RecordError) as exc:
        db.session.rollback()
        return _revision_page(revision, status=409, error=getattr(exc, "message", str(exc)))
    flash(done, "success")
    return redirect(url_for("manage.queue"))


@bp.post("/predlog/<int:revision_id>/odobri")
@staff_required
def approve(revision_id: int):
    revision = db.get_or_404(Revision, revision_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    return _decide(revision, lambda: approve_revision(revision, current_user),
                   _("Predlog je odobren in objavljen."))


@bp.post("/predlog/<int:revision_id>/zavrni")
@staff_required
def reject(revision_id: int):
    revision = db.get_or_404(Revision, revision_id)
    form = RejectForm()
    if not form.validate_on_submit():
        return _revision_page(revision, reject_form=form, status=400)
    return _decide(revision, lambda: reject_revision(revision, current_user, form.comment.data.strip()),
                   _("Predlog je zavrnjen; urednik bo videl vaše sporočilo."))


@bp.post("/predlog/<int:revision_id>/umakni")
@editor_required
def withdraw(revision_id: int):
    revision = db.get_or_404(Revision, revision_id)
    require_organization(revision.organization_id)
    if revision.author_id != current_user.id or revision.state != "pending" or not ConfirmForm().validate_on_submit():
        abort(403)
    try:
        withdraw_revision(revision, current_user)
    except ConflictError as exc:  # decided by staff a moment ago
        flash(exc.message, "error")
    else:
        flash(_("Predlog je umaknjen."), "success")
    return redirect(url_for("manage.dashboard"))


@bp.get("/storitev/<service_id>/zgodovina")
@staff_required
def history(service_id: str):
    service = db.get_or_404(Service, service_id)
    return _history("service", service.id, service=service)


@bp.get("/organizacija/<org_id>/zgodovina")
@staff_required
def organization_history(org_id: str):
    org = db.get_or_404(Organization, org_id)
    return _history("organization", org.id, organization=org)


def _history(entity: str, entity_id: str, **listing):
    """Render the audit trail of one listing (a service or an organization)."""
    entries = audit_trail(entity_id, entity)
    ids = {e.revision_id for e in entries if e.revision_id}
    revisions = {r.id: r for r in db.session.scalars(db.select(Revision).where(Revision.id.in_(ids)))}
    return render_template("manage/history.html", entries=entries, revisions=revisions, review_row=review_row,
                           action_label=action_label, **listing)
