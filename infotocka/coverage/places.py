"""Where a service is located: the municipalities of its public, physical locations."""
from ..models import Location, Service


def location_municipality(location: Location) -> int | None:
    """Return the municipality a location lies in: stored, else from its point or address."""
    if location.municipality_id:
        return location.municipality_id
    try:
        from ..geo.gazetteer import get_gazetteer
        gazetteer = get_gazetteer()
    except ImportError:  # pragma: no cover - the gazetteer ships with the app
        return None
    if location.has_point:
        place = gazetteer.nearest_settlement(location.latitude, location.longitude)
        return place.municipality_id if place else None
    address = location.address
    if address and (address.city or address.postal_code):
        places = gazetteer.search(", ".join(p for p in (address.postal_code, address.city) if p))
        return places[0].municipality_id if places else None
    return None


def location_municipalities(service: Service, cache: dict | None = None) -> set[int]:
    """Return the municipalities where a service has a public, physical location.

    `cache` (location id → municipality id), shared across the services of one report, saves
    repeating gazetteer lookups for locations several services share."""
    found = set()
    for location in service.locations:
        if location.confidential or location.location_type == "virtual":
            continue  # a safe house must not be placed, and a phone line is not anywhere
        if cache is None:
            municipality_id = location_municipality(location)
        elif location.id in cache:
            municipality_id = cache[location.id]
        else:
            municipality_id = cache[location.id] = location_municipality(location)
        if municipality_id:
            found.add(municipality_id)
    return found
