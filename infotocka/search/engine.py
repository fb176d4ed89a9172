"""The Whoosh engine behind the façade: SearchQuery → SearchResult.

Ranking: BM25F relevance (see query.py); among the strong matches, services located
in the chosen (or understood, see place.py) municipality come first, then those whose area
covers it, then those of its region, then national ones; temporarily closed services sink; ties go by name, then id. An empty text is
browsing: everything matching the filters, located-here first, then by name.

Scores come from scoring.py over the cached searcher of snapshot.py (equal to Whoosh's
BM25F scores, without walking Whoosh's matcher tree hit by hit); filters, facets and the
ranking buckets are set and bitset operations; only the requested page is fully ordered.
"""
import heapq
import logging
from pathlib import Path

import numpy as np
from flask import current_app

from . import crisis, priority, rebuilder, scoring, semantic, snapshot, storage, sync, thesaurus
from .base import SearchQuery, SearchResult, SearchUnavailable, chosen_needs, cut
from .highlight import LazyHighlights
from .query import build, plan_query
from .schema import NATIONAL
from .snapshot import Snapshot

log = logging.getLogger(__name__)

STRONG = 0.45  # a hit scoring at least this share of the best one is a strong match
PLACE_STRONG = 0.25  # the same with a place: a weaker match there beats a stronger one far away
CUTOFF = 0.08  # hits below this share of the best one are noise (a lone common word)
CROWD_WINDOW = 50  # the top of the ranking in which one name may appear at most CROWD_KEEP times
MORE_NEEDS = 2  # need categories the model adds to those the words said (chips, diversified first results)
CROWD_KEEP = 2
FIRST_DEPTH = 200  # how much of a long ranking a page of cards orders first (_collapsed)
HIDDEN = ("2", "3")  # status ranks of inactive and defunct services
FACET_FIELDS = ("target_group", "kind", "provider_type", "trait", "language")


def load_thesaurus():
    """Return the needs thesaurus of the running app (reread when the file changes)."""
    path = current_app.config["THESAURUS_PATH"] or Path(current_app.config["DATA_DIR"]) / "thesaurus.csv"
    return thesaurus.load(path)


def _allowed(q: SearchQuery, snap: Snapshot) -> set[int] | None:
    """Return the docnums passing the filters and the inactive mask, or None for "all"."""
    sets = [snap.docs(f, c) for f, codes in
            (("target_group", q.target_group), ("kind", q.kind), ("provider_type", q.provider_type),
             ("trait", q.trait), ("language", q.language))
            for c in codes if (f, c) != ("trait", "open")]
    if "open" in q.trait:
        sets.append(_open_docs(q, snap))
    if q.municipality is not None:
        sets.append(snap.docs("area", str(q.municipality)) | snap.docs("area", NATIONAL))
    if q.nearby:
        sets.append(set(snap.docs("area", NATIONAL)).union(
            *(snap.docs("area", str(c)) | snap.docs("located", str(c)) for c in q.nearby)))
    if q.organization_id:
        sets.append(snap.docs("org_id", q.organization_id))
    allowed = None
    if sets:
        sets.sort(key=len)
        allowed = set(sets[0]).intersection(*sets[1:])
    if not q.include_inactive:
        hidden = set().union(*(snap.docs("status", s) for s in HIDDEN))
        if hidden:
            allowed = (allowed if allowed is not None else set(snap.universe)) - hidden
    return allowed


def _rank(hits: dict[int, float], q: SearchQuery, scored: bool, snap: Snapshot, wanted: int,
          top: float | None = None) -> list[int]:
    """Return the docnums of the first `wanted` hits in ranking order (all of them if wanted < 0).

    The order is (active first, strong band, municipality tier, score, name); the hits are
    split into those buckets with set operations, and only the buckets holding the first
    `wanted` hits are ordered, by a partial selection. `top` is the best score of the whole
    ranking when `hits` are only part of it (their order is then their order in the whole).
    """
    not_active = set().union(*(snap.docs("status", s) for s in ("1", *HIDDEN)))
    places = _place_tiers(q, snap)
    if top is None:
        top = max(hits.values(), default=0.0)
    strong = (STRONG if places is None else PLACE_STRONG) * top
    keys = snap.sort_keys
    everything = set(hits)
    inactive = everything.intersection(not_active) if not_active else set()
    # the resident's own CSD unit, for a right claimed there, before everything else
    lead = (everything - inactive).intersection(snap.docs("org_id", q.first_org)) if q.first_org else set()
    everything -= lead
    bands = [everything - inactive, inactive] if inactive else [everything]
    if scored:
        bands = [part for band in bands for part in _split(band, {d for d in band if hits[d] >= strong})]
    bands = [lead, *bands] if lead else bands
    ranked: list[int] = []
    for band in bands:
        tiers = [band] if places is None else _tiers(band, places)
        for tier in tiers:
            need = wanted - len(ranked) if wanted >= 0 else len(tier)
            if wanted >= 0 and need <= 0:
                return ranked
            ranked.extend(_order(tier, hits, keys, scored, need))
    return ranked


