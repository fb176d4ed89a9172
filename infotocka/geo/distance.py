"""Near-me: the origin a resident gives (coordinates or a place), distances and the radius filter."""
from bisect import bisect_right
from dataclasses import dataclass

from flask_babel import format_decimal, gettext as _
from geopy.distance import geodesic

from ..directory.loading import services_by_ids
from ..models import Location, Service

MAX_RADIUS_KM = 500.0
RADIUS_CHOICES = (5, 10, 20, 50)
BANDS_KM = (2, 5, 10, 20, 50, 100)  # near-me by relevance: the best match within each band of distance


class OriginError(ValueError):
    """A near-me request that cannot be answered; the message is for the resident."""


@dataclass(frozen=True)
class Origin:
    lat: float
    lon: float
    label: str  # "Trbovlje", "1420 Trbovlje", or "" for the browser's position
    precision: str  # "device" for the browser's position, else the gazetteer's precision
    radius_km: float | None = None


def _number(value, message: str) -> float:
    try:
        number = float(str(value).replace(",", "."))
    except (TypeError, ValueError):
        raise OriginError(message) from None
    if number != number or number in (float("inf"), float("-inf")):
        raise OriginError(message)
    return number


def parse_radius(value) -> float | None:
    """Return the radius in km, None for no limit; raise OriginError for nonsense."""
    if value in (None, ""):
        return None
    radius = _number(value, _("Polmer mora biti število kilometrov."))
    if not 0 < radius <= MAX_RADIUS_KM:
        raise OriginError(_("Polmer mora biti med 0 in %(max)d km.", max=int(MAX_RADIUS_KM)))
    return radius


def parse_origin(args) -> Origin | None:
    """Read `kraj` (a place, postcode or municipality) or `lat`+`lon`, and `radius_km`, from a mapping
    (the API's names; web pages pass theirs under these keys, geo/nearby.py).

    A typed place wins over coordinates, so a resident can change the place after using the position."""
    radius = parse_radius(args.get("radius_km"))
    place_text = (args.get("kraj") or "").strip()
    if place_text:
        return origin_of_place(place_text, radius)
    lat, lon = args.get("lat"), args.get("lon")
    if lat in (None, "") and lon in (None, ""):
        return None
    lat = _number(lat, _("Zemljepisna širina (lat) mora biti število."))
    lon = _number(lon, _("Zemljepisna dolžina (lon) mora biti število."))
    if not -90 <= lat <= 90 or not -180 <= lon <= 180:
        raise OriginError(_("Koordinate so zunaj dovoljenega obsega (lat od -90 do 90, lon od -180 do 180)."))
    return Origin(lat, lon, "", "device", radius)


def origin_of_place(text: str, radius_km: float | None = None) -> Origin:
    """Find a typed place with the gazetteer; raise OriginError when it is unknown."""
    from .gazetteer import GazetteerGeocoder

    found = GazetteerGeocoder().geocode(text[:200])
    if found is None:
        raise OriginError(_("Kraja »%(place)s« ne poznamo. Vpišite ime kraja, občine ali poštno številko.",
                            place=text[:100]))
    return Origin(found.latitude, found.longitude, found.address, found.raw["precision"], radius_km)


def location_point(location: Location) -> tuple[float, float] | None:
    """Return the point used for distances; a confidential address counts as its municipality's seat,
    an address without a point as its town's centre."""
    if location.location_type == "virtual":
        return None
    if not location.has_point:
        from .geocoding import town_place
        town = None if location.confidential else town_place(location)
        return (town.lat, town.lon) if town else None
    if not location.confidential:
        return location.latitude, location.longitude
    municipality = location.municipality
    if municipality is not None:
        return municipality.seat_lat, municipality.seat_lon
    return round(location.latitude, 1), round(location.longitude, 1)


def distance_km(service: Service, lat: float, lon: float) -> float | None:
    """Return the geodesic distance to the service's nearest placed location, or None."""
    points = [p for p in (location_point(loc) for loc in service.locations) if p]
    if not points:
        return None
    return min(geodesic((lat, lon), p).km for p in points)


def area_km(service: Service, lat: float, lon: float) -> float | None:
    """Return the distance to the nearest seat of the municipalities a service covers (None: it covers none)."""
    if not service.areas:
        return None
    return min(geodesic((lat, lon), (m.seat_lat, m.seat_lon)).km for m in service.areas)


def near(ids_or_services, lat: float, lon: float, radius_km: float | None = None, by_relevance: bool = False):
    """Sort services (or the ids of services, loaded with only what distances read) by distance from
    (lat, lon) and drop those beyond the radius.

    Return (placed, remote): placed is [(service, km)]; remote are the national services with no place at
    all (phone lines, online help), in the given order. A service without a point is placed at its address's
    town, else at the nearest seat of the municipalities it serves (help at home), so it never sinks below
    farther ones for lack of a point. One with neither a place nor a municipality, and not national (its
    areas are all abroad), is near no one and left out. Nearest first; with by_relevance, by distance bands
    (BANDS_KM) and the given (relevance) order within a band."""
    items = list(ids_or_services)
    services = services_by_ids(items, purpose="distance") if items and isinstance(items[0], str) else items
    placed, remote = [], []
    for position, service in enumerate(services):
        km = distance_km(service, lat, lon)
        by_area = km is None
        if by_area:
            km = area_km(service, lat, lon)
        if km is None:
            if service.is_national:
                remote.append(service)
        elif radius_km is None or km <= radius_km:
            placed.append((service, km, by_area, position))  # at equal distance, a place before an area
    placed.sort(key=lambda item: (bisect_right(BANDS_KM, item[1]), item[3]) if by_relevance else item[1:])
    return [(service, km) for service, km, *_ in placed], remote


def format_km(km: float | None) -> str:
    """Format a distance in the current locale ("3,2 km" in Slovene, "3.2 km" in English)."""
    if km is None:
        return ""
    return f"{format_decimal(round(km, 1), format='#,##0.0')} km"
