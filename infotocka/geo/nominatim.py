"""Nominatim through geopy, rate-limited and cached in the database; the gazetteer answers when it fails."""
import logging
from functools import partial
from urllib.parse import urlsplit

from geopy.adapters import RequestsAdapter, URLLibAdapter
from geopy.exc import GeopyError
from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders import Nominatim
from geopy.location import Location
from geopy.point import Point

from ..extensions import db
from ..models import GeocodeCache
from . import names

log = logging.getLogger(__name__)
PROVIDER = "nominatim"
_SETTLEMENT_TYPES = {"city", "town", "village", "hamlet", "suburb", "neighbourhood", "quarter", "isolated_dwelling"}


def client_for(url: str, user_agent: str, timeout: float) -> Nominatim:
    """Return a geopy Nominatim client for a server URL ("https://nominatim.example.org/sub")."""
    parts = urlsplit(url if "//" in url else f"https://{url}")
    domain = parts.netloc + parts.path.rstrip("/")
    return Nominatim(user_agent=user_agent, domain=domain, scheme=parts.scheme or "https", timeout=timeout,
                     adapter_factory=_adapter_factory())


def _adapter_factory():
    """One attempt per request: a slow server must not hold an import for several timeouts."""
    try:
        import requests  # noqa: F401
    except ImportError:
        return URLLibAdapter
    return partial(RequestsAdapter, max_retries=0)


def precision_of(raw: dict) -> str:
    """Map a Nominatim result to our precision scale (address, street, settlement, postcode, municipality)."""
    address = raw.get("address") or {}
    kind = raw.get("addresstype") or raw.get("type") or ""
    if address.get("house_number") or kind in ("house", "building"):
        return "address"
    if kind in ("road", "street") or (address.get("road") and kind not in _SETTLEMENT_TYPES):
        return "street"
    if kind == "postcode":
        return "postcode"
    if kind in ("municipality", "administrative", "county"):
        return "municipality"
    return "settlement"


class CachedNominatim:
    """geopy-style geocoder asking a Nominatim server, falling back to `fallback` on any failure."""

    def __init__(self, client: Nominatim, fallback, *, min_delay: float = 1.0):
        self.client = client
        self.fallback = fallback
        self._ask = RateLimiter(client.geocode, min_delay_seconds=min_delay, max_retries=0,
                                swallow_exceptions=False)

    def geocode(self, query, *, exactly_one=True, **_ignored):
        results = self._cached(query)
        if results is None:
            try:
                found = self._ask(query, exactly_one=False, limit=5, country_codes="si", addressdetails=True)
            except (GeopyError, OSError, ValueError) as exc:
                log.warning("Nominatim failed for %r (%s); the gazetteer answers", query, exc)
                return self.fallback.geocode(query, exactly_one=exactly_one)
            results = [self._result(loc) for loc in found or []]
            self._store(query, results)
        if not results:
            return self.fallback.geocode(query, exactly_one=exactly_one)
        locations = [Location(r["address"], Point(r["lat"], r["lon"]), r["raw"]) for r in results]
        return locations[0] if exactly_one else locations

    def _result(self, loc: Location) -> dict:
        nearest = self.fallback.gazetteer.nearest_settlement(loc.latitude, loc.longitude)
        raw = {"precision": precision_of(loc.raw), "source": PROVIDER, "osm_type": loc.raw.get("osm_type"),
               "osm_id": loc.raw.get("osm_id"), "postcode": (loc.raw.get("address") or {}).get("postcode"),
               "municipality_id": nearest.municipality_id if nearest else None,
               "municipality": nearest.municipality if nearest else None}
        return {"address": loc.address, "lat": loc.latitude, "lon": loc.longitude, "raw": raw}

    @staticmethod
    def _key(query) -> str:
        return f"{PROVIDER}:{names.key(str(query))}"[:300]

    def _cached(self, query) -> list | None:
        row = db.session.get(GeocodeCache, self._key(query))
        return None if row is None else row.results

    def _store(self, query, results: list) -> None:
        """Add the answer to the session; the caller's commit (import, edit) keeps it."""
        db.session.add(GeocodeCache(query_key=self._key(query), provider=PROVIDER, results=results))
