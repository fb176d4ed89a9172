"""Loading services with what their readers use, in one query per relation: the one set of loader options
and the one "load these ids in this order" (pages, cards, slips, search documents, coverage, distances, HSDS)."""
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..models import Location, Municipality, Organization, Service, ServiceAtLocation


def service_loads(*, hsds: bool = False) -> tuple:
    """Return loader options for everything a card, page, slip, index document, coverage count or distance
    reads of a service; with `hsds`, also what the HSDS export reads (the organization's phones)."""
    org = selectinload(Service.organization)
    location = selectinload(Service.service_at_locations).selectinload(ServiceAtLocation.location)
    options = [org.selectinload(Organization.terms), selectinload(Service.terms),
               selectinload(Service.areas).selectinload(Municipality.region),
               selectinload(Service.phones), selectinload(Service.schedules),
               location.selectinload(Location.addresses),
               location.selectinload(Location.municipality).selectinload(Municipality.region)]
    if hsds:
        options.append(org.selectinload(Organization.phones))
    return tuple(options)


def services_by_ids(ids: list[str], *, hsds: bool = False, session=None) -> list[Service]:
    """Load the services with these ids and return them in the order of `ids`, leaving out unknown ones."""
    if not ids:
        return []
    query = db.select(Service).where(Service.id.in_(ids)).options(*service_loads(hsds=hsds))
    found = {s.id: s for s in (session or db.session).scalars(query)}
    return [found[i] for i in dict.fromkeys(ids) if i in found]
