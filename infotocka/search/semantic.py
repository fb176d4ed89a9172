"""The semantic, multilingual layer beside the Whoosh index: query → services and need categories.

The query is embedded (multilingual-e5-small, `encoder.py`) in a thread while the lexical
engine works, and cached in an LRU keyed by the folded query. Services are ranked by cosine
similarity with the stored vectors of their current texts (`embeddings.py`; a service edited
since its vector was made is left out until the background job has embedded its new text).
`fuse` adds to the lexical scores: the lexical ranking keeps names, abbreviations, typos
and filters exact, and a semantic hit must pass the same filters. Similarities below
SEMANTIC_FLOOR add nothing, so nonsense finds nothing new.

`understood_terms` maps a text to the need categories (taxonomy terms) it is about; the
search adds services tagged with them, so a story in any language finds help even when
no word matches.
"""
import logging
import threading
import time
import weakref
from collections import OrderedDict
from concurrent.futures import Future, ThreadPoolExecutor, TimeoutError

import numpy as np
from flask import current_app

from ..extensions import db
from ..models import Change, Embedding, ServiceEmbedding, TaxonomyTerm
from ..text import fold
from . import crisis, embeddings, encoder, worker
from .schema import TEXT_FIELDS

log = logging.getLogger(__name__)
CEILING = 0.85  # a similarity this high counts fully; between the floor and here, proportionally
# The best semantic match adds GAIN_LEXICAL × the best lexical score when every query word occurs
# in some listing (or the thesaurus understood it): semantic hits then rank below strong lexical
# ones. The gain grows to GAIN_UNKNOWN as the share of unknown words grows ("help with bills").
GAIN_LEXICAL, GAIN_UNKNOWN = 0.15, 1.5
TERM_SHARE = 0.8  # a service tagged with a fully understood need category adds this share of the gain
TOP_SERVICES, SERVICE_MARGIN = 30, 0.03  # semantic hits: at most 30, within this of the best one
TOP_TERMS, TERM_MARGIN = 3, 0.015  # understood terms: at most three, within this of the best one
OFF_TOPIC_MARGIN = 0.015  # a query this much closer to an off-topic anchor than to any need is off-topic
# A query is about a need when its best need category stands out from the median one by this
# much: gibberish ("asdfgh qwerty", "lorem ipsum") is about as close to every category
# (0.018–0.029), real needs in any language stand out (0.042–0.069). Only then are need
# categories understood and up to TOP_SERVICES semantic hits added; otherwise at most FEW.
NEED_GAP, FEW = 0.035, 3
# The crisis signal: a message is compared with the example messages of data/crisis_examples.csv.
# A crisis category is signalled when its NEAREST most similar examples are, on average, closer than
# the NEAREST most similar ordinary ones (`potreba`) by CRISIS_MARGIN. Chosen on the development sets
# with examples written apart from them (docs/CRISIS.md): margin 0.02 recognises 207 of their 333 crisis
# messages by meaning alone and alarms on 1 of 387 ordinary ones; 0.015 recognises 239 and alarms on 3.
NEAREST, CRISIS_MARGIN = 3, 0.02
QUERY_CACHE = 2048
WAIT_SECONDS = 2.0  # longest wait for a query vector before answering lexically
RECHECK_SECONDS = 1.0  # how often the tables are asked whether another process stored new vectors


class State:
    """Per app and process: the query cache, the thread pool and the matrices in use."""

    def __init__(self):
        self.lock = threading.Lock()
        self.queries: OrderedDict[str, np.ndarray] = OrderedDict()
        self.pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="infotocka-query")
        self.services = None  # (stamp, ids, matrix)
        self.checked = (None, 0.0)  # (index seq and this process's embedding generation, time) of the last look
        self.terms = None  # (complete, (this process's embedding generation, time) of the look, codes, matrix, off)
        self.crisis = None  # (examples, complete, time, categories, matrix) of the crisis example messages
        self.docnums: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # snapshot → (stamp, rows)


def _state(app=None) -> State:
    app = app or current_app
    state = app.extensions.get("semantic")
    if state is None:
        state = app.extensions["semantic"] = State()
    return state


def available() -> bool:
    """Tell whether the model is loaded (SEMANTIC_SEARCH on and the model usable)."""
    return encoder.load(current_app.config) is not None


