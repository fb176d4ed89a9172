"""The configured geocoder, and filling a location's coordinates from its address."""
import logging

from flask import current_app

from ..models import Location
from .gazetteer import GazetteerGeocoder, get_gazetteer
from .nominatim import CachedNominatim, client_for

log = logging.getLogger(__name__)
_EXTENSION_KEY = "infotocka.geocoder"
# Our precision scale → Location.geo_precision (which also knows "building" from imported data).
STORED_PRECISION = {"settlement": "settlement_centre", "postcode": "postcode", "municipality": "municipality",
                    "address": "address", "street": "street"}
APPROXIMATE = frozenset({"settlement_centre", "postcode", "municipality"})


def get_geocoder():
    """Return the application's geocoder: the gazetteer, or Nominatim backed by the gazetteer."""
    app = current_app._get_current_object()
    geocoder = app.extensions.get(_EXTENSION_KEY)
    if geocoder is None:
        gazetteer = GazetteerGeocoder()
        if app.config["GEOCODER"] == "nominatim":
            client = client_for(app.config["NOMINATIM_URL"], app.config["NOMINATIM_USER_AGENT"],
                                float(app.config["NOMINATIM_TIMEOUT"]))
            geocoder = CachedNominatim(client, gazetteer,
                                       min_delay=float(app.config["NOMINATIM_MIN_DELAY"]))
        else:
            geocoder = gazetteer
        app.extensions[_EXTENSION_KEY] = geocoder
    return geocoder


def geocode(query: str, *, exactly_one: bool = True):
    """Geocode with the configured geocoder (geopy interface)."""
    return get_geocoder().geocode(query, exactly_one=exactly_one)


def address_query(location: Location) -> tuple[str, bool]:
    """Return the text to geocode for a location and whether it names a street."""
    address = location.address
    if address is None:
        return "", False
    return address.one_line(), bool(address.address_1)


def fill_coordinates(location: Location) -> None:
    """Fill missing coordinates, precision and municipality of a location; never raise."""
    try:
        _fill(location)
    except Exception:  # geocoding must never block an import or a save
        log.warning("geocoding location %s failed", getattr(location, "id", None), exc_info=True)


def _fill(location: Location) -> None:
    if location.location_type == "virtual":
        return
    if location.has_point:
        if location.municipality_id is None:
            nearest = get_gazetteer().nearest_settlement(location.latitude, location.longitude)
            location.municipality_id = nearest.municipality_id if nearest else None
        return
    query, has_street = address_query(location)
    if not query:
        return
    # A town alone is answered as well offline; only street addresses are worth an online request.
    geocoder = get_geocoder() if has_street else GazetteerGeocoder()
    found = geocoder.geocode(query)
    if found is None or found.raw.get("precision") == "region":
        return
    location.latitude, location.longitude = found.latitude, found.longitude
    location.geo_precision = STORED_PRECISION.get(found.raw["precision"], found.raw["precision"])
    if location.municipality_id is None:
        location.municipality_id = found.raw.get("municipality_id")


def is_approximate(location: Location) -> bool:
    """Whether a location's point is only a town (or postcode, municipality) centre."""
    return location.has_point and location.geo_precision in APPROXIMATE


def town_place(location: Location):
    """Return the gazetteer place of a location's town (postcode and settlement, never the street), or None.

    Places a listing that has an address but no point or municipality (imported as published)."""
    address = location.address
    if address is None or location.location_type == "virtual":
        return None
    town = " ".join(p for p in (address.postal_code, address.city) if p)
    found = get_gazetteer().search(town) if town else []
    return next((p for p in found if p.municipality_id is not None), None)


def located_municipality_id(location: Location) -> int | None:
    """Return the municipality a location is in: stored, else that of its address's town."""
    if location.municipality_id is not None:
        return location.municipality_id
    place = town_place(location)
    return place.municipality_id if place else None
