"""An offline geocoder over the shipped GURS geography, with geopy's `geocode` interface.

The index is built from the database tables and kept in memory, shared by every application of the
process whose geography tables hold the same rows (the tests' many apps, the workers' one)."""
import difflib
import re
import threading
from dataclasses import dataclass, field

from flask import current_app, has_app_context
from geopy.location import Location
from geopy.point import Point
from sqlalchemy.orm import Session

from ..extensions import db
from ..models import Municipality, PostalCode, Region, Settlement
from . import names

# Tiers order same-name places: a municipal seat first, then a municipality or region, then post-office
# villages, then other villages; within a tier the larger municipality wins.
SEAT, AREA, POST_OFFICE, VILLAGE = 3, 2, 1, 0
REGION_ALIASES = {"zasavje": "zasavska", "posavje": "posavska", "pomurje": "pomurska", "podravje": "podravska",
                  "dolenjska": "jugovzhodna slovenija", "notranjska": "primorsko notranjska",
                  "obala": "obalno kraska", "primorska": "obalno kraska", "koroska": "koroska"}
_POSTCODE = re.compile(r"^(?:si )?(\d{4})(?: (.*))?$")
_EXTENSION_KEY = "infotocka.gazetteer"
_WARMING = "infotocka.gazetteer.warming"
_lock = threading.Lock()
_built: dict[tuple, "Gazetteer"] = {}  # geography fingerprint → gazetteer, for the whole process


@dataclass(frozen=True)
class Place:
    kind: str  # settlement | municipality | postcode | region
    id: str
    name: str
    address: str
    lat: float
    lon: float
    municipality_id: int | None = None
    municipality: str | None = None
    postcode: str | None = None
    tier: int = VILLAGE
    population: int = 0

    @property
    def precision(self) -> str:
        return self.kind

    def to_location(self) -> Location:
        raw = {"precision": self.kind, "kind": self.kind, "id": self.id, "name": self.name,
               "municipality_id": self.municipality_id, "municipality": self.municipality,
               "postcode": self.postcode, "source": "gazetteer"}
        return Location(self.address, Point(self.lat, self.lon), raw)


