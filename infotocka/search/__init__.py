"""The search façade: views and the API call `search`; the engine behind it can change."""
import logging

from .base import FACETS, SearchQuery, SearchResult

log = logging.getLogger(__name__)


def search(query: SearchQuery) -> SearchResult:
    """Return the ids (best first), total and facet counts of the services matching a query.

    The Whoosh engine answers; should its index be unusable beyond repair, the simple
    database engine answers instead, so a resident never sees a search error.
    """
    from . import engine, simple
    try:
        return engine.run(query)
    except Exception:
        log.exception("Whoosh search failed; falling back to the database engine")
        return simple.search(query)


__all__ = ["FACETS", "SearchQuery", "SearchResult", "search"]
