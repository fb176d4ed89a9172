"""Editor dashboard and the listing forms (services and organizations)."""
import re

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import _
from flask_login import current_user

from ..auth.decorators import editor_required, require_organization, staff_required
from ..directory.hsds_export import organization_to_hsds, service_to_hsds
from ..directory.hsds_values import RecordError
from ..extensions import db
from ..models import Organization, Service
from . import bp, queries
from .forms import ServiceForm, error_summary, pad_rows
from .hsds_form import area_picker, form_data, new_service_id, record_from_form, set_choices
from ..audit import diff_records, summarize_lines
from .operations import (ChangedMeanwhile, ConflictError, assure_service, current_version, organization_record,
                         pending_revision, save_edit)
from .duplicates import REASONS, keep_apart, organization_candidates
from .onboarding import create_organization
from .org_forms import NewOrganizationForm, OrganizationForm, organization_form_data
from .reports import ResolveForm

NEW_SERVICE_ID = re.compile(r"svc-[A-Za-z0-9-]{1,100}")  # fits the id columns (200) and stays URL-safe


@bp.get("/")
@editor_required
def dashboard():
    return render_template("manage/dashboard.html", resolve_form=ResolveForm(), **queries.dashboard(current_user))


def _base_version(form) -> int:
    try:
        return int(form.base_version.data or 0)
    except ValueError:
        return -1  # tampered: treat as a conflict rather than overwrite


def _own_pending(entity: str, entity_id: str):
    revision = pending_revision(entity, entity_id)
    return revision if revision is not None and revision.author_id == current_user.id else None


def _initial(entity: str, entity_id: str, published: dict | None) -> tuple[dict | None, int]:
    """Return what the form starts from: the editor's own pending proposal, else the published listing."""
    own = _own_pending(entity, entity_id)
    if own is not None:
        return own.data, own.base_version
    return published, current_version(entity, entity_id)


def _conflict(exc: ConflictError, form, entity: str, entity_id: str, published, yours: dict) -> dict:
    """Describe a refused save: the message, and theirs (as now published) beside yours (as submitted).

    The form keeps what was submitted and now carries the current version, so saving it again is a
    deliberate choice made after seeing both."""
    if isinstance(exc, ChangedMeanwhile):
        form.base_version.data = str(current_version(entity, entity_id))
    theirs = published() if published else None
    return {"conflict": exc.message, "changes": diff_records(theirs, yours) if theirs else [],
            "lines": summarize_lines}


def _saved_message(outcome: str) -> None:
    if outcome == "published":
        flash(_("Spremembe so objavljene."), "success")
    else:
        flash(_("Spremembe so shranjene in čakajo na potrditev osebja. Objavljeni vnos ostaja nespremenjen."),
              "success")


def _service_page(org: Organization, service_id: str, service: Service | None):
    require_organization(org.id)
    published = service_to_hsds(service, public=False) if service else None
    conflict = {}
    if request.method == "GET":
        initial, version = _initial("service", service_id, published)
        form = ServiceForm(data={**form_data(initial or {}), "base_version": version})
        set_choices(form)
    else:
        form = ServiceForm()
        set_choices(form)
        # "add a row" without JavaScript shows the form again, one row longer, and saves nothing
        if not _more_rows() and form.validate_on_submit():
            record = record_from_form(form, published, service_id, {"id": org.id})
            try:
                outcome, _target = save_edit(current_user, "service", service_id, org.id, record,
                                             _base_version(form))
            except ConflictError as exc:
                db.session.rollback()
                conflict = _conflict(exc, form, "service", service_id,
                                     service and (lambda: service_to_hsds(service, public=False)), record)
            except RecordError as exc:
                db.session.rollback()
                conflict = {"conflict": _("Vnosa ni bilo mogoče shraniti (%(field)s): %(message)s",
                                          field=exc.field, message=exc.message)}
            else:
                _saved_message(outcome)
                return redirect(url_for("manage.dashboard"))
    pad_rows(form, more=_more_rows())
    return render_template("manage/service_form.html", form=form, org=org, service=service,
                           service_id=service_id, **conflict, errors=error_summary(form),
                           areas=area_picker(form),
                           pending=pending_revision("service", service_id)), (409 if conflict else 200)