def _decrowd(ranked: list[int], keys: list[str], keep: int = CROWD_KEEP) -> list[int]:
    """Move the third and later services of one name (the same CSD service in twelve towns) after
    the others, so one network cannot fill the first page when no municipality is chosen.

    Applied to a fixed window of the ranking, so every page sees the same order."""
    seen: dict[str, int] = {}
    first, later = [], []
    for doc in ranked:
        name = keys[doc].split("\x00", 1)[0]
        seen[name] = seen.get(name, 0) + 1
        (first if seen[name] <= keep else later).append(doc)
    return first + later


def _split(band: set[int], first: set[int]) -> list[set[int]]:
    return [first, band - first]


def _place_tiers(q: SearchQuery, snap: Snapshot) -> list[set[int]] | None:
    """Return the docs located in the resident's municipality, those serving it, those located in or
    serving its region, and national ones; None when no municipality is chosen or understood."""
    home = q.municipality if q.municipality is not None else q.place
    if home is None:
        return None
    region: set[int] = set()
    for code in q.place_region:
        region |= snap.docs("located", str(code)) | snap.docs("area", str(code))
    national = snap.docs("area", NATIONAL) - _placed(snap)  # phone lines, online help: not a home in Izlake
    return [snap.docs("located", str(home)), snap.docs("area", str(home)), region, national]


def _open_docs(q: SearchQuery, snap: Snapshot) -> set[int]:
    """Return the docnums of the services open right now (ids from the façade)."""
    if "docnum" not in snap.memo:
        universe = snap.universe
        snap.memo["docnum"] = {sid: d for d, sid in enumerate(snap.ids) if d in universe}
    docnum = snap.memo["docnum"]
    return {docnum[i] for i in q.open_ids or () if i in docnum}


def _placed(snap: Snapshot) -> set[int]:
    """Return the docs located somewhere (cached per index generation)."""
    if "placed" not in snap.memo:
        snap.memo["placed"] = set().union(*(snap.docs("located", code) for code in snap.lexicon("located")))
    return snap.memo["placed"]


def _tiers(band: set[int], places: list[set[int]]) -> list[set[int]]:
    """Split a band by the place tiers (see _place_tiers); the rest comes last."""
    out, rest = [], band
    for docs in places:
        here = rest.intersection(docs)
        out.append(here)
        rest = rest - here
    return [*out, rest]


def _order(docs: set[int], hits: dict[int, float], keys: list[str], scored: bool, need: int) -> list[int]:
    """Return the first `need` docs by score (rounded, highest first), then name."""
    if not docs:
        return []
    if not scored:
        if need >= len(docs):
            return sorted(docs, key=keys.__getitem__)
        return heapq.nsmallest(need, docs, key=keys.__getitem__)
    if need < len(docs):  # keep the best `need`, plus every hit tied with the last of them
        last = round(hits[heapq.nlargest(need, docs, key=hits.__getitem__)[-1]], 6)
        floor = last - 1e-6  # rounding moves a score by at most 5e-7: a cheap superset first
        docs = [d for d in [d for d in docs if hits[d] >= floor] if round(hits[d], 6) >= last]
    ordered = sorted(docs, key=lambda d: (-round(hits[d], 6), keys[d]))
    return ordered[:need]


def _facets(kept: set[int], snap: Snapshot, groups: list[list[int]] = (),
            open_docs: set[int] | None = None) -> dict[str, dict[str, int]]:
    """Count target groups, kinds, provider types, municipalities (and "open now" when `open_docs` is
    given) over the kept hits.

    Each count is one AND of two bitsets (Python ints) and a popcount. `groups` are the families of
    several kept units shown as one card: each counts once for an option any of its units has, so a
    count is the number of cards the option leaves (a CSD service's Litija unit counts for Litija even
    when the resident's own unit leads the card): an option two units of a family share counts one less.
    """
    everything = len(kept) == len(snap.universe) and not groups
    kept_bits = 0 if everything else snapshot.bits(kept, snap.size)
    extra = _family_extra(snap, groups, open_docs)  # option → the units beyond a family's first that have it

    def count(name: str, code: str, option: int) -> int:
        return (option if everything else kept_bits & option).bit_count() - extra.get((name, code), 0)

    out = {}
    for name in FACET_FIELDS:
        counts = {code: count(name, code, snap.bits(name, code)) for code in snap.lexicon(name)}
        out[name] = {code: n for code, n in counts.items() if n}
    # residents of a municipality also get every national service (the filter's meaning)
    national = snap.bits("area", NATIONAL)
    areas = {code: count("municipality", code, snap.bits("area", code) | national)
             for code in snap.lexicon("area") if code != NATIONAL}
    out["municipality"] = {code: n for code, n in areas.items() if n}
    if open_docs is not None:  # "Odprto zdaj" counts like the other traits
        open_count = count("open", "", snapshot.bits(open_docs, snap.size))
        if open_count:
            out.setdefault("trait", {})["open"] = open_count
    return out


