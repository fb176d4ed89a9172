"""Every write of the editing side: publish, propose, approve, reject, assure, report."""
import json
import zlib
from datetime import date, datetime

from flask_babel import _, format_datetime

from ..directory.changes import record_change
from ..directory.hsds_export import organization_to_hsds, service_to_hsds
from ..directory.hsds_import import apply_service_record
from ..directory.hsds_parse import parse_phones
from ..extensions import db
from ..models import Organization, Phone, ProblemReport, Revision, Service
from .audit import record_audit, record_event
from .notify import notify_decision, notify_report

ORG_FIELDS = ("name", "alternate_name", "description", "email", "website")


class ConflictError(Exception):
    """Someone else changed or is changing the same listing; nothing was saved."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def pending_revision(entity: str, entity_id: str) -> Revision | None:
    """Return the waiting revision of a listing, if any."""
    return db.session.scalar(db.select(Revision).where(
        Revision.entity == entity, Revision.entity_id == entity_id, Revision.state == "pending"))


def organization_version(org: Organization) -> int:
    """Return a positive fingerprint of an organization's published data (organizations have no counter)."""
    data = {k: v for k, v in organization_to_hsds(org).items() if k not in ("last_modified", "assured_date")}
    return (zlib.crc32(json.dumps(data, sort_keys=True).encode()) & 0x7FFFFFFF) or 1


def current_version(entity: str, entity_id: str) -> int:
    """Return the version a new edit of this listing is based on (0 when it does not exist yet)."""
    if entity == "organization":
        org = db.session.get(Organization, entity_id)
        return organization_version(org) if org else 0
    service = db.session.get(Service, entity_id)
    return service.version if service else 0


def _check_conflict(user, entity: str, entity_id: str, base_version: int) -> None:
    if current_version(entity, entity_id) != base_version:
        raise ConflictError(_("Medtem ko ste urejali, je nekdo drug objavil spremembe tega vnosa. Vaše spremembe "
                              "niso shranjene: spodaj so ohranjene, objavljeno stanje pa si oglejte v novem oknu "
                              "in spremembe vnesite znova."))
    waiting = pending_revision(entity, entity_id)
    if waiting is not None and waiting.author_id != user.id:
        who = waiting.author.display_name if waiting.author else _("drug urednik")
        raise ConflictError(_("Za ta vnos že čaka predlog sprememb, ki ga je %(when)s oddal(a) %(who)s. Počakajte, "
                              "da ga osebje odobri ali zavrne; vaše spremembe niso shranjene.",
                              who=who, when=format_datetime(waiting.created_at, "short")))


def save_edit(user, entity: str, entity_id: str, organization_id: str, record: dict, base_version: int):
    """Publish a staff member's edit directly, or queue an editor's as a pending revision."""
    _check_conflict(user, entity, entity_id, base_version)
    if user.is_staff:
        return "published", publish(entity, record, user)
    return "pending", _propose(user, entity, entity_id, organization_id, record, base_version)


def _propose(user, entity, entity_id, organization_id, record, base_version) -> Revision:
    if entity == "service":
        record = {**record, "assured_date": date.today().isoformat()}  # the editor has just reviewed it
    revision = pending_revision(entity, entity_id)
    if revision is None:
        revision = Revision(entity=entity, entity_id=entity_id, organization_id=organization_id, author_id=user.id)
        db.session.add(revision)
    revision.data, revision.base_version, revision.created_at = record, base_version, datetime.now()
    db.session.commit()
    return revision


def publish(entity: str, record: dict, user, revision: Revision | None = None):
    """Write a listing, audit every changed field and commit (the search index follows the change log)."""
    target = (_publish_service if entity == "service" else _publish_organization)(record, user, revision)
    if revision is not None:
        revision.state, revision.reviewer_id, revision.reviewed_at = "approved", user.id, datetime.now()
    db.session.commit()
    return target


def _publish_service(record: dict, user, revision) -> Service:
    service = db.session.get(Service, record["id"])
    before = service_to_hsds(service, public=False) if service else None
    org = db.session.get(Organization, record["organization"]["id"])
    record = {**record, "organization": organization_to_hsds(org)}  # never revert the organization's own edits
    record.pop("last_modified", None)
    if before and (before.get("assured_date") or "") > (record.get("assured_date") or ""):
        record["assured_date"] = before["assured_date"]
    service = apply_service_record(record)
    db.session.flush()
    record_audit("service", service.id, before, service_to_hsds(service, public=False), user,
                 "create" if before is None else "update", revision)
    return service


def _publish_organization(record: dict, user, revision) -> Organization:
    org = db.session.get(Organization, record["id"])
    before = organization_to_hsds(org)
    for name in ORG_FIELDS:
        setattr(org, name, record.get(name) or (org.name if name == "name" else None))
    org.phones = [Phone(**phone) for phone in parse_phones(record, "phones")]
    org.last_modified = datetime.now()
    db.session.flush()
    record_audit("organization", org.id, before, organization_to_hsds(org), user, "update", revision)
    record_change("organization", org.id)
    for service in org.services:  # the organization's name is part of each service's search text
        record_change("service", service.id)
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
    if current_version(revision.entity, revision.entity_id) != revision.base_version:
        raise ConflictError(_("Vnos je bil spremenjen, odkar je bil predlog oddan. Predlog zavrnite in prosite "
                              "urednika, naj spremembe vnese v novo različico."))
    target = publish(revision.entity, revision.data, reviewer, revision)
    notify_decision(revision)
    return target


def reject_revision(revision: Revision, reviewer, comment: str) -> None:
    """Reject a pending revision with a comment the editor sees."""
    if revision.state != "pending":
        raise ConflictError(_("Ta predlog je že obdelan."))
    revision.state, revision.comment = "rejected", comment
    revision.reviewer_id, revision.reviewed_at = reviewer.id, datetime.now()
    record_event(revision.entity, revision.entity_id, "reject", reviewer, "revision", "pending", comment, revision)
    db.session.commit()
    notify_decision(revision)


def withdraw_revision(revision: Revision, user) -> None:
    """Let an editor take back their own pending revision."""
    revision.state = "superseded"
    record_event(revision.entity, revision.entity_id, "withdraw", user, "revision", "pending", "superseded",
                 revision)
    db.session.commit()


def assure_service(service: Service, user) -> None:
    """Confirm in one click that the listing is still correct: set assured_date to today, audited."""
    before = service.assured_date
    service.assured_date = date.today()
    record_audit("service", service.id, {"assured_date": before.isoformat() if before else None},
                 {"assured_date": service.assured_date.isoformat()}, user, "assure")
    record_change("service", service.id)
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


__all__ = ["ConflictError", "approve_revision", "assure_service", "organization_record", "publish",
           "reject_revision", "resolve_report", "save_edit", "submit_report", "withdraw_revision"]