def _more_rows() -> str | None:
    """Return the list whose "add a row" button submitted the form, if one did."""
    more = request.form.get("more") if request.method == "POST" else None
    return more if more in ("phones", "schedules", "locations") else None


@bp.route("/organizacija/<org_id>/nova-storitev", methods=["GET", "POST"])
@editor_required
def new_service(org_id: str):
    org = db.get_or_404(Organization, org_id)
    require_organization(org.id)
    service_id = request.args.get("id") or request.form.get("service_id") or new_service_id()
    if not NEW_SERVICE_ID.fullmatch(service_id) or db.session.get(Service, service_id) is not None:
        abort(400)
    return _service_page(org, service_id, None)


@bp.route("/storitev/<service_id>/uredi", methods=["GET", "POST"])
@editor_required
def edit_service(service_id: str):
    service = db.session.get(Service, service_id)
    if service is not None:
        return _service_page(service.organization, service_id, service)
    proposal = pending_revision("service", service_id)  # a proposed new service, not yet published
    if proposal is None:
        abort(404)
    return _service_page(db.get_or_404(Organization, proposal.organization_id), service_id, None)


@bp.post("/storitev/<service_id>/podatki-so-tocni")
@editor_required
def assure(service_id: str):
    service = db.get_or_404(Service, service_id)
    require_organization(service.organization_id)
    assure_service(service, current_user)
    flash(_("Hvala! Zabeležili smo, da so podatki o storitvi »%(name)s« še točni.", name=service.name), "success")
    return redirect(url_for("manage.dashboard"))


@bp.route("/organizacija/<org_id>/uredi", methods=["GET", "POST"])
@editor_required
def edit_organization(org_id: str):
    org = db.get_or_404(Organization, org_id)
    require_organization(org.id)
    conflict = {}
    if request.method == "GET":
        initial, version = _initial("organization", org.id, organization_to_hsds(org))
        form = OrganizationForm(data={**organization_form_data(initial), "base_version": version})
    else:
        form = OrganizationForm()
        if not _more_rows() and form.validate_on_submit():
            record = organization_record(org, form)
            try:
                outcome, _target = save_edit(current_user, "organization", org.id, org.id, record,
                                             _base_version(form))
            except ConflictError as exc:
                db.session.rollback()
                conflict = _conflict(exc, form, "organization", org.id, lambda: organization_to_hsds(org), record)
            else:
                _saved_message(outcome)
                return redirect(url_for("manage.dashboard"))
    pad_rows(form, more=_more_rows())
    return render_template("manage/organization_form.html", form=form, org=org, **conflict,
                           errors=error_summary(form),
                           pending=pending_revision("organization", org.id)), (409 if conflict else 200)


@bp.route("/nov-izvajalec", methods=["GET", "POST"])
@staff_required
def new_organization():
    """Add a provider that is not listed yet, after seeing the listed ones it probably is (then: edit that one)."""
    form = NewOrganizationForm()
    candidates = []
    if form.validate_on_submit():
        candidates = organization_candidates(form.name.data, form.registration.data or "", form.tax_number.data or "",
                                             form.phone.data or "")
        shown = " ".join(sorted(c.organization.id for c in candidates))
        if not candidates or form.confirmed.data == shown:  # staff saw exactly these and still want a new one
            org = create_organization(form.name.data, current_user, form.email.data,
                                      {"registration": form.registration.data, "tax_number": form.tax_number.data},
                                      phone=form.phone.data)
            for candidate in candidates:  # staff saw them and said "not the same": not proposed again
                keep_apart("organization", org.id, candidate.organization.id, current_user)
            db.session.commit()
            flash(_("Izvajalec »%(name)s« je dodan. Dopolnite njegove podatke in dodajte storitve.", name=org.name),
                  "success")
            return redirect(url_for("manage.edit_organization", org_id=org.id))
        form.confirmed.data = shown  # changed details that find other candidates show those first
    return render_template("manage/new_organization.html", form=form, candidates=candidates, reasons=REASONS,
                           errors=error_summary(form)), (400 if form.errors else 200)
