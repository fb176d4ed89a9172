"""Every write of the editing side: publish, propose, approve, reject, assure, report."""
from datetime import date, datetime

from flask_babel import _, format_datetime
from sqlalchemy.exc import IntegrityError

from ..directory.hsds_export import organization_to_hsds, service_to_hsds
from ..directory.hsds_import import apply_service_record
from ..directory.hsds_parse import parse_phones
from ..directory.operations import save_organization
from ..extensions import db
from ..models import Organization, ProblemReport, Revision, Service
from ..audit import record_audit, record_event
from .shared import audit_shared_changes, shared_location_changes, shared_location_message
from .notify import notify_decision, notify_report

ORG_FIELDS = ("name", "alternate_name", "description", "email", "website")


class ConflictError(Exception):
    """Someone else changed or is changing the same listing; nothing was saved."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class ChangedMeanwhile(ConflictError):
    """The listing moved past the version the change was based on."""


def _changed_meanwhile() -> ConflictError:
    return ChangedMeanwhile(_("Medtem ko ste urejali, je nekdo drug objavil spremembe tega vnosa. Vaše "
                              "spremembe niso shranjene, so pa ohranjene v obrazcu. Spodaj primerjajte objavljeno "
                              "stanje z vašim in obrazec shranite znova, ko ste ju uskladili."))


def pending_revision(entity: str, entity_id: str) -> Revision | None:
    """Return the waiting revision of a listing, if any."""
    return db.session.scalar(db.select(Revision).where(
        Revision.entity == entity, Revision.entity_id == entity_id, Revision.state == "pending"))


def _model(entity: str):
    return Organization if entity == "organization" else Service


def current_version(entity: str, entity_id: str) -> int:
    """Return the version a new edit of this listing is based on (0 when it does not exist yet)."""
    model = _model(entity)
    return db.session.scalar(db.select(model.version).where(model.id == entity_id)) or 0


def claim_version(entity: str, entity_id: str, base_version: int) -> None:
    """Move a listing from base_version to the next one in one compare-and-set; raise ConflictError if it moved.

    `UPDATE … SET version = version + 1 WHERE id = :id AND version = :v` is atomic in the database: of two
    saves based on the same version exactly one updates a row (PostgreSQL makes the second wait for the
    first's commit and then finds the version changed; SQLite lets one writer in at a time)."""
    model = _model(entity)
    if base_version == 0:  # a new listing: its insert is the claim (a second one breaks the primary key)
        if current_version(entity, entity_id):
            raise _changed_meanwhile()
        return
    result = db.session.execute(db.update(model).where(model.id == entity_id, model.version == base_version)
                                .values(version=model.version + 1))
    if result.rowcount != 1:
        db.session.rollback()
        raise _changed_meanwhile()


def _waiting_for_someone_else(user, entity: str, entity_id: str) -> None:
    waiting = pending_revision(entity, entity_id)
    if waiting is not None and waiting.author_id != user.id:
        who = waiting.author.display_name if waiting.author else _("drug urednik")
        raise ConflictError(_("Za ta vnos že čaka predlog sprememb, ki ga je %(when)s oddal(a) %(who)s. Počakajte, "
                              "da ga osebje odobri ali zavrne; vaše spremembe niso shranjene.",
                              who=who, when=format_datetime(waiting.created_at, "short")))


def save_edit(user, entity: str, entity_id: str, organization_id: str, record: dict, base_version: int):
    """Publish a staff member's edit directly, or queue an editor's as a pending revision."""
    _waiting_for_someone_else(user, entity, entity_id)
    if entity == "service" and not user.is_staff and (shared := shared_location_changes(record)):
        raise ConflictError(shared_location_message(shared))
    if user.is_staff:
        return "published", publish(entity, record, user, base_version=base_version)
    return "pending", _propose(user, entity, entity_id, organization_id, record, base_version)


def _propose(user, entity, entity_id, organization_id, record, base_version) -> Revision:
    if current_version(entity, entity_id) != base_version:  # approval checks it again, atomically
        raise _changed_meanwhile()
    if entity == "service":
        record = {**record, "assured_date": date.today().isoformat()}  # the editor has just reviewed it
    revision = pending_revision(entity, entity_id)
    if revision is None:
        revision = Revision(entity=entity, entity_id=entity_id, organization_id=organization_id, author_id=user.id)
        db.session.add(revision)
    revision.data, revision.base_version, revision.created_at = record, base_version, datetime.now()
    try:
        db.session.commit()
    except IntegrityError as exc:  # uq_revision_pending: another editor's proposal got in first
        raise _saved_at_once() from exc
    return revision


def _saved_at_once() -> ConflictError:
    db.session.rollback()
    return ChangedMeanwhile(_("Hkrati z vami je isti vnos shranil nekdo drug. Vaše spremembe niso shranjene, so "
                              "pa ohranjene v obrazcu; stran naložite znova in jih vnesite še enkrat."))


def publish(entity: str, record: dict, user, revision: Revision | None = None, *, base_version: int):
    """Write a listing based on base_version, audit every changed field and commit (the index follows the log).

    Raise ConflictError, with nothing written, when the listing moved past base_version meanwhile."""
    try:
        if revision is not None:
            _claim_revision(revision, "approved", reviewer_id=user.id, reviewed_at=datetime.now())
        claim_version(entity, record["id"], base_version)
        target = (_publish_service if entity == "service" else _publish_organization)(record, user, revision)
        target.version = base_version + 1 if base_version else 1  # the claim is the one step (an import bumps too)
        db.session.commit()
    except IntegrityError as exc:  # the same new listing created twice at once
        raise _saved_at_once() from exc
    return target


def _claim_revision(revision: Revision, state: str, **values) -> None:
    """Move a revision out of "pending" in one compare-and-set, so it is decided (or withdrawn) only once."""
    result = db.session.execute(db.update(Revision).where(Revision.id == revision.id, Revision.state == "pending")
                                .values(state=state, **values))
    if result.rowcount != 1:
        db.session.rollback()
        raise ConflictError(_("Ta predlog je že obdelan."))


def _publish_service(record: dict, user, revision) -> Service:
    service = db.session.get(Service, record["id"])
    before = service_to_hsds(service, public=False) if service else None
    org = db.session.get(Organization, record["organization"]["id"])
    record = {**record, "organization": organization_to_hsds(org)}  # never revert the organization's own edits
    record.pop("last_modified", None)
    if before and (before.get("assured_date") or "") > (record.get("assured_date") or ""):
        record["assured_date"] = before["assured_date"]
    shared = shared_location_changes(record)
    service = apply_service_record(record)
    db.session.flush()
    record_audit("service", service.id, before, service_to_hsds(service, public=False), user,
                 "create" if before is None else "update", revision)
    audit_shared_changes(shared, user)
    return service


def _publish_organization(record: dict, user, revision) -> Organization:
    org = db.session.get(Organization, record["id"])
    before = organization_to_hsds(org)
    values = {name: record.get(name) or None for name in ORG_FIELDS}
    save_organization(org.id, {**values, "name": values["name"] or org.name, "last_modified": datetime.now()},
                      phones=parse_phones(record, "phones"))
    db.session.flush()
    record_audit("organization", org.id, before, organization_to_hsds(org), user, "update", revision)
    return org


def organization_record(org: Organization, form) -> dict:
    """Return the organization object an organization form describes."""
    phones = [{"number": r.form.number.data, "type": r.form.type.data, "description": r.form.description.data or None}
              for r in form.phones if not r.form.is_blank()]
    return {"id": org.id, **{name: getattr(form, name).data or None for name in ORG_FIELDS},
            "phones": [{k: v for k, v in p.items() if v} for p in phones]}


def approve_revision(revision: Revision, reviewer):
    """Publish a pending revision unless the listing changed since it was made."""
    if revision.state != "pending":
        raise ConflictError(_("Ta predlog je že obdelan."))
    try:
        target = publish(revision.entity, revision.data, reviewer, revision, base_version=revision.base_version)
    except ChangedMeanwhile as exc:
        raise ConflictError(_("Vnos je bil spremenjen, odkar je bil predlog oddan. Predlog zavrnite in prosite "
                              "urednika, naj spremembe vnese v novo različico.")) from exc
    notify_decision(revision)
    return target


def reject_revision(revision: Revision, reviewer, comment: str) -> None:
    """Reject a pending revision with a comment the editor sees."""
    _claim_revision(revision, "rejected", comment=comment, reviewer_id=reviewer.id, reviewed_at=datetime.now())
    record_event(revision.entity, revision.entity_id, "reject", reviewer, "revision", "pending", comment, revision)
    db.session.commit()
    notify_decision(revision)


def withdraw_revision(revision: Revision, user) -> None:
    """Let an editor take back their own pending revision."""
    _claim_revision(revision, "superseded")
    record_event(revision.entity, revision.entity_id, "withdraw", user, "revision", "pending", "superseded",
                 revision)
    db.session.commit()


def assure_service(service: Service, user) -> None:
    """Confirm in one click that the listing is still correct: set assured_date to today, audited."""
    before = service.assured_date
    service.assured_date = date.today()
    record_audit("service", service.id, {"assured_date": before.isoformat() if before else None},
                 {"assured_date": service.assured_date.isoformat()}, user, "assure")
    db.session.commit()


def submit_report(service: Service, topic: str, message: str, contact: str | None) -> ProblemReport:
    """Store a resident's problem report about a listing and tell the listing's editors."""
    report = ProblemReport(service_id=service.id, topic=topic, message=message, contact=contact or None)
    db.session.add(report)
    db.session.commit()
    notify_report(report)
    return report


def resolve_report(report: ProblemReport, user, note: str | None = None) -> None:
    """Close a problem report, with a note on what was done."""
    report.resolved_at, report.resolved_by_id, report.resolution_note = datetime.now(), user.id, note or None
    # the report's own text may name a resident: the trail keeps only which report it was and the note
    record_event("service", report.service_id, "resolve", user, "report", {"id": report.id, "topic": report.topic},
                 note or None)
    db.session.commit()


__all__ = ["ChangedMeanwhile", "ConflictError", "approve_revision", "assure_service", "organization_record", "publish",
           "reject_revision", "resolve_report", "save_edit", "submit_report", "withdraw_revision"]
