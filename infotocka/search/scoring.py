"""Score a Whoosh query tree over a Snapshot, term at a time, the way Whoosh scores it.

Whoosh walks a binary tree of union matchers document by document, which costs tens
of microseconds per matching document in Python. The queries of query.py are only
Or / And / ConstantScoreQuery / Term, and their Whoosh scores are sums: a Term scores
boost × BM25F, an Or the sum of its matching children, an And the sum of its children
when all match, a ConstantScoreQuery its constant. So the scores can be computed by
adding each term's (cached) score table into one dict, in C-speed dict operations
where possible. Anything else falls back to Whoosh itself.
"""
from array import array

import numpy as np
from whoosh import query as wq

from .snapshot import Snapshot


def scores(q: wq.Query, snap: Snapshot, keep: bool = False):
    """Return the scores of every live document matching q: a fresh dict docnum → score,
    or a cached (docnums, scores) table that must not be changed.

    With keep, the result is cached in the snapshot: sub-queries (a word in every field, a
    synonym phrase, a thesaurus row's codes) recur across queries; whole queries are not kept.
    """
    if isinstance(q, wq.Term):
        if not _scorable(q, snap):
            return dict.fromkeys(snap.docs(q.fieldname, q.text), q.boost)
        table = snap.term_scores(q.fieldname, q.text)
        if q.boost != 1.0:
            boost = q.boost
            return {d: s * boost for d, s in zip(*table)}
        return table
    if isinstance(q, wq.Every):
        return dict.fromkeys(snap.universe, 0.0)
    if keep:
        cached = snap.cached_scores(q)
        if cached is not None:
            return cached
    if isinstance(q, wq.ConstantScoreQuery):
        acc = dict.fromkeys(matches(q.child, snap), q.score)
    elif isinstance(q, wq.Or):
        acc = _sum([scores(sub, snap, keep=True) for sub in q.subqueries])
    elif isinstance(q, wq.And):
        parts = sorted((_as_dict(scores(sub, snap, keep=True)) for sub in q.subqueries), key=len)
        if not parts:
            return {}
        common = parts[0].keys()
        for part in parts[1:]:
            common = common & part.keys()
        acc = dict.fromkeys(common, 0.0)
        for part in parts:
            for d in common:
                acc[d] += part[d]
    else:
        return _whoosh(q, snap)
    acc = _boosted(acc, getattr(q, "boost", 1.0))
    if keep:
        snap.cache_scores(q, (array("q", acc.keys()), array("d", acc.values())))
    return acc


def _size(part) -> int:
    return len(part[0]) if isinstance(part, tuple) else len(part)


DENSE_FROM = 20_000  # entries to add from which numpy's bincount beats adding in a dict


def _sum(parts: list) -> dict[int, float]:
    """Add score tables and dicts: the biggest is copied in C, the others added to it.

    Big sums are added by numpy in the same order per document (biggest table first), so every
    score is the same double as the dict way gives."""
    parts = sorted(parts, key=_size, reverse=True)
    if len(parts) > 1 and sum(map(_size, parts)) >= DENSE_FROM:
        return _sum_arrays(parts)
    acc: dict[int, float] = {}
    for part in parts:
        items = zip(*part) if isinstance(part, tuple) else part.items()
        if not acc:
            acc.update(items)
            continue
        get = acc.get
        for d, s in items:
            acc[d] = get(d, 0.0) + s
    return acc


def _sum_arrays(parts: list) -> dict[int, float]:
    docs, values = zip(*map(_arrays, parts))
    docs, values = np.concatenate(docs), np.concatenate(values)
    if not len(docs):
        return {}
    size = int(docs.max()) + 1
    totals = np.bincount(docs, weights=values, minlength=size)  # in input order per bin, from 0.0
    found = np.flatnonzero(np.bincount(docs, minlength=size))  # matched, even when its score is 0.0
    return dict(zip(found.tolist(), totals[found].tolist()))


def _arrays(part) -> tuple[np.ndarray, np.ndarray]:
    if isinstance(part, tuple):  # (array("q"), array("d")): read in place
        return np.frombuffer(part[0], dtype=np.int64), np.frombuffer(part[1], dtype=np.float64)
    return (np.fromiter(part.keys(), dtype=np.int64, count=len(part)),
            np.fromiter(part.values(), dtype=np.float64, count=len(part)))


def as_dict(q: wq.Query, snap: Snapshot) -> dict[int, float]:
    """Return docnum → score of every live document matching q (a dict the caller may keep)."""
    found = scores(q, snap)
    return dict(zip(*found)) if isinstance(found, tuple) else found


def _as_dict(found) -> dict[int, float]:
    return dict(zip(*found)) if isinstance(found, tuple) else found


def matches(q: wq.Query, snap: Snapshot) -> set[int]:
    """Return the live docnums matching q, unscored (set operations on posting sets)."""
    if isinstance(q, wq.Term):
        if _scorable(q, snap):
            return set(snap.term_scores(q.fieldname, q.text)[0])
        return set(snap.docs(q.fieldname, q.text))
    if isinstance(q, wq.ConstantScoreQuery):
        return matches(q.child, snap)
    if isinstance(q, wq.Or):
        out: set[int] = set()
        for sub in q.subqueries:
            out |= matches(sub, snap)
        return out
    if isinstance(q, wq.And):
        subs = [matches(sub, snap) for sub in q.subqueries]
        if not subs:
            return set()
        subs.sort(key=len)
        return subs[0].intersection(*subs[1:])
    if isinstance(q, wq.Every):
        return set(snap.universe)
    return set(_whoosh(q, snap))


def _scorable(q: wq.Term, snap: Snapshot) -> bool:
    fieldobj = snap.searcher.schema[q.fieldname] if q.fieldname in snap.searcher.schema else None
    return bool(fieldobj is not None and fieldobj.scorable)


def _boosted(acc: dict[int, float], boost: float) -> dict[int, float]:
    return acc if boost == 1.0 else {d: s * boost for d, s in acc.items()}


def _whoosh(q: wq.Query, snap: Snapshot) -> dict[int, float]:
    """Score an unusual query with Whoosh itself (slow, but exact)."""
    results = snap.searcher.search(q, limit=None)
    return {docnum: score or 0.0 for score, docnum in results.top_n}
