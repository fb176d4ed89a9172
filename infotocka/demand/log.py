"""Write the demand log: each search or enquiry adds one to aggregate counters, nothing more.

Every write is an upsert (INSERT … ON CONFLICT DO UPDATE, on SQLite and PostgreSQL alike) in
its own short transaction on its own connection, so it never joins the request's session; a
search is counted after its response has been sent, and a failure is logged and swallowed: a
resident's search never breaks or waits because of the log.
"""
import hashlib
import hmac
import logging
import re
from dataclasses import dataclass
from datetime import date

from flask import after_this_request, current_app, g, request
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import selectinload

from ..coverage.matrix import SCOPES, scope_in
from ..coverage.places import location_municipalities
from ..extensions import db
from ..models import DemandCount, Location, Service, ServiceAtLocation, UnmatchedSearch
from ..models.demand import NO_NEED, UNKNOWN_PLACE
from ..search.base import SearchQuery, SearchResult
from ..text import fold
from .outcomes import DESK_OUTCOMES
from .requests import is_new_search

KEEP_TEXT_DAYS = 5  # a text no need was understood from is kept once this many days of a month saw it
MAX_TEXT = 200
MAX_SHOWN = 100  # the services judged for the outcome: at most one API page

log = logging.getLogger(__name__)


def enabled() -> bool:
    return bool(current_app.config["DEMAND_LOG"])


def _insert(conn):
    return (postgresql if conn.dialect.name == "postgresql" else sqlite).insert


def _short(conn) -> None:
    """Keep a contended write from holding up the request for long."""
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql("SET LOCAL statement_timeout = 500")


def count(needs: list[str], municipality: int | None, outcome: str, channel: str, day: date | None = None) -> None:
    """Add one to the counter of each need (NO_NEED when none) for the day, place, outcome and channel."""
    table = DemandCount.__table__
    rows = [{"day": day or date.today(), "municipality": municipality or UNKNOWN_PLACE, "need": need,
             "outcome": outcome, "channel": channel, "count": 1} for need in (needs or [NO_NEED])]
    with db.engine.begin() as conn:
        _short(conn)
        stmt = _insert(conn)(table)
        conn.execute(stmt.on_conflict_do_update(
            index_elements=[c.name for c in table.primary_key], set_={"count": table.c.count + stmt.excluded.count}),
            rows)


def normalise(text: str) -> str | None:
    """Return the folded words of a query, or None when it must never be kept (digits: phones, EMŠO)."""
    if re.search(r"\d|@", text):
        return None
    words = " ".join(re.findall(r"\w+", fold(text)))[:MAX_TEXT]
    return words if len(words) > 1 else None


def _digest(month: str, text: str) -> str:
    key = hmac.new(current_app.config["SECRET_KEY"].encode(), b"infotocka-demand-log", hashlib.sha256).digest()
    return hmac.new(key, f"{month}\x00{text}".encode(), hashlib.sha256).hexdigest()


def note_unmatched(text: str, day: date | None = None) -> None:
    """Mark a day of the month on the keyed hash of a text; keep the text once 5 days saw it."""
    words = normalise(text)
    if words is None:
        return
    day = day or date.today()
    month = day.strftime("%Y-%m")
    table, key = UnmatchedSearch.__table__, {"month": month, "digest": _digest(month, words)}
    with db.engine.begin() as conn:
        _short(conn)
        stmt = _insert(conn)(table).values(**key, days=1 << (day.day - 1), searches=1)
        upsert = stmt.on_conflict_do_update(index_elements=["month", "digest"], set_={
            "days": table.c.days.op("|")(stmt.excluded.days), "searches": table.c.searches + 1})
        days, searches = conn.execute(upsert.returning(table.c.days, table.c.searches)).one()
        if bin(days).count("1") >= KEEP_TEXT_DAYS:
            conn.execute(table.update().where(table.c.month == month, table.c.digest == key["digest"],
                                              table.c.text.is_(None)).values(text=words))
        if searches == 1:  # a new month's first rows: forget what earlier months never saw on 5 days
            conn.execute(table.delete().where(table.c.month < month, table.c.text.is_(None)))


_PLACES: dict[str, tuple] = {}  # location id → (what placed it, municipality), shared by a process's requests
MAX_PLACES = 50_000


