"""An open searcher of one index generation, with the tables fast search needs, reused across requests.

Opening the index, reading stored fields and walking Whoosh's matcher tree hit by hit
made every search cost O(matches) in slow Python. A `Snapshot` instead keeps, per
process (and thread), one open searcher until the index changes (its folder or the
change seq in state.json), plus:

* per segment (segments never change once written, so these survive edits): the
  quantized field lengths, and the `id` and `sort_key` columns, by local docnum;
* per snapshot: the docnum sets of keyword terms (filters, facets, tiers, status) and
  the BM25F score tables of recurring sub-queries (a word in every field, a synonym
  phrase, a thesaurus row), computed from postings a block at a time.

`scoring.py` evaluates the Whoosh query tree on these, exactly as Whoosh would score it.
"""
import os
import threading
from array import array
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.util.numeric import byte_to_length

from . import storage

K1, B = 1.2, 0.75  # Whoosh's BM25F defaults (the schema sets no per-field B)
SCORE_CACHE_ENTRIES = 16_000_000  # (docnum, score) pairs one snapshot keeps in score tables (16 bytes each)
SEGMENT_CACHE = 64  # segments whose column tables the process keeps

Table = tuple  # (array("q") docnums, array("d") scores): a compact, cacheable score table

_local = threading.local()
_segments: "OrderedDict[str, Segment]" = OrderedDict()
_segments_lock = threading.Lock()


@dataclass
class Segment:
    """What never changes in one written segment: lengths, ids and sort keys by local docnum.

    Shared by the snapshots of later generations that still hold the segment; each passes
    its own (open) reader of it.
    """

    lengths: dict[str, np.ndarray] = field(default_factory=dict)  # a field's length bytes by docnum
    columns: dict[str, list[str]] = field(default_factory=dict)

    def length_bytes(self, reader, fieldname: str) -> np.ndarray:
        table = self.lengths.get(fieldname)
        if table is None:
            column = reader._perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
            table = np.fromiter(column, dtype=np.uint8) if column is not None \
                else np.zeros(reader.doc_count_all(), dtype=np.uint8)
            self.lengths[fieldname] = table
        return table

    def column(self, reader, fieldname: str) -> list[str]:
        values = self.columns.get(fieldname)
        if values is None:
            values = [v.decode("utf-8") if isinstance(v, bytes) else v
                      for v in reader.column_reader(fieldname, translate=True)]
            self.columns[fieldname] = values
        return values


def _segment(reader) -> Segment:
    """Return the cached tables of a segment reader's segment (new segments start empty)."""
    key = reader.segment().segment_id()
    with _segments_lock:
        seg = _segments.get(key)
        if seg is None:
            seg = _segments[key] = Segment()
            while len(_segments) > SEGMENT_CACHE:
                _segments.popitem(last=False)
        else:
            _segments.move_to_end(key)
        return seg


class Leaf:
    """One segment of the snapshot: its reader, global docnum offset and deletions."""

    def __init__(self, reader, offset: int):
        self.reader, self.offset = reader, offset
        self.segment = _segment(reader)
        self.deleted = reader.deleted_docs_set if reader.has_deletions() else frozenset()
        self.count = reader.doc_count_all()


