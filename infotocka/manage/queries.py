"""Reads for the editing side: dashboards, queues, stale listings."""
from collections import defaultdict
from datetime import date, timedelta

from flask import current_app

from ..extensions import db
from ..models import Organization, ProblemReport, Revision, Service
from ..search import index_health


def cadence_days(service: Service) -> int:
    """Return after how many days this listing needs confirming again (by its provider's type, config)."""
    config = current_app.config
    provider = service.organization.provider_type if service.organization else None
    by_type = config["STALE_AFTER_DAYS_BY_PROVIDER"]
    return int(by_type.get(provider.code if provider else "", config["STALE_AFTER_DAYS"]))


def _shortest_cadence() -> int:
    config = current_app.config
    return min([int(config["STALE_AFTER_DAYS"]),
                *map(int, config["STALE_AFTER_DAYS_BY_PROVIDER"].values())])


def is_stale(service: Service, today: date | None = None) -> bool:
    """Return whether a listing was not confirmed within its provider type's cadence."""
    cutoff = (today or date.today()) - timedelta(days=cadence_days(service))
    return service.assured_date is None or service.assured_date < cutoff


def _organizations_of(user) -> list[Organization]:
    if user.is_staff:
        return list(db.session.scalars(db.select(Organization).order_by(Organization.name)))
    return list(user.organizations)


def dashboard(user) -> dict:
    """Return what the dashboard shows to this user."""
    orgs = _organizations_of(user)
    org_ids = [o.id for o in orgs]
    revisions = db.select(Revision).order_by(Revision.created_at.desc())
    if not user.is_staff:
        revisions = revisions.where(Revision.organization_id.in_(org_ids))
    service_ids = db.select(Service.id).where(Service.organization_id.in_(org_ids))
    reports = (db.select(ProblemReport).where(ProblemReport.resolved_at.is_(None),
                                               ProblemReport.service_id.in_(service_ids))
               .order_by(ProblemReport.created_at.desc()))
    recent = [r for r in db.session.scalars(revisions.limit(50)) if r.state in ("pending", "rejected")]
    return {"organizations": orgs, "revisions": recent, "reports": list(db.session.scalars(reports.limit(100))),
            "is_stale": is_stale, "pending_count": _count_pending() if user.is_staff else None,
            "semantic": _semantic_status() if user.is_staff else None,
            "index_health": index_health() if user.is_staff else None}


def _semantic_status() -> dict:
    from ..search import semantic
    return semantic.status()


def _count_pending() -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(Revision).where(Revision.state == "pending"))


def pending_revisions() -> list[Revision]:
    return list(db.session.scalars(db.select(Revision).where(Revision.state == "pending")
                                   .order_by(Revision.created_at)))


def open_reports() -> list[ProblemReport]:
    return list(db.session.scalars(db.select(ProblemReport).where(ProblemReport.resolved_at.is_(None))
                                   .order_by(ProblemReport.created_at.desc())))


def stale_services(today: date | None = None) -> list[Service]:
    """Return listings not confirmed within their cadence (defunct ones excepted), oldest first."""
    cutoff = (today or date.today()) - timedelta(days=_shortest_cadence())
    query = (db.select(Service).where(Service.status != "defunct")
             .where((Service.assured_date.is_(None)) | (Service.assured_date < cutoff))
             .order_by(Service.assured_date.is_not(None), Service.assured_date, Service.name))
    return [s for s in db.session.scalars(query) if is_stale(s, today)]


def stale_by_organization(services: list[Service]) -> list[tuple[Organization, list[Service]]]:
    groups = defaultdict(list)
    for service in services:
        groups[service.organization].append(service)
    return sorted(groups.items(), key=lambda item: (-len(item[1]), item[0].name))


def stale_by_municipality(services: list[Service]) -> list[tuple[str, int]]:
    """Return (municipality name, count of stale listings available there); national ones counted once."""
    counts = defaultdict(int)
    for service in services:
        for name in [m.name for m in service.areas] or [None]:
            counts[name] += 1
    return sorted(counts.items(), key=lambda item: (-item[1], item[0] or ""))