def status() -> dict:
    """Return what the staff see: whether semantic search works, why not, and how far embedding got."""
    reason = encoder.unavailable_reason(current_app.config)
    total = db.session.scalar(db.select(db.func.count()).select_from(ServiceEmbedding)) if reason is None else 0
    return {"available": reason is None, "reason": reason, "embedded": total}


def _key(text: str) -> str:
    return " ".join(fold(text).split())


def begin(text: str) -> Future | None:
    """Start embedding the query in a thread (or take it from the cache); None when semantic is off."""
    if not text or not text.strip():
        return None
    model = encoder.load(current_app.config)
    if model is None:
        return None
    worker.ensure_started()
    state, key = _state(), _key(text)
    with state.lock:
        cached = state.queries.get(key)
        if cached is not None:
            state.queries.move_to_end(key)
            done = Future()
            done.set_result(cached)
            return done
    return state.pool.submit(_embed_query, state, model, key, text)


def _embed_query(state: State, model, key: str, text: str) -> np.ndarray:
    vector = encoder.query(model, text)
    with state.lock:
        state.queries[key] = vector
        while len(state.queries) > QUERY_CACHE:
            state.queries.popitem(last=False)
    return vector


def query_vector(text: str) -> np.ndarray | None:
    """Return the query's vector (cached), or None when semantic search is unavailable."""
    future = begin(text)
    return _result(future)


def _result(future: Future | None) -> np.ndarray | None:
    if future is None:
        return None
    try:
        return future.result(timeout=WAIT_SECONDS)
    except TimeoutError:
        log.warning("query embedding took over %.1f s; answering lexically", WAIT_SECONDS)
    except Exception:
        log.exception("query embedding failed; answering lexically")
    return None


def _scale(sims: np.ndarray, floor: float) -> np.ndarray:
    return np.clip((sims - floor) / max(CEILING - floor, 1e-6), 0.0, 1.0)


# -- vectors in use -------------------------------------------------------------------------

def _services(state: State, seq: int):
    """Return (ids, matrix) of services whose vector is of their current text.

    `seq` is the change counter the index has caught up with: a service changed after its
    vector's text was read is left out at once. Vectors stored by this process are seen at
    once, those of other processes within RECHECK_SECONDS.
    """
    now, local = time.monotonic(), (seq, embeddings.generation())
    cached = state.services
    if cached is not None and state.checked[0] == local and now - state.checked[1] < RECHECK_SECONDS:
        return cached[1], cached[2]
    count, total = db.session.execute(db.select(
        db.func.count(), db.func.coalesce(db.func.sum(ServiceEmbedding.seq), 0)).select_from(ServiceEmbedding)).one()
    state.checked = (local, now)
    if cached is not None and cached[0] == (count, total, seq):
        return cached[1], cached[2]
    rows = db.session.execute(db.select(ServiceEmbedding.service_id, ServiceEmbedding.seq, Embedding.vector)
                              .join(Embedding, Embedding.text_hash == ServiceEmbedding.text_hash)).all()
    changed = dict(db.session.execute(
        db.select(Change.entity_id, db.func.max(Change.seq))
        .where(Change.entity == "service", Change.seq > min((r.seq for r in rows), default=seq))
        .group_by(Change.entity_id)).all())
    fresh = [r for r in rows if changed.get(r.service_id, 0) <= r.seq]
    ids = [r.service_id for r in fresh]
    matrix = embeddings.from_bytes([r.vector for r in fresh])
    state.services = ((count, total, seq), ids, matrix)
    return ids, matrix