def _family_extra(snap: Snapshot, groups: list[list[int]], open_docs: set[int] | None) -> dict[tuple[str, str], int]:
    """Return, per facet option, how many units beyond a family's first have it, summed over the families
    of several units: Σ max(0, n − 1) for the n units of each family that have the option.

    A municipality option counts a unit that serves it or serves the whole country (the filter's
    meaning). Vectorised: each option's docnums are looked up in one table of docnum → family."""
    if not groups:
        return {}
    family = np.full(snap.size + 1, -1, dtype=np.int64)  # docnum → its family's index, -1 for the others
    family[np.fromiter((d for g in groups for d in g), dtype=np.int64)] = np.repeat(
        np.arange(len(groups)), [len(g) for g in groups])

    def beyond_first(docnums: np.ndarray, table: np.ndarray = family, base: np.ndarray | int = 0) -> int:
        owners = table[docnums]
        n = np.bincount(owners[owners >= 0], minlength=len(groups)) + base
        return int(np.maximum(n - 1, 0).sum())

    out = {(name, code): beyond_first(snap.doc_array(name, code))
           for name in FACET_FIELDS for code in snap.lexicon(name)}
    national = snap.doc_array("area", NATIONAL)
    owners = family[national]
    everywhere = np.bincount(owners[owners >= 0], minlength=len(groups))  # each family's national units
    local = family.copy()
    local[national] = -1  # a national unit counts once per family, through `everywhere`
    for code in snap.lexicon("area"):
        if code != NATIONAL:
            out[("municipality", code)] = beyond_first(snap.doc_array("area", code), local, everywhere)
    if open_docs is not None:
        out[("open", "")] = beyond_first(np.fromiter(open_docs, dtype=np.int64))
    return {option: n for option, n in out.items() if n}


def run(q: SearchQuery) -> SearchResult:
    """Search the current index (caught up with the database first).

    While the index is rebuilt (rebuilder.py), this thread's searcher of the previous
    generation answers if it still reads; with none, SearchUnavailable.
    """
    try:
        sync.ensure_current(wait=snapshot.kept(current_app) is None)  # an old searcher answers at once
        snap = snapshot.current(current_app)
    except storage.IndexUnavailable as why:  # missing or corrupt: rebuilt in the background
        rebuilder.start(current_app._get_current_object(), str(why))
        return _run_on_previous(q)
    try:
        return _run(q, snap)
    except Exception:  # a cached searcher gone stale in an unexpected way: retry once on a fresh one
        log.warning("search on a cached searcher failed; reopening the index", exc_info=True)
        snapshot.forget()
        return _run(q, snapshot.current(current_app))


def _run_on_previous(q: SearchQuery) -> SearchResult:
    snap = snapshot.kept(current_app)
    if snap is not None:
        try:
            return _run(q, snap)
        except Exception:  # its files are gone too
            snapshot.forget()
    raise SearchUnavailable(current_app.config["INDEX_RETRY_AFTER"])