@dataclass
class Gazetteer:
    exact: dict[str, list[Place]] = field(default_factory=dict)
    inflected: dict[str, list[Place]] = field(default_factory=dict)
    municipalities: dict[str, Place] = field(default_factory=dict)
    municipality_by_id: dict[int, Place] = field(default_factory=dict)
    postcodes: dict[str, Place] = field(default_factory=dict)
    settlements: list[Place] = field(default_factory=list)

    # building ---------------------------------------------------------------------------------
    def add(self, name: str, place: Place) -> None:
        for k in names.variants(name):
            self.exact.setdefault(k, []).append(place)

    def finish(self) -> None:
        """Add locative forms and sort every bucket best first."""
        for k, places in list(self.exact.items()):
            for form in names.inflections(k):
                self.inflected.setdefault(form, []).extend(places)
        for bucket in (*self.exact.values(), *self.inflected.values()):
            unique = {(p.kind, p.id): p for p in bucket}
            seats = {p.municipality_id for p in unique.values() if p.kind == "settlement" and p.tier == SEAT}
            kept = [p for p in unique.values() if not (p.kind == "municipality" and p.municipality_id in seats)]
            bucket[:] = sorted(kept, key=lambda p: (-p.tier, -p.population, p.name))

    # looking up -------------------------------------------------------------------------------
    def search(self, query: str) -> list[Place]:
        """Return the places a free-text query names, best first (empty when none)."""
        parts = [names.key(p) for p in re.split(r"[,;/\n]", query or "")]
        parts = [p for p in parts if p]
        postcode, towns = None, []
        for part in parts:
            match = _POSTCODE.match(part)
            if match and match.group(1) in self.postcodes:
                postcode = postcode or self.postcodes[match.group(1)]
                if match.group(2):
                    towns.append(match.group(2))
            elif not re.search(r"\d", part):  # a part with a house number is a street
                towns.append(part)
        if postcode:
            return self._with_postcode(postcode, towns)
        return self._towns(towns)

    def _towns(self, towns: list[str]) -> list[Place]:
        found = [self.lookup(t) for t in towns]
        if any(f and not fuzzy for f, fuzzy in found):  # a street name must not win by a typo match
            found = [(f, fuzzy) for f, fuzzy in found if not fuzzy]
        found = [f for f, _ in found if f]
        if not found:
            return []
        if len(found) > 1:  # "Izlake, Zagorje ob Savi": prefer places inside the municipality named after
            others = {p.municipality_id for f in found[1:] for p in f}
            inside = [p for p in found[0] if p.municipality_id in others]
            return inside or found[-1]
        return found[0]

    def _with_postcode(self, postcode: Place, towns: list[str]) -> list[Place]:
        for town in towns:
            candidates, _ = self.lookup(town)
            inside = [p for p in candidates if p.municipality_id == postcode.municipality_id]
            if inside:
                return inside
        return [postcode]

    def lookup(self, query_key: str) -> tuple[list[Place], bool]:
        """Return places for one name key (exact, without a preposition, inflected, then by a typo
        tolerant match) and whether the match was a guess."""
        muni = names.strip_municipality(query_key)
        if muni is not None:
            place = self.municipalities.get(muni)
            if place is None:
                found, _ = self.lookup(muni)
                place = self.municipality_by_id.get(found[0].municipality_id) if found else None
            return ([place] if place else []), False
        candidates = [query_key, *names.strip_leading(query_key)]
        for index in (self.exact, self.inflected):
            for candidate in candidates:
                if candidate in index:
                    return list(index[candidate]), False
        return self._fuzzy(query_key), True

    def _fuzzy(self, query_key: str) -> list[Place]:
        if len(query_key) < 5:
            return []
        close = difflib.get_close_matches(query_key, self.exact.keys(), n=1, cutoff=0.86)
        return list(self.exact[close[0]]) if close else []

    def nearest_settlement(self, lat: float, lon: float) -> Place | None:
        """Return the settlement whose centre point is closest (an equirectangular approximation)."""
        if not self.settlements:
            return None
        scale = 0.69  # cos(46°): a degree of longitude is shorter than one of latitude here
        return min(self.settlements, key=lambda p: (p.lat - lat) ** 2 + ((p.lon - lon) * scale) ** 2)


def build() -> Gazetteer:
    """Read the geography tables into a fresh gazetteer.

    It reads through a session of its own: the first use may come from inside another session's
    commit hook (the index following a change), where that session can no longer query."""
    with Session(db.engine) as session:
        return _build(session)


def _build(session: Session) -> Gazetteer:
    g = Gazetteer()
    munis = {m.id: m for m in session.scalars(db.select(Municipality))}
    post_offices = {pc.settlement_id for pc in session.scalars(db.select(PostalCode))}
    for m in munis.values():
        place = Place("municipality", str(m.id), m.name, m.display_name, m.seat_lat, m.seat_lon, m.id,
                      m.name, tier=AREA, population=m.population or 0)
        g.municipality_by_id[m.id] = place
        for name in {m.name, *(m.name_bilingual or "").split("/")} - {""}:
            g.municipalities[names.key(name)] = place
            g.add(name, place)
    rows = session.execute(db.select(Settlement.id, Settlement.name, Settlement.name_secondary,
                                     Settlement.municipality_id, Settlement.lat, Settlement.lon,
                                     Settlement.is_municipal_seat)).all()
    for sid, name, secondary, muni_id, lat, lon, seat in rows:
        m = munis[muni_id]
        tier = SEAT if seat else POST_OFFICE if sid in post_offices else VILLAGE
        address = name if names.key(name) == names.key(m.name) else f"{name}, {m.name}"
        place = Place("settlement", str(sid), name, address, lat, lon, muni_id, m.name,
                      tier=tier, population=m.population or 0)
        g.settlements.append(place)
        for label in filter(None, (name, secondary)):
            g.add(label, place)
            alias = names.short_alias(names.key(label))
            if alias and seat:
                g.add(alias, place)
    for pc in session.scalars(db.select(PostalCode)):
        m = munis.get(pc.municipality_id)
        g.postcodes[pc.code] = Place("postcode", pc.code, pc.post_office, f"{pc.code} {pc.post_office}",
                                     pc.lat, pc.lon, pc.municipality_id, m.name if m else None, pc.code,
                                     tier=POST_OFFICE, population=(m.population or 0) if m else 0)
    _add_regions(g, session)
    g.finish()
    return g