def _terms(state: State):
    """Return (codes, matrix) of the need categories that have a vector, and the off-topic matrix;
    while some have none yet, the tables are asked again when this process stored vectors and every
    RECHECK_SECONDS (other processes), not on every call."""
    cached, looked = state.terms, (embeddings.generation(), time.monotonic())
    if cached is not None and (cached[0] or (cached[1][0] == looked[0] and looked[1] - cached[1][1] < RECHECK_SECONDS)):
        return cached[2:]
    terms = list(db.session.scalars(db.select(TaxonomyTerm).where(
        TaxonomyTerm.taxonomy.in_(embeddings.NEED_TAXONOMIES)).order_by(TaxonomyTerm.position)))
    by_hash = {embeddings.text_hash(embeddings.term_text(t)): t.code for t in terms}
    anchors = [embeddings.text_hash(text) for text in embeddings.OFF_TOPIC]
    vectors = _stored([*by_hash, *anchors])
    codes = [by_hash[h] for h in by_hash if h in vectors]
    matrix = embeddings.from_bytes([vectors[h] for h in by_hash if h in vectors])
    off = embeddings.from_bytes([vectors[h] for h in anchors if h in vectors])
    state.terms = (len(codes) == len(terms) and len(off) == len(anchors), looked, codes, matrix, off)
    return codes, matrix, off


def _stored(hashes: list[str]) -> dict[str, bytes]:
    """Return the stored vectors of these text hashes (those that have one)."""
    return dict(db.session.execute(db.select(Embedding.text_hash, Embedding.vector)
                                   .where(Embedding.text_hash.in_(hashes))).all())


def _rows_to_docnums(state: State, snap, ids: list[str]) -> np.ndarray:
    """Return, per vector row, the live docnum of its service in the index snapshot (-1: not indexed)."""
    cached = state.docnums.get(snap)
    if cached is not None and cached[0] is ids:
        return cached[1]
    live = {snap.ids[d]: d for d in snap.universe}
    rows = np.fromiter((live.get(sid, -1) for sid in ids), dtype=np.int64, count=len(ids))
    state.docnums[snap] = (ids, rows)
    return rows


# -- the public functions -------------------------------------------------------------------

def understood_terms(text: str) -> list[tuple[str, float]]:
    """Return the need categories (taxonomy codes) a text is about, best first, with their similarity.

    At most TOP_TERMS, each at least SEMANTIC_TERM_FLOOR and within TERM_MARGIN of the best;
    [] when semantic search is unavailable or nothing is close enough.
    """
    return _understood(query_vector(text))


def _understood(vector: np.ndarray | None) -> list[tuple[str, float]]:
    if vector is None:
        return []
    codes, matrix, off = _terms(_state())
    if not codes:
        return []
    if not about_a_need(vector):
        return []
    sims = matrix @ vector
    floor = current_app.config["SEMANTIC_TERM_FLOOR"]
    best = float(sims.max())
    order = np.argsort(-sims)[:TOP_TERMS]
    return [(codes[i], float(sims[i])) for i in order if sims[i] >= floor and sims[i] >= best - TERM_MARGIN]


def crisis_signals(text: str) -> list[tuple[str, float]]:
    """Return the crisis categories (crisis.CATEGORIES codes) whose example messages are nearer to the
    message than the ordinary needs' examples by CRISIS_MARGIN, each with score 1.0; [] when the layer
    is unavailable."""
    vector = query_vector(text)
    if vector is None:
        return []
    categories, matrix = _examples(_state())
    sims = matrix @ vector
    scores = {c: float(np.sort(sims[categories == c])[-NEAREST:].mean())
              for c in np.unique(categories)}
    ordinary = scores.pop(crisis.ORDINARY, None)
    if ordinary is None:  # without ordinary examples no margin can be trusted
        return []
    return [(code, 1.0) for code, score in scores.items() if score >= ordinary + CRISIS_MARGIN]


def _examples(state: State) -> tuple[np.ndarray, np.ndarray]:
    """Return the categories and the matrix of the crisis examples that have a vector; an edited
    file's new rows count once the background job has embedded them (asked every RECHECK_SECONDS)."""
    pairs, cached = crisis.examples(), state.crisis
    if cached is not None and cached[0] is pairs and (cached[1] or time.monotonic() - cached[2] < RECHECK_SECONDS):
        return cached[3:]
    hashes = [embeddings.example_hash(message) for _, message in pairs]
    vectors = _stored(hashes)
    found = [(category, vectors[h]) for (category, _), h in zip(pairs, hashes) if h in vectors]
    state.crisis = (pairs, len(found) == len(pairs), time.monotonic(),
                    np.array([c for c, _ in found]), embeddings.from_bytes([v for _, v in found]))
    return state.crisis[3:]