class Snapshot:
    """An open searcher of one index generation and its lazily built tables."""

    def __init__(self, folder: Path, seq: int, ix):
        self.folder, self.seq = folder, seq
        self.sizes = _sizes(folder)
        self.searcher = ix.searcher()
        self.reader = self.searcher.reader()
        self.leaves = [Leaf(r, off) for r, off in self.reader.leaf_readers()
                       if r.segment() is not None]  # an empty directory's index has no segment at all
        self.size = sum(leaf.count for leaf in self.leaves)
        self._keyword: dict[tuple[str, str], frozenset[int]] = {}
        self._bits: dict[tuple[str, str], int] = {}
        self._arrays: dict[tuple[str, str], np.ndarray] = {}
        self._lexicons: dict[str, list[str]] = {}
        self._scores: "OrderedDict[object, Table]" = OrderedDict()
        self._scores_size = 0
        self._universe: frozenset[int] | None = None
        self._ids: list[str] | None = None
        self._sort_keys: list[str] | None = None
        self._families: list[str] | None = None
        self._family_numbers: np.ndarray | None = None
        self.memo: dict = {}  # small per-generation caches of the query side (spelling, lemmas)

    def close(self) -> None:
        self.searcher.close()

    def intact(self) -> bool:
        """Tell whether its files are as opened, or deleted (still readable through the open files).

        A file changed in place (truncated, overwritten) could crash the process when read
        through its memory map, so such a snapshot is never used again."""
        now = _sizes(self.folder)
        return all(now.get(name, size) == size for name, size in self.sizes.items())

    # -- documents ---------------------------------------------------------------------------

    @property
    def universe(self) -> frozenset[int]:
        """Every live docnum."""
        if self._universe is None:
            self._universe = frozenset(
                leaf.offset + d for leaf in self.leaves for d in range(leaf.count) if d not in leaf.deleted)
        return self._universe

    @property
    def ids(self) -> list[str]:
        if self._ids is None:
            self._ids = [v for leaf in self.leaves for v in leaf.segment.column(leaf.reader, "id")]
        return self._ids

    @property
    def sort_keys(self) -> list[str]:
        if self._sort_keys is None:
            self._sort_keys = [v for leaf in self.leaves for v in leaf.segment.column(leaf.reader, "sort_key")]
        return self._sort_keys

    @property
    def families(self) -> list[str]:
        """Return each docnum's family key (the results page's card: folded name and network)."""
        if self._families is None:
            self._families = [key.rsplit("\x00", 1)[0] for key in self.sort_keys]
        return self._families

    @property
    def family_numbers(self) -> np.ndarray:
        """Return each docnum's family as a number (equal numbers, one card)."""
        if self._family_numbers is None:
            self._family_numbers = np.unique(np.array(self.families, dtype=object), return_inverse=True)[1]
        return self._family_numbers

    # -- keyword fields ----------------------------------------------------------------------

    def docs(self, fieldname: str, text: str) -> frozenset[int]:
        """Return the live docnums whose keyword field holds text."""
        key = (fieldname, text)
        found = self._keyword.get(key)
        if found is None:
            out = []
            for leaf in self.leaves:
                if (fieldname, text) in leaf.reader:
                    off = leaf.offset
                    out.extend(off + d for d in leaf.reader.postings(fieldname, text).all_ids())
            found = self._keyword[key] = frozenset(out)
        return found

    def bits(self, fieldname: str, text: str) -> int:
        """Return the docnums of a keyword term as a bitset (bit d set for docnum d)."""
        key = (fieldname, text)
        found = self._bits.get(key)
        if found is None:
            found = self._bits[key] = bits(self.doc_array(fieldname, text), self.size)
        return found

    def doc_array(self, fieldname: str, text: str) -> np.ndarray:
        """Return the live docnums whose keyword field holds text, as an array."""
        key = (fieldname, text)
        found = self._arrays.get(key)
        if found is None:
            found = self._arrays[key] = np.fromiter(self.docs(fieldname, text), dtype=np.int64)
        return found

    def lexicon(self, fieldname: str) -> list[str]:
        """Return the distinct terms of a (keyword) field."""
        terms = self._lexicons.get(fieldname)
        if terms is None:
            terms = self._lexicons[fieldname] = [
                t.decode("utf-8") if isinstance(t, bytes) else t for t in self.reader.lexicon(fieldname)]
        return terms

    # -- text fields -------------------------------------------------------------------------

    def term_scores(self, fieldname: str, text: str) -> "Table":
        """Return the (docnums, BM25F scores at boost 1) of a text term, as Whoosh's BM25F scores it.

        Not cached itself: scoring.py caches the sums over a word's fields built from it."""
        key = (fieldname, text)
        docnums, values = array("q"), array("d")
        if key in self.reader:
            searcher = self.searcher
            idf = searcher.idf(fieldname, text)
            avgfl = searcher.avg_field_length(fieldname) or 1
            norm = np.array([K1 * ((1 - B) + B * (byte_to_length(b) if b else 1) / avgfl) for b in range(256)])
            k1p1 = K1 + 1
            for leaf in self.leaves:
                if key not in leaf.reader:
                    continue
                ids, weights = _postings(leaf.reader, fieldname, text)
                ids, tf = np.array(ids, dtype=np.int64), np.array(weights, dtype=np.float64)
                if leaf.deleted:
                    keep = ~np.isin(ids, np.fromiter(leaf.deleted, dtype=np.int64, count=len(leaf.deleted)))
                    ids, tf = ids[keep], tf[keep]
                lengths = leaf.segment.length_bytes(leaf.reader, fieldname)
                # Whoosh's BM25F, the same double operations in the same order, a whole posting list at once
                scores = idf * ((tf * k1p1) / (tf + norm[lengths[ids]]))
                docnums.frombytes((ids + leaf.offset).tobytes())
                values.frombytes(scores.tobytes())
        return docnums, values

    def cached_scores(self, key) -> "Table | None":
        """Return a kept score table (a text term's, or a sub-query's: see scoring.py), or None."""
        found = self._scores.get(key)
        if found is not None:
            self._scores.move_to_end(key)
        return found

    def cache_scores(self, key, table: "Table") -> None:
        """Keep a score table, dropping the least recently used beyond SCORE_CACHE_ENTRIES."""
        if key in self._scores:
            return
        self._scores[key] = table
        self._scores_size += len(table[0])
        while self._scores_size > SCORE_CACHE_ENTRIES and len(self._scores) > 1:
            _, dropped = self._scores.popitem(last=False)
            self._scores_size -= len(dropped[0])