def _run(q: SearchQuery, snap: Snapshot) -> SearchResult:
    text = cut(q.text or "")  # a message is read up to the length the API accepts
    meaning = semantic.begin(text)  # the query vector is computed while the lexical search runs
    plan = plan_query(text, snap.searcher, load_thesaurus(), snap.memo, q.dismissed)
    scored = not plan.empty
    hits = scoring.as_dict(build(plan), snap) if scored else dict.fromkeys(snap.universe, 0.0)
    # the noise cutoff is relative to the best hit before filtering, so a filter keeps exactly
    # the hits its facet counted
    top = max(hits.values(), default=0.0)
    allowed = _allowed(q, snap)
    if allowed is not None:
        hits = {d: hits[d] for d in allowed.intersection(hits)} if len(allowed) < len(hits) \
            else {d: s for d, s in hits.items() if d in allowed}
    if scored and top > 0:
        floor = CUTOFF * top
        hits = {d: s for d, s in hits.items() if s >= floor}
    if scored:
        hits = semantic.fuse(hits, meaning, snap, allowed, top, plan)
    # the model's reading of the message is a second signal, for crisis and for the needs shown as chips
    terms = semantic.understood_terms(text) if scored else []
    # a need category signals a crisis only as the model's best reading ("hči se drogira" is read as
    # addiction first, violence third); when neither it nor a phrase of data/crisis.csv finds a crisis,
    # the example messages nearest in meaning decide (a phrase's categories are never joined by a guess)
    categories = crisis.detect(text, terms[:1])
    by_meaning = not categories and scored
    if by_meaning:
        categories = crisis.detect(text, semantic.crisis_signals(text))
    understood = plan.understood + [code for code, _score in terms
                                    if code not in plan.understood and code not in q.dismissed][:MORE_NEEDS]
    home = q.municipality if q.municipality is not None else q.place
    located = snap.docs("located", str(home)) if home is not None else None
    first = priority.crisis_docs(categories, snap, allowed, located, hits) if categories else []
    if by_meaning:  # a guess by meaning alone: its best lines first, and room for what was asked
        first = first[:priority.MAX_GUESSED_CRISIS]
    for doc in first:
        hits.pop(doc, None)
    needs = [c for c in understood if c not in q.dismissed]
    start = max(q.page - 1, 0) * q.per_page
    wanted = max(start + q.per_page - len(first), 0)
    crowded = scored and q.municipality is None and q.place is None  # one network's units from many towns
    ids, units, groups = snap.ids, {}, []
    if q.collapse:  # every hit ranked, then one card per family (the best-ranked unit leads)
        leaders = max(wanted, priority.DIVERSE_WINDOW) if len(needs) > 1 else wanted
        ranked, families, groups, cards = _collapsed(hits, q, scored, snap, leaders)
        total = len(first) + cards  # facets and total count cards
        ranked = first + priority.diversify(ranked, needs, snap)
        counted = set(hits).union(first)
        units = {ids[d]: [ids[o] for o in families[d]] for d in ranked[start:start + q.per_page] if families.get(d)}
    else:
        deep = crowded or len(needs) > 1
        ranked = _rank(hits, q, scored, snap, max(wanted, CROWD_WINDOW) if deep else wanted)
        if crowded:
            ranked = _decrowd(ranked[:CROWD_WINDOW], snap.sort_keys) + ranked[CROWD_WINDOW:]
        ranked = first + priority.diversify(ranked, needs, snap)
        counted = set(hits).union(first)
        total = len(counted)
    page = [ids[d] for d in ranked[start:start + q.per_page]]
    facets = _facets(counted, snap, groups, _open_docs(q, snap) if q.open_ids is not None else None)
    return SearchResult(ids=page, total=total, facets=facets, suggestion=plan.suggestion(), units=units,
                        highlights=LazyHighlights(page, plan.highlight_terms()) if scored else {},
                        understood=understood, crisis=categories, needs=chosen_needs(q, needs))


def _collapsed(hits: dict[int, float], q: SearchQuery, scored: bool, snap: Snapshot,
               wanted: int) -> tuple[list[int], dict[int, list[int]], list[list[int]], int]:
    """Return the family leaders in ranking order (at least the first `wanted`, each with all its
    other units in ranking order), every family of several hits (for the facets) and the number of
    families (cards).

    Only as much of the ranking is ordered as the first `wanted` leaders need (the top, four times
    deeper each time, until it holds them), then their families' other units among themselves."""
    family = snap.families
    docs = np.fromiter(hits, dtype=np.int64, count=len(hits))
    numbers = snap.family_numbers[docs]
    sizes = np.bincount(numbers) if len(docs) else np.zeros(0, dtype=np.int64)  # family → its hits
    several = sizes[numbers] > 1
    order = np.argsort(numbers[several], kind="stable")
    several, their = docs[several][order], numbers[several][order]
    groups = [g.tolist() for g in np.split(several, np.flatnonzero(np.diff(their)) + 1)] if len(several) else []
    depth = max(4 * wanted, FIRST_DEPTH)
    while True:
        whole = depth >= len(hits)
        leaders, others = _collapse(_rank(hits, q, scored, snap, -1 if whole else depth), family)
        if whole or len(leaders) >= wanted:
            break
        depth *= 4
    # a leader's other units may rank far below the top: ranking just those families orders them as
    # the whole ranking would (same best score), without ordering everything in between
    partial = [d for d in leaders[:wanted] if len(others[d]) + 1 < sizes[snap.family_numbers[d]]]
    if partial:
        rest = {int(u): hits[int(u)] for u in docs[np.isin(numbers, snap.family_numbers[partial])]}
        others.update(_collapse(_rank(rest, q, scored, snap, -1, max(hits.values())), family)[1])
    return leaders, others, groups, int(np.count_nonzero(sizes))


def _collapse(ranked: list[int], families: list[str]) -> tuple[list[int], dict[int, list[int]]]:
    """Return the first doc of each family (same name, same network) in ranking order, and each
    leader's other units in ranking order."""
    leaders: dict[str, int] = {}
    others: dict[int, list[int]] = {}
    for doc in ranked:
        leader = leaders.setdefault(families[doc], doc)
        others.setdefault(leader, [])
        if leader != doc:
            others[leader].append(doc)
    return list(others), others