def off_topic(vector: np.ndarray) -> bool:
    """Tell whether a query is closer to a topic the directory is not about than to any need."""
    codes, matrix, off = _terms(_state())
    if not codes or not len(off):
        return False
    return float((off @ vector).max()) >= float((matrix @ vector).max()) + OFF_TOPIC_MARGIN


def about_a_need(vector: np.ndarray) -> bool:
    """Tell whether a query's best need category stands out from the others (not gibberish)."""
    codes, matrix, _ = _terms(_state())
    if not codes:
        return False
    sims = matrix @ vector
    return float(sims.max()) - float(np.median(sims)) >= NEED_GAP


def lexical_confidence(plan, snap) -> float:
    """Return the share of the query's words that a listing or the thesaurus knows as typed (a word
    the spelling correction replaced counts as unknown): how far the lexical ranking can be trusted."""
    from .engine import load_thesaurus
    from .query import PHRASE_ONLY_LEMMAS
    lemmas = [lem for lem in plan.lemmas if lem not in PHRASE_ONLY_LEMMAS]
    if not lemmas:
        return 1.0
    vocabulary = load_thesaurus().vocabulary
    known = sum(1 for lem in lemmas
                if lem in vocabulary or any(snap.reader.doc_frequency(f, lem) for f in TEXT_FIELDS))
    return max(known - len(plan.corrections), 0) / len(lemmas)


def fuse(hits: dict[int, float], future: Future | None, snap, allowed, top: float, plan=None) -> dict[int, float]:
    """Add semantic evidence to the lexical hits (docnum → score) of one query; return the hits.

    The most similar service (above SEMANTIC_FLOOR) gains `gain` × the best lexical score
    (`top`; 1 when nothing matched lexically), the others within SERVICE_MARGIN of it
    proportionally less; a service tagged with an understood need category gains up to
    TERM_SHARE × that. The gain falls with the lexical confidence of the `plan`, and a lexical
    hit gains only the share of it that the confidence leaves (none when every word is known).
    Services not in `allowed` (the filters and the inactive mask; None = all) are never added.
    """
    vector = _result(future)
    if vector is None or off_topic(vector):
        return hits
    confidence = lexical_confidence(plan, snap) if plan is not None else 1.0
    base = (top if top > 0 else 1.0) * (GAIN_LEXICAL + (GAIN_UNKNOWN - GAIN_LEXICAL) * (1.0 - confidence))
    bonus: dict[int, float] = {}
    try:
        _add_services(bonus, vector, snap, base, TOP_SERVICES if about_a_need(vector) else FEW)
        _add_terms(bonus, _understood(vector), snap, base)
    except Exception:  # the semantic layer must never cost a resident the lexical answer
        log.exception("semantic ranking failed; answering lexically")
        return hits
    rerank = 1.0 - confidence  # when every word is known, the lexical order of lexical hits stands
    for doc, extra in bonus.items():
        if doc in hits:
            hits[doc] += extra * rerank
        elif allowed is None or doc in allowed:
            hits[doc] = extra
    return hits


def _add_services(bonus: dict[int, float], vector: np.ndarray, snap, base: float, most: int) -> None:
    state = _state()
    ids, matrix = _services(state, snap.seq)
    if not ids:
        return
    rows = _rows_to_docnums(state, snap, ids)
    sims = matrix @ vector
    floor = current_app.config["SEMANTIC_FLOOR"]
    sims[rows < 0] = -1.0
    best = np.argpartition(-sims, most)[:most] if len(sims) > most else np.arange(len(sims))
    best = best[np.argsort(-sims[best])]
    first = float(sims[best[0]])
    best = best[sims[best] >= max(floor, first - SERVICE_MARGIN)]
    for row, weight in zip(best, 1.0 - (first - sims[best]) / SERVICE_MARGIN):
        doc = int(rows[row])
        bonus[doc] = bonus.get(doc, 0.0) + base * float(weight)


def _add_terms(bonus: dict[int, float], terms: list[tuple[str, float]], snap, base: float) -> None:
    floor = current_app.config["SEMANTIC_TERM_FLOOR"]
    for code, sim in terms:
        extra = TERM_SHARE * base * float(_scale(np.float32(sim), floor))
        for doc in snap.docs("target_group", code) | snap.docs("kind", code):
            bonus[doc] = bonus.get(doc, 0.0) + extra