def _sizes(folder: Path) -> dict[str, int]:
    try:
        return {entry.name: entry.stat().st_size for entry in os.scandir(folder)
                if entry.is_file() and entry.name.endswith((".seg", ".toc"))}  # written once, never changed
    except OSError:  # the folder is gone
        return {}


def bits(docnums, size: int) -> int:
    """Return a set of docnums as a bitset: a Python int with bit d set for each docnum d."""
    flags = np.zeros(size + 1, dtype=bool)
    if not isinstance(docnums, np.ndarray):
        docnums = np.fromiter(docnums, dtype=np.int64, count=len(docnums))
    flags[docnums] = True
    return int.from_bytes(np.packbits(flags, bitorder="little").tobytes(), "little")


def _postings(reader, fieldname: str, text: str):
    """Return (docnums, weights) of a term in one segment, read a block at a time."""
    m = reader.postings(fieldname, text)
    m = getattr(m, "child", m)  # deletions are filtered by the caller
    if hasattr(m, "_read_ids") and hasattr(m, "_next_block"):  # Whoosh 3 block postings
        ids, weights = [], []
        while m.is_active():
            m._read_ids()
            m._read_weights()
            ids.extend(m._ids)
            weights.extend(m._weights)
            m._next_block()
        return ids, weights
    ids, weights = [], []
    while m.is_active():
        ids.append(m.id())
        weights.append(m.weight())
        m.next()
    return ids, weights


def current(app) -> Snapshot:
    """Return this thread's snapshot of the live index, reopening it when the index changed.

    The caller has made the index usable and current (sync.ensure_current); the check here
    is two tiny file reads (the `current` pointer and state.json).
    """
    base = storage.root(app)
    folder = storage.current_folder(base)
    state = storage.read_state(folder) if folder else {}
    snap = getattr(_local, "snapshot", None)
    if snap is not None and folder == snap.folder and state.get("seq", 0) == snap.seq:
        return snap
    ix, folder, seq = storage.open_current(base)
    fresh = Snapshot(folder, seq, ix)
    if snap is not None:
        try:
            snap.close()
        except Exception:  # an old generation's files may be gone already
            pass
    _local.snapshot = fresh
    return fresh


def kept(app) -> "Snapshot | None":
    """Return this thread's open snapshot of the app's index, whatever happened to its folder since."""
    snap = getattr(_local, "snapshot", None)
    if snap is None or snap.folder.parent != Path(app.config["INDEX_DIR"]) or not snap.intact():
        return None
    return snap


def forget() -> None:
    """Drop this thread's snapshot (after an error, or in tests)."""
    snap = getattr(_local, "snapshot", None)
    _local.snapshot = None
    if snap is not None:
        try:
            snap.close()
        except Exception:
            pass
