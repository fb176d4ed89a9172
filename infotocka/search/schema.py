"""The Whoosh schema of services: lemma text fields, a plain field, keyword fields for filters.

Bump SCHEMA_VERSION whenever fields or analysis change: an index built with another
version is rebuilt automatically at the next search or `flask reindex --if-needed`.
"""
from collections import defaultdict
from functools import lru_cache

from whoosh.columns import VarBytesColumn
from whoosh.fields import ID, KEYWORD, TEXT, Schema
from whoosh.formats import Frequency
from whoosh.system import pack_uint

from .analysis import lemma_analyzer, plain_analyzer, stem_analyzer

SCHEMA_VERSION = 9

# Lemma fields searched for each query word, with their boosts (BM25F per field).
TEXT_FIELDS = {
    "name": 4.0,  # service name and alternate name
    "org": 2.0,  # organization name and alternate name
    "terms": 1.5,  # taxonomy labels, Slovene and English
    "body": 1.0,  # description, eligibility, application process, fees
    "places": 1.0,  # municipality and region names of areas and locations
}
STEM_FIELD, STEM_BOOST = "stems", 0.35
PLAIN_FIELD = "plain"

# Keyword fields: filters, facets and ranking. Stored, so facets need no database query.
KEYWORD_FIELDS = ("target_group", "kind", "provider_type", "area", "located", "org_id", "status", "trait", "language")
TRAITS = ("free", "wheelchair")  # `trait` values: free of charge, wheelchair access at a place
NATIONAL = "national"  # `area` marker of a service with no service area


class StringColumn(VarBytesColumn):
    """Whoosh's column of an ID field, comparing by value (the schema is pickled and compared)."""

    def __eq__(self, other):
        return type(self) is type(other) and self.__dict__ == other.__dict__

    def __hash__(self):
        return hash(type(self))


class LineCachedText(TEXT):
    """Whoosh's TEXT field (frequencies, no positions) that analyses a value line by line and keeps
    the words of the lines it has met.

    Documents repeat lines: a taxonomy term's name and description is a line of the `terms` field, and
    of `stems` and `plain`, in every service that has the term — six of every ten words a rebuild
    analyses. Tokens never span a line break and the analyzers look at one token at a time, so the
    postings (words, frequencies, weights, field length) are those of the whole value.
    """

    LINES_KEPT = 4096  # lines whose words a field keeps, the least recently used dropped first

    def index(self, value, **kwargs):
        plain = isinstance(value, str) and isinstance(self.format, Frequency) and kwargs in ({}, {"mode": "index"})
        if not plain:
            yield from super().index(value, **kwargs)
            return
        freqs: dict[str, int] = defaultdict(int)
        weights: dict[str, float] = defaultdict(float)
        for line in value.split("\n"):
            for word, freq, weight in self._line_words(line):
                freqs[word] += freq
                weights[word] += weight
        for word, freq in freqs.items():  # encoded as Frequency.word_values encodes a frequency
            yield word.encode("utf-8"), freq, weights[word], pack_uint(freq)

    def _line_words(self, line: str) -> tuple[tuple[str, int, float], ...]:
        """Return (word, frequency, weight) of one line, as Whoosh's Frequency format counts them."""
        cached = self.__dict__.get("_cached_line_words")
        if cached is None:  # made per process and field: the cache is not pickled (__getstate__)
            cached = self.__dict__["_cached_line_words"] = lru_cache(maxsize=self.LINES_KEPT)(self._analyse_line)
        return cached(line)

    def _analyse_line(self, line: str) -> tuple[tuple[str, int, float], ...]:
        return tuple((word, freq, weight) for word, freq, weight, _ in
                     self.format.word_values(line, self.analyzer, mode="index"))

    def __getstate__(self):  # the schema is pickled into the index and to the processes of a rebuild
        state = self.__dict__.copy()
        state.pop("_cached_line_words", None)
        return state


def make_schema() -> Schema:
    """Build the schema (the analyzers are pickled into the index with it)."""
    lem, stems, plain = lemma_analyzer(), stem_analyzer(), plain_analyzer()
    fields = {name: LineCachedText(analyzer=lem, phrase=False) for name in TEXT_FIELDS}
    fields[STEM_FIELD] = LineCachedText(analyzer=stems, phrase=False)
    fields[PLAIN_FIELD] = LineCachedText(analyzer=plain, phrase=False, spelling=True)
    for name in KEYWORD_FIELDS:
        fields[name] = KEYWORD(stored=True, commas=False, lowercase=False, scorable=False)
    # id and sort_key are also columns, so search reads them per segment at once (snapshot.py)
    return Schema(id=ID(stored=True, unique=True, sortable=StringColumn()),
                  sort_key=ID(stored=True, sortable=StringColumn()),
                  **fields)
