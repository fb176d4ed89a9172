"""The search façade: views and the API call `search`; the engine behind it can change."""
from .base import FACETS, SearchQuery, SearchResult, SearchUnavailable


def search(query: SearchQuery) -> SearchResult:
    """Return the ids (best first), total and facet counts of the services matching a query.

    Raise SearchUnavailable while the index is rebuilt and no previous generation can answer;
    the error handlers show an honest "iskanje se obnavlja" page (503) with the emergency
    numbers and helplines. There is no second engine with different results.
    """
    from . import engine
    return engine.run(query)


def index_health() -> dict | None:
    """Return the state of a running or failed index rebuild of this host (for staff), or None."""
    from flask import current_app

    from . import rebuilder
    return rebuilder.health(current_app)


__all__ = ["FACETS", "SearchQuery", "SearchResult", "SearchUnavailable", "index_health", "search"]
