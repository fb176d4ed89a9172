"""The search façade: views and the API call `search`; the engine behind it can change."""
import logging
from dataclasses import replace

from .base import FACETS, SearchQuery, SearchResult

log = logging.getLogger(__name__)


def search(query: SearchQuery) -> SearchResult:
    """Return the ids (best first), total and facet counts of the services matching a query.

    The Whoosh engine answers; should its index be unusable beyond repair, the simple
    database engine answers instead, so a resident never sees a search error.
    """
    from . import engine, simple
    query, understood = _with_place(query)
    try:
        result = engine.run(query)
    except Exception:
        log.exception("Whoosh search failed; falling back to the database engine")
        result = simple.search(query)
    return replace(result, place=understood, text=query.text)


def _with_place(query: SearchQuery):
    """Take the place named in the text as the resident's place; add its region's municipalities."""
    from ..directory.csd import competent_unit, names_a_right
    from .place import region_of, understand
    understood = None
    if query.find_place and query.place is None and query.text:
        understood, rest = understand(query.text)
        if understood is not None:
            query = replace(query, text=rest, place=understood.municipality_id)
    home = query.municipality if query.municipality is not None else query.place
    if home is not None and not query.place_region:
        query = replace(query, place_region=region_of(home))
    if query.find_place or "open" in query.trait:  # residents' pages count and filter "Odprto zdaj"
        from ..directory.open_now import open_service_ids
        query = replace(query, open_ids=open_service_ids())
    if home is not None and (query.find_place or query.place is not None) and names_a_right(query.text):
        unit = competent_unit(home)  # rights are claimed at the CSD unit of one's residence
        if unit and unit.organization:
            query = replace(query, first_org=unit.organization.id)
    return query, understood


__all__ = ["FACETS", "SearchQuery", "SearchResult", "search"]
