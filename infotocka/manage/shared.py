"""Locations shared by several organizations' services (a community centre, a municipal building).

A location row belongs to every service that uses it, so changing its address through one listing
changes the others too. The rule: an editor may not change a location another organization's
services use (they ask staff); staff may, and the change is audited on every other service it reaches."""
from dataclasses import dataclass

from flask_babel import _

from ..directory.hsds_export import location_to_hsds
from ..extensions import db
from ..models import Location, Service, ServiceAtLocation
from ..audit import record_event
from .hsds_form import location_row


@dataclass
class SharedChange:
    location: Location
    before: dict  # the location as exported before the change
    others: list[Service]  # services of other organizations at this location


def _others(location_id: str, organization_id: str) -> list[Service]:
    return list(db.session.scalars(
        db.select(Service).join(ServiceAtLocation, ServiceAtLocation.service_id == Service.id)
        .where(ServiceAtLocation.location_id == location_id, Service.organization_id != organization_id)
        .order_by(Service.name)))


def _editable(location: dict) -> dict:
    # "" and None are the same unknown value (the export gives required HSDS members as "")
    return {k: None if v == "" else v for k, v in location_row({"location": location}).items() if k != "id"}


def shared_location_changes(record: dict) -> list[SharedChange]:
    """Return the existing locations this service record changes that other organizations' services use too."""
    organization_id = (record.get("organization") or {}).get("id")
    changes = []
    for sal in record.get("service_at_locations") or ():
        proposed = sal.get("location") or {}
        location = db.session.get(Location, proposed.get("id")) if proposed.get("id") else None
        if location is None:
            continue
        before = location_to_hsds(location, public=False)
        if _editable(before) != _editable(proposed):
            others = _others(location.id, organization_id)
            if others:
                changes.append(SharedChange(location, before, others))
    return changes


def shared_location_message(changes: list[SharedChange]) -> str:
    """Explain to an editor why a shared location's change is refused."""
    names = ", ".join(sorted({s.name for c in changes for s in c.others}))
    return _("Lokacijo »%(location)s« uporabljajo tudi storitve drugih organizacij (%(services)s). Njenega "
             "naslova ali opisa ne morete spremeniti sami, ker bi s tem spremenili tudi njihove vnose: prosite "
             "osebje Infotočke. Vaše spremembe niso shranjene, so pa ohranjene v obrazcu.",
             location=changes[0].location.name or changes[0].location.id, services=names)


def audit_shared_changes(changes: list[SharedChange], user) -> None:
    """Record a staff change of a shared location on every other service it reached (the caller commits)."""
    for change in changes:
        after = location_to_hsds(change.location, public=False)
        for service in change.others:
            record_event("service", service.id, "update", user, "location",
                         {"location": change.before}, {"location": after})
