"""Near-me on the results page: the whole match list sorted by distance, then paged."""
from dataclasses import dataclass, replace

from .. import params
from ..directory.loading import services_by_ids
from ..models import Service
from ..search.base import EVERY_MATCH
from .distance import Origin, OriginError, near, parse_origin


@dataclass
class Nearby:
    origin: Origin
    placed: list[tuple[Service, float]]  # this page, nearest first
    remote: list[Service]  # phone lines and online help: the whole group, shown on the first page
    total: int  # placed + remote over all pages
    pages: int

    @property
    def services(self) -> list[Service]:
        return [s for s, _ in self.placed] + self.remote


def origin_or_error(args) -> tuple[Origin | None, str | None]:
    """Return the origin a web page asks for (kraj, or sirina+dolzina; polmer), or why it cannot be used."""
    try:
        return parse_origin({"kraj": args.get(params.PLACE), "lat": args.get(params.LAT),
                             "lon": args.get(params.LON), "radius_km": args.get(params.RADIUS)}), None
    except OriginError as exc:
        return None, str(exc)


def every_match(query):
    """Return the query asking for every match on one page: distance order needs all of them."""
    return replace(query, page=1, per_page=EVERY_MATCH)


def search_nearby(ids: list[str], query, origin: Origin) -> Nearby:
    """Sort every match (`ids`, from `every_match(query)`) by distance from `origin`; cut the page and load
    what the cards of that page show (phones, hours, …): distances need only areas and places."""
    placed, remote = near(ids, origin.lat, origin.lon, origin.radius_km, by_relevance=bool(query.text))
    per_page = query.per_page
    pages = max(1, -(-len(placed) // per_page))
    start = (query.page - 1) * per_page
    shown, shown_remote = placed[start:start + per_page], remote if query.page == 1 else []
    cards = {s.id: s for s in services_by_ids([s.id for s, _ in shown] + [s.id for s in shown_remote])}
    return Nearby(origin, [(cards[s.id], km) for s, km in shown], [cards[s.id] for s in shown_remote],
                  len(placed) + len(remote), pages)