def _add_regions(g: Gazetteer, session: Session) -> None:
    by_key = {}
    for r in session.scalars(db.select(Region)):
        place = Place("region", str(r.id), r.name, r.name, r.lat, r.lon, tier=AREA, population=r.population)
        by_key[names.key(r.name)] = place
        g.add(r.name, place)
    for alias, target in REGION_ALIASES.items():
        if target in by_key:
            g.add(alias, by_key[target])


def get_gazetteer() -> Gazetteer:
    """Return this application's gazetteer, building it on first use (or taking the process's one
    built from the same geography)."""
    app = current_app._get_current_object()
    gazetteer = app.extensions.get(_EXTENSION_KEY)
    if gazetteer is None:
        with _lock:
            gazetteer = app.extensions.get(_EXTENSION_KEY)
            if gazetteer is None:
                with Session(db.engine) as session:
                    key = _fingerprint(session)
                    if key not in _built:
                        _built[key] = _build(session)
                gazetteer = app.extensions[_EXTENSION_KEY] = _built[key]
    return gazetteer


def _fingerprint(session: Session) -> tuple:
    """Say which geography the database holds: row counts and id sums of its four tables."""
    return tuple(session.execute(db.select(db.func.count(), db.func.coalesce(db.func.sum(getattr(table, key)), 0)))
                 .one() for table, key in ((Municipality, "id"), (Settlement, "id"), (Region, "id"),
                                           (PostalCode, "municipality_id")))


def warm_up(app) -> None:
    """Build the application's gazetteer in a background thread unless it has one, so that the first
    edit after a start (its new index document needs the place of its address) is not kept waiting."""
    app = getattr(app, "_get_current_object", lambda: app)()  # the thread needs the app, not the proxy
    if _EXTENSION_KEY in app.extensions or app.extensions.get(_WARMING):
        return
    app.extensions[_WARMING] = True

    def run():
        with app.app_context():
            try:
                get_gazetteer()
            except Exception:  # noqa: BLE001 - a warm-up must never fail anything; the first real use retries
                app.logger.warning("gazetteer warm-up failed", exc_info=True)

    threading.Thread(target=run, name="gazetteer-warm-up", daemon=True).start()


def reset_gazetteer() -> None:
    """Forget the cached index (after the geography tables were reseeded)."""
    if has_app_context():
        current_app.extensions.pop(_EXTENSION_KEY, None)
    with _lock:
        _built.clear()


class GazetteerGeocoder:
    """geopy-style geocoder: `geocode(query, exactly_one=True)` → `Location` | list | None."""

    def __init__(self, gazetteer: Gazetteer | None = None):
        self._gazetteer = gazetteer

    @property
    def gazetteer(self) -> Gazetteer:
        return self._gazetteer or get_gazetteer()

    def geocode(self, query, *, exactly_one=True, limit=None, **_ignored):
        places = self.gazetteer.search(str(query or ""))
        if not places:
            return None
        if exactly_one:
            return places[0].to_location()
        return [p.to_location() for p in places[:limit or None]]

    def reverse(self, query, *, exactly_one=True, **_ignored):
        point = Point(query)
        place = self.gazetteer.nearest_settlement(point.latitude, point.longitude)
        if place is None:
            return None
        return place.to_location() if exactly_one else [place.to_location()]
