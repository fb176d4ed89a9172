"""The Whoosh engine behind the façade: SearchQuery → SearchResult.

Ranking: BM25F relevance (see query.py); among the strong matches, services located
in the chosen municipality come first, then those whose area covers it, then national
ones; temporarily closed services sink; ties go by name, then id. An empty text is
browsing: everything matching the filters, located-here first, then by name.
"""
from collections import Counter
from pathlib import Path

from flask import current_app
from whoosh import query as wq

from . import storage, sync, thesaurus
from .base import SearchQuery, SearchResult
from .highlight import highlights
from .query import build, plan_query
from .schema import NATIONAL

STRONG = 0.45  # a hit scoring at least this share of the best one is a strong match
CUTOFF = 0.08  # hits below this share of the best one are noise (a lone common word)
HIDDEN = ("2", "3")  # status ranks of inactive and defunct services
FACET_FIELDS = ("target_group", "kind", "provider_type")


def load_thesaurus():
    """Return the needs thesaurus of the running app (reread when the file changes)."""
    path = current_app.config.get("THESAURUS_PATH") or Path(current_app.config["DATA_DIR"]) / "thesaurus.csv"
    return thesaurus.load(path)


def _filters(q: SearchQuery) -> wq.Query | None:
    parts = [wq.Term(f, c) for f, codes in
             (("target_group", q.target_group), ("kind", q.kind), ("provider_type", q.provider_type))
             for c in codes]
    if q.municipality is not None:
        parts.append(wq.Or([wq.Term("area", str(q.municipality)), wq.Term("area", NATIONAL)]))
    if q.organization_id:
        parts.append(wq.Term("org_id", q.organization_id))
    return wq.And(parts) if parts else None


def _mask(q: SearchQuery) -> wq.Query | None:
    return None if q.include_inactive else wq.Or([wq.Term("status", s) for s in HIDDEN])


def _tier(doc: dict, municipality: int | None) -> int:
    """0 = located in the chosen municipality, 1 = its area covers it, 2 = national."""
    if municipality is None:
        return 0
    code = str(municipality)
    if code in doc.get("located", "").split():
        return 0
    return 2 if doc.get("area") == NATIONAL else 1


def _rank(hits: list[tuple[float, dict]], q: SearchQuery, scored: bool) -> list[dict]:
    top = max((s for s, _ in hits), default=0.0)
    if scored and top > 0:
        hits = [(s, d) for s, d in hits if s >= CUTOFF * top]

    def key(hit):
        score, doc = hit
        band = 0 if not scored or score >= STRONG * top else 1
        return (doc.get("status", "0") != "0", band, _tier(doc, q.municipality),
                -round(score, 6) if scored else 0, doc.get("sort_key", ""))
    return [doc for _, doc in sorted(hits, key=key)]


def _facets(docs: list[dict]) -> dict[str, dict[str, int]]:
    counts = {name: Counter() for name in (*FACET_FIELDS, "municipality")}
    national = 0
    for doc in docs:
        for name in FACET_FIELDS:
            counts[name].update(doc.get(name, "").split())
        if doc.get("area") == NATIONAL:
            national += 1
        else:
            counts["municipality"].update(doc.get("area", "").split())
    # residents of a municipality also get every national service (the filter's meaning)
    counts["municipality"] = Counter({m: n + national for m, n in counts["municipality"].items()})
    return {name: dict(c) for name, c in counts.items()}


def run(q: SearchQuery) -> SearchResult:
    """Search the current index (caught up with the database first)."""
    sync.ensure_current()
    base = storage.root(current_app)
    ix, _, _ = storage.open_current(base)
    with ix.searcher() as searcher:
        plan = plan_query(q.text or "", searcher, load_thesaurus())
        scored = not plan.empty
        whoosh_query = build(plan) if scored else wq.Every()
        results = searcher.search(whoosh_query, filter=_filters(q), mask=_mask(q), limit=None,
                                  scored=scored, sortedby=None)
        hits = [(score or 0.0, searcher.stored_fields(docnum)) for score, docnum in results.top_n]
    ranked = _rank(hits, q, scored)
    start = max(q.page - 1, 0) * q.per_page
    page = [d["id"] for d in ranked[start:start + q.per_page]]
    return SearchResult(ids=page, total=len(ranked), facets=_facets(ranked),
                        suggestion=plan.suggestion(),
                        highlights=highlights(page, plan.highlight_terms()) if scored else {})