def _signature(location: Location) -> tuple:
    address = location.address
    return (location.municipality_id, location.latitude, location.longitude,
            address.postal_code if address else None, address.city if address else None)


def _located_in(service: Service) -> set[int]:
    """Return coverage's located-in municipalities of a service, remembering gazetteer answers per location.

    A location is placed again when its municipality, point or address changed since."""
    known = {loc.id: _PLACES[loc.id][1] for loc in service.locations
             if loc.id in _PLACES and _PLACES[loc.id][0] == _signature(loc)}
    found = location_municipalities(service, known)
    if len(_PLACES) > MAX_PLACES:
        _PLACES.clear()
    _PLACES.update({loc.id: (_signature(loc), known[loc.id]) for loc in service.locations if loc.id in known})
    return found


def _shown_services(ids: list[str]) -> list[Service]:
    query = db.select(Service).where(Service.id.in_(ids[:MAX_SHOWN]), Service.status == "active").options(
        selectinload(Service.areas),
        selectinload(Service.service_at_locations).selectinload(ServiceAtLocation.location)
        .selectinload(Location.addresses))
    return list(db.session.scalars(query))


def search_outcome(ids: list[str], total: int, municipality: int | None) -> str:
    """Return what the resident found for their municipality among the services shown (coverage's scopes)."""
    if not total or not ids:
        return "none"
    if municipality is None:
        return "found"
    scopes = {scope_in(s, municipality, _located_in(s)) for s in _shown_services(ids)}
    return next((scope for scope in SCOPES if scope in scopes), "none")


def _understood_place(result: SearchResult) -> int | None:
    """Return the municipality of a place the search understood in the text ("dom za starejše Litija")."""
    return getattr(result.place, "municipality_id", None)


@dataclass(frozen=True)
class Counted:
    """What one first-page search adds to the log: its needs, place and the services it showed
    (no text, unless no need was understood: then the text may be kept as unmatched)."""
    needs: tuple[str, ...]
    place: int | None
    shown: tuple[str, ...]
    total: int
    unmatched: str = ""


def what_to_count(query: SearchQuery, result: SearchResult, municipality: int | None = None,
                  shown: list[str] | None = None) -> Counted | None:
    """Return what a search adds to the log (None when it says nothing: no text, group or kind)."""
    if not (query.text.strip() or query.target_group or query.kind):
        return None
    place = next((p for p in (municipality, query.municipality, query.place, _understood_place(result))
                  if p is not None), None)
    shown = result.ids[:query.per_page] if shown is None else shown
    return Counted(tuple(result.needs), place, tuple(shown[:MAX_SHOWN]), result.total,
                   "" if result.needs else query.text.strip())


def count_search(counted: Counted, channel: str) -> None:
    """Count one first-page search (callers check it is one); never raise."""
    if not enabled():
        return
    try:
        count(list(counted.needs), counted.place, search_outcome(list(counted.shown), counted.total, counted.place),
              channel)
        if counted.unmatched:
            note_unmatched(counted.unmatched)
    except Exception:  # the log must never cost a resident their search
        log.exception("demand log: could not count a search")


def record_enquiry(needs: list[str], municipality: int, outcome: str) -> None:
    """Count one enquiry at the info point (staff tally); errors reach the staff member."""
    if outcome not in DESK_OUTCOMES:
        raise ValueError(outcome)
    count(sorted(set(needs)), municipality, outcome, "desk")


def record_request_search(query: SearchQuery, result: SearchResult, channel: str, **options) -> None:
    """Count the search of the current request when it is a new look at its first page.

    What it counts is kept on `g.demand` for the page cache (pagecache.py), which counts a
    cached answer's search the same way. The counting runs once the response has been sent
    (when the server closes it), so the resident never waits for it."""
    if enabled() and query.page == 1:
        g.demand = (what_to_count(query, result, **options), channel)
        count_request_search(*g.demand)


def count_request_search(counted: Counted | None, channel: str) -> None:
    """Count `counted` after the response when the current request is a new look at a first page."""
    if counted is None or not enabled() or not is_new_search(request, 1):
        return
    app = current_app._get_current_object()

    def count_it() -> None:
        with app.app_context():
            count_search(counted, channel)

    @after_this_request
    def _later(response):
        response.call_on_close(count_it)
        return response
