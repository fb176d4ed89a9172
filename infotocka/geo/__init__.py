"""Places: the offline gazetteer, the optional Nominatim geocoder, distances and map data."""
from .distance import format_km, near
from .gazetteer import GazetteerGeocoder, get_gazetteer, reset_gazetteer
from .geocoding import fill_coordinates, geocode, get_geocoder, is_approximate

__all__ = ["GazetteerGeocoder", "fill_coordinates", "format_km", "geocode", "get_gazetteer", "get_geocoder",
           "is_approximate", "near", "reset_gazetteer"]
