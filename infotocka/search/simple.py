"""The first search engine: plain SQLAlchemy filters plus folded substring matching in Python.

Filters run in SQL; every word of the text must occur (case- and diacritic-insensitive)
in the service's name, description, eligibility or its organization's name. Facet
counts cover the whole filtered set; the order is deterministic."""
from collections import Counter

from ..directory.queries import available_in_any, visible
from ..extensions import db
from ..models import Organization, Service, TaxonomyTerm, organization_term, service_area, service_term
from ..text import fold
from .base import SearchQuery, SearchResult
from .crisis import BY_CODE, detect
from .priority import MAX_CRISIS

WEIGHTS = {"name": 3, "organization": 2, "text": 1}


def _conditions(query: SearchQuery) -> list:
    conditions = [] if query.include_inactive else [visible()]
    if query.municipality is not None:
        conditions.append(available_in_any([query.municipality]))
    if query.organization_id:
        conditions.append(Service.organization_id == query.organization_id)
    for code in [*query.target_group, *query.kind]:
        conditions.append(Service.terms.any(TaxonomyTerm.code == code))
    for code in query.provider_type:
        conditions.append(Service.organization.has(Organization.terms.any(TaxonomyTerm.code == code)))
    return conditions


def _candidates(query: SearchQuery) -> list[dict]:
    """Return the filtered services as dicts of folded searchable fields."""
    columns = (Service.id, Service.name, Service.alternate_name, Service.description,
               Service.eligibility_description, Organization.name, Organization.alternate_name)
    rows = db.session.execute(db.select(*columns).join(Service.organization).where(*_conditions(query)))
    return [
        {"id": r[0], "sort": fold(r[1]), "name": fold(" ".join(filter(None, r[1:3]))),
         "text": fold(" ".join(filter(None, r[3:5]))), "organization": fold(" ".join(filter(None, r[5:7])))}
        for r in rows
    ]


def _score(row: dict, words: list[str]) -> int:
    """Sum the weights of the fields each word occurs in; 0 when some word occurs nowhere."""
    total = 0
    for word in words:
        found = sum(weight for field, weight in WEIGHTS.items() if word in row[field])
        if not found:
            return 0
        total += found
    return total


def _pairs(key_column, value_column, ids: list) -> list[tuple]:
    """Return (key, value) rows whose key is one of ids."""
    return list(db.session.execute(db.select(key_column, value_column).where(key_column.in_(ids)))) if ids else []


def _facets(ids: list[str], national: set[str]) -> dict[str, dict[str, int]]:
    """Count, over the matched services, each taxonomy term and each municipality covered."""
    term_taxonomy = dict(db.session.execute(db.select(TaxonomyTerm.code, TaxonomyTerm.taxonomy)).all())
    facet_of = {"ciljne-skupine": "target_group", "vrste-pomoci": "kind"}
    facets: dict[str, Counter] = {name: Counter() for name in ("target_group", "kind", "provider_type", "municipality")}
    for _, code in _pairs(service_term.c.service_id, service_term.c.term_code, ids):
        if term_taxonomy.get(code) in facet_of:
            facets[facet_of[term_taxonomy[code]]][code] += 1
    org_of = dict(_pairs(Service.id, Service.organization_id, ids))
    org_terms = _pairs(organization_term.c.organization_id, organization_term.c.term_code,
                       sorted(set(org_of.values())))
    for service_id, org_id in org_of.items():
        for code in {c for o, c in org_terms if o == org_id}:
            facets["provider_type"][code] += 1
    for _, code in _pairs(service_area.c.service_id, service_area.c.municipality_id, ids):
        facets["municipality"][str(code)] += 1
    # a municipality's residents also get every national service
    facets["municipality"] = Counter({code: n + len(national) for code, n in facets["municipality"].items()})
    return {name: dict(counter) for name, counter in facets.items()}


def _national(ids: list[str]) -> set[str]:
    with_area = {sid for sid, _ in _pairs(service_area.c.service_id, service_area.c.municipality_id, ids)}
    return set(ids) - with_area


def _crisis_ids(query: SearchQuery, categories: list[str]) -> list[str]:
    """Return the crisis services of these categories passing the filters (as priority.crisis_docs)."""
    out: list[str] = []
    for category in categories:
        for group in BY_CODE[category].service_codes:
            tagged = [Service.terms.any(TaxonomyTerm.code == code) for code in group]
            found = db.session.scalars(db.select(Service.id).join(Service.organization)
                                       .where(*_conditions(query), *tagged).order_by(Service.name, Service.id))
            out += [sid for sid in found if sid not in out]
    return out[:MAX_CRISIS]


def search(query: SearchQuery) -> SearchResult:
    """Filter, match, rank and page the services (crisis help first); count facets over all matches."""
    words = fold(query.text).split()
    rows = _candidates(query)
    scores = {r["id"]: _score(r, words) for r in rows}
    matched = [r for r in rows if scores[r["id"]] or not words]
    categories = detect(query.text)
    first = _crisis_ids(query, categories) if categories else []
    national = _national([r["id"] for r in matched] + first)
    local_first = query.municipality is not None
    matched.sort(key=lambda r: (-scores[r["id"]], local_first and r["id"] in national, r["sort"], r["id"]))
    ranked = first + [r["id"] for r in matched if r["id"] not in first]
    start = (query.page - 1) * query.per_page
    return SearchResult(ids=ranked[start:start + query.per_page], total=len(ranked),
                        facets=_facets(ranked, national), crisis=categories)
