"""Municipality and region pages: each service once, grouped by kind of help, each group capped.

The page stays small at any directory size: ids and kinds are read in two light queries (or the
search façade), and only the services shown are loaded."""
from dataclasses import dataclass

from .. import params
from ..directory import queries
from ..extensions import db
from ..models import KINDS_OF_HELP, Municipality, Region, Service, TaxonomyTerm, service_term
from ..search import SearchQuery, search
from ..search.base import EVERY_MATCH

GROUP_CAP = 6  # services shown per kind of help; the rest are one link away (the search page)
GENERIC = frozenset({"informiranje-svetovanje", "prostovoljstvo", "preventiva"})  # a service's kind only when
# it has no other ("SOS telefon" is a helpline first, though it also informs)


@dataclass
class Group:
    term: TaxonomyTerm | None  # None: services with no kind of help
    services: list[Service]  # the first GROUP_CAP, most useful first
    total: int
    more_args: dict  # search page arguments listing the whole group


def _primary_kinds(condition) -> dict[str, str]:
    """Return service id → its kind of help: the first in taxonomy order, generic kinds last."""
    rows = db.session.execute(
        db.select(service_term.c.service_id, TaxonomyTerm.code, TaxonomyTerm.position)
        .join(TaxonomyTerm, TaxonomyTerm.code == service_term.c.term_code)
        .join(Service, Service.id == service_term.c.service_id)
        .where(TaxonomyTerm.taxonomy == KINDS_OF_HELP, queries.visible(), condition))
    best: dict[str, tuple[int, str]] = {}
    for service_id, code, position in rows:
        position += 1000 if code in GENERIC else 0
        if service_id not in best or position < best[service_id][0]:
            best[service_id] = (position, code)
    return {service_id: code for service_id, (_, code) in best.items()}


def _groups(ranked: list[str], kinds: dict[str, str], area_args: dict) -> list[Group]:
    terms = queries.terms(KINDS_OF_HELP)
    members: dict[str | None, list[str]] = {}
    for service_id in ranked:
        members.setdefault(kinds.get(service_id), []).append(service_id)
    shown = queries.services_by_ids([i for ids in members.values() for i in ids[:GROUP_CAP]])
    by_id = {s.id: s for s in shown}
    order = [*terms, None]
    out = []
    for term in order:
        ids = members.get(term.code if term else None, [])
        if ids:
            more = {**area_args, params.KIND: term.code} if term else area_args
            out.append(Group(term, [by_id[i] for i in ids[:GROUP_CAP] if i in by_id], len(ids), more))
    return out


def municipality_groups(municipality: Municipality) -> tuple[list[Group], int]:
    """Return the kinds of help for a municipality's residents (located there first, then those serving
    it, then national ones) and the number of services."""
    ranked = search(SearchQuery(municipality=municipality.id, per_page=EVERY_MATCH)).ids
    if municipality not in db.session:  # a rebuild of the index on this request cleared the session
        db.session.add(municipality)
    kinds = _primary_kinds(queries.available_in_any([municipality.id]))
    return _groups(ranked, kinds, {params.MUNICIPALITY: municipality.slug}), len(ranked)


def region_groups(region: Region) -> tuple[list[Group], int]:
    """Return the kinds of help in a region (regional and local services first, national ones last)."""
    condition = queries.available_in_any(m.id for m in region.municipalities)
    rows = db.session.execute(db.select(Service.id, Service.name, Service.is_national.label("national"))
                              .where(queries.visible(), condition))
    ranked = [r.id for r in sorted(rows, key=lambda r: (bool(r.national), queries.slovene_key(r.name), r.id))]
    return _groups(ranked, _primary_kinds(condition), {}), len(ranked)
