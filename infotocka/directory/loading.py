"""Loading services with what their readers use, in one query per collection (a single related row, such as
a service's provider or a location's municipality and region, comes in the same query): the loader options of each
purpose and the one "load these ids in this order" (pages, cards, slips, search documents, coverage, distances,
HSDS)."""
from sqlalchemy.orm import joinedload, selectinload

from ..extensions import db
from ..models import Location, Municipality, Organization, Service, ServiceAtLocation

DESCRIBED = ("organization", "terms", "areas", "places")  # what a listing is, who offers it and where
PURPOSES = {
    "card": (*DESCRIBED, "contacts"),  # cards, service pages, slips: everything shown, phones and hours too
    "hsds": (*DESCRIBED, "contacts", "organization_phones"),  # the HSDS export and API
    "index": DESCRIBED,  # search documents and embedded texts: no phones or hours
    "coverage": DESCRIBED,  # coverage and freshness: terms, areas, places, the provider type
    "distance": ("areas", "places"),  # near-me: where a service is and whom it serves, nothing shown
    "unit": ("provider", "phones"),  # a card's other units: each unit's provider and first phone
}


def _location():
    return selectinload(Service.service_at_locations).joinedload(ServiceAtLocation.location)


PARTS = {  # part of a purpose → its loader options
    "organization": lambda: [joinedload(Service.organization).selectinload(Organization.terms)],
    "organization_phones": lambda: [joinedload(Service.organization).selectinload(Organization.phones)],
    "provider": lambda: [joinedload(Service.organization)],
    "phones": lambda: [selectinload(Service.phones)],
    "terms": lambda: [selectinload(Service.terms)],
    "areas": lambda: [selectinload(Service.areas).joinedload(Municipality.region)],
    "contacts": lambda: [selectinload(Service.phones), selectinload(Service.schedules)],
    "places": lambda: [_location().selectinload(Location.addresses),
                       _location().joinedload(Location.municipality).joinedload(Municipality.region)],
}


def service_loads(purpose: str = "card") -> tuple:
    """Return loader options for what one purpose (PURPOSES) reads of a service."""
    return tuple(option for part in PURPOSES[purpose] for option in PARTS[part]())


def services_by_ids(ids: list[str], *, purpose: str = "card", session=None) -> list[Service]:
    """Load the services with these ids with what `purpose` reads; return them in the order of `ids`, leaving
    out unknown ones."""
    if not ids:
        return []
    query = db.select(Service).where(Service.id.in_(ids)).options(*service_loads(purpose))
    found = {s.id: s for s in (session or db.session).scalars(query)}
    return [found[i] for i in dict.fromkeys(ids) if i in found]
