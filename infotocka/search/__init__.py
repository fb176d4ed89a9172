"""The search façade: views and the API call `search`; the engine behind it can change."""
from dataclasses import replace

from .base import FACETS, SearchQuery, SearchResult, SearchUnavailable


def search(query: SearchQuery) -> SearchResult:
    """Return the ids (best first), total and facet counts of the services matching a query.

    Raise SearchUnavailable while the index is rebuilt and no previous generation can answer;
    the error handlers show an honest "iskanje se obnavlja" page (503) with the emergency
    numbers and helplines. There is no second engine with different results.
    """
    from . import engine
    query, understood = _with_place(query)
    return replace(engine.run(query), place=understood, text=query.text)


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


def warm_up(app) -> None:
    """Do before the first request what the first searches would: read the thesaurus and crisis files,
    open the index and build its per-segment tables, load the word dictionaries, the semantic vectors and
    the model.

    The web entry point (wsgi.py) calls it at start, so the first resident after a restart or a
    deploy is not the one who waits. It counts nothing in the demand log; a missing index starts
    its rebuild here instead of at the first search; a failure is logged and left to that search.
    """
    from ..extensions import db
    from .analysis import load_dictionaries
    with app.app_context():
        try:
            load_dictionaries()
            for query in WARM_UP:
                search(query)
        except SearchUnavailable:
            pass
        except Exception:  # noqa: BLE001 - a warm-up must never stop the app from starting
            app.logger.warning("search warm-up failed", exc_info=True)
        finally:
            db.session.remove()


# What residents search first: words with a place, a need with a target group, a story.
WARM_UP = (SearchQuery(text="pomoč na domu v Trbovljah", find_place=True, collapse=True),
           SearchQuery(text="nasilje", target_group=["zrtve-nasilja"], collapse=True),
           SearchQuery(text="mama je po kapi in ne zmorem več sama, kdo bi lahko pomagal", collapse=True))


def index_health() -> dict | None:
    """Return the state of a running or failed index rebuild of this host (for staff), or None."""
    from flask import current_app

    from . import rebuilder
    return rebuilder.health(current_app)


__all__ = ["FACETS", "SearchQuery", "SearchResult", "SearchUnavailable", "index_health", "search", "warm_up"]
