"""Merging a duplicate listing into the one kept: its trail, reports, services, editors and old address go
along; nothing the duplicate alone knew is dropped."""
from datetime import datetime

from ..directory.hsds_export import organization_to_hsds
from ..directory.operations import phone_rows, save_organization
from ..extensions import db
from ..models import (AuditEntry, JoinRequest, Organization, OrganizationRedirect, ProblemReport, Revision,
                      Service, ServiceRedirect, User)
from ..audit import record_audit, record_event
from .matching import phone_key

ORG_FILLED_IN = ("alternate_name", "description", "email", "website", "assured_date")


def _move_trail(entity: str, old_id: str, new_id: str) -> None:
    """Move the audit trail to the kept listing; the duplicate's pending proposals lapse."""
    db.session.execute(db.update(AuditEntry).where(AuditEntry.entity == entity, AuditEntry.entity_id == old_id)
                       .values(entity_id=new_id))
    db.session.execute(db.update(Revision).where(Revision.entity == entity, Revision.entity_id == old_id,
                                                 Revision.state == "pending").values(state="superseded"))


def merge_services(duplicate: Service, keep: Service, staff) -> None:
    """Fold `duplicate` into `keep`: its audit trail and reports move over, its URL redirects, it is deleted."""
    if duplicate.id == keep.id:
        raise ValueError("a listing cannot be merged into itself")
    _move_trail("service", duplicate.id, keep.id)
    db.session.execute(db.update(ProblemReport).where(ProblemReport.service_id == duplicate.id)
                       .values(service_id=keep.id))
    db.session.execute(db.update(ServiceRedirect).where(ServiceRedirect.service_id == duplicate.id)
                       .values(service_id=keep.id))
    db.session.add(ServiceRedirect(old_id=duplicate.id, uuid=duplicate.uuid, service_id=keep.id,
                                   created_at=datetime.now()))
    record_event("service", keep.id, "merge", staff, "merged", None, {"id": duplicate.id, "name": duplicate.name})
    db.session.delete(duplicate)  # with its phones, schedules and places; the change log records it
    db.session.commit()


def _fill_in(duplicate: Organization, keep: Organization) -> None:
    """Give the kept organization what only the duplicate had: empty fields, phones, numbers, types."""
    values = {name: getattr(duplicate, name) for name in ORG_FILLED_IN
              if not getattr(keep, name) and getattr(duplicate, name)}
    known = {phone_key(p.number) for p in keep.phones}
    phones = [p for p in duplicate.phones if phone_key(p.number) not in known]
    ids = (keep.extra or {}).get("organization_identifiers") or []
    more = [i for i in (duplicate.extra or {}).get("organization_identifiers") or () if i not in ids]
    if more:
        values["extra"] = {**(keep.extra or {}), "organization_identifiers": ids + more}
    added = [{**row, "position": len(keep.phones) + n} for n, row in enumerate(phone_rows(phones))]
    save_organization(keep.id, values, phones=phone_rows(keep.phones) + added,
                      terms=keep.terms + [t for t in duplicate.terms if t not in keep.terms])


def _move_people(duplicate: Organization, keep: Organization) -> None:
    """The duplicate's editors now edit the kept organization; its requests and proposals point there."""
    for user in db.session.scalars(db.select(User).where(User.organizations.contains(duplicate))):
        user.organizations = [o for o in user.organizations if o.id != duplicate.id]
        if keep not in user.organizations:
            user.organizations.append(keep)
    db.session.execute(db.update(JoinRequest).where(JoinRequest.organization_id == duplicate.id)
                       .values(organization_id=keep.id))
    db.session.execute(db.update(Revision).where(Revision.organization_id == duplicate.id)
                       .values(organization_id=keep.id))


def merge_organizations(duplicate: Organization, keep: Organization, staff) -> None:
    """Fold organization `duplicate` into `keep`: its services (with their locations), phones, editors and
    audit trail move over, its URL redirects to the kept one, then it is deleted."""
    if duplicate.id == keep.id:
        raise ValueError("an organization cannot be merged into itself")
    before = organization_to_hsds(keep)
    services = list(duplicate.services)
    for service in services:
        service.organization = keep
        record_event("service", service.id, "update", staff, "organization", duplicate.id, keep.id)
    _fill_in(duplicate, keep)
    _move_people(duplicate, keep)
    _move_trail("organization", duplicate.id, keep.id)
    db.session.execute(db.update(OrganizationRedirect).where(OrganizationRedirect.organization_id == duplicate.id)
                       .values(organization_id=keep.id))
    db.session.add(OrganizationRedirect(old_id=duplicate.id, uuid=duplicate.uuid, organization_id=keep.id,
                                        created_at=datetime.now()))
    db.session.flush()
    record_audit("organization", keep.id, before, organization_to_hsds(keep), staff, "merge")
    record_event("organization", keep.id, "merge", staff, "merged", None,
                 {"id": duplicate.id, "name": duplicate.name, "services": [s.id for s in services]})
    db.session.delete(duplicate)
    db.session.commit()
