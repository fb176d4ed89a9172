"""Merging a duplicate listing into the one kept: its trail, reports and old address go along."""
from datetime import datetime

from ..directory.hsds_import import delete_service
from ..extensions import db
from ..models import AuditEntry, ProblemReport, Revision, Service, ServiceRedirect
from .audit import record_event


def merge_services(duplicate: Service, keep: Service, staff) -> None:
    """Fold `duplicate` into `keep`: its audit trail and reports move over, its URL redirects, it is deleted."""
    if duplicate.id == keep.id:
        raise ValueError("a listing cannot be merged into itself")
    db.session.execute(db.update(AuditEntry).where(AuditEntry.entity == "service",
                                                   AuditEntry.entity_id == duplicate.id)
                       .values(entity_id=keep.id))
    db.session.execute(db.update(ProblemReport).where(ProblemReport.service_id == duplicate.id)
                       .values(service_id=keep.id))
    db.session.execute(db.update(Revision).where(Revision.entity == "service", Revision.entity_id == duplicate.id,
                                                 Revision.state == "pending").values(state="superseded"))
    db.session.execute(db.update(ServiceRedirect).where(ServiceRedirect.service_id == duplicate.id)
                       .values(service_id=keep.id))
    db.session.add(ServiceRedirect(old_id=duplicate.id, service_id=keep.id, created_at=datetime.now()))
    record_event("service", keep.id, "merge", staff, "merged", None, {"id": duplicate.id, "name": duplicate.name})
    delete_service(duplicate)
    db.session.commit()


def redirect_target(old_id: str) -> str | None:
    """Return the id a merged listing's old id now points to."""
    redirect = db.session.get(ServiceRedirect, old_id)
    return redirect.service_id if redirect else None
