"""The Whoosh schema of services: lemma text fields, a plain field, keyword fields for filters.

Bump SCHEMA_VERSION whenever fields or analysis change: an index built with another
version is rebuilt automatically at the next search or `flask reindex --if-needed`.
"""
from whoosh.columns import VarBytesColumn
from whoosh.fields import ID, KEYWORD, TEXT, Schema

from .analysis import lemma_analyzer, plain_analyzer, stem_analyzer

SCHEMA_VERSION = 7

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


def make_schema() -> Schema:
    """Build the schema (the analyzers are pickled into the index with it)."""
    lem, stems, plain = lemma_analyzer(), stem_analyzer(), plain_analyzer()
    fields = {name: TEXT(analyzer=lem, phrase=False) for name in TEXT_FIELDS}
    fields[STEM_FIELD] = TEXT(analyzer=stems, phrase=False)
    fields[PLAIN_FIELD] = TEXT(analyzer=plain, phrase=False, spelling=True)
    for name in KEYWORD_FIELDS:
        fields[name] = KEYWORD(stored=True, commas=False, lowercase=False, scorable=False)
    # id and sort_key are also columns, so search reads them per segment at once (snapshot.py)
    return Schema(id=ID(stored=True, unique=True, sortable=StringColumn()),
                  sort_key=ID(stored=True, sortable=StringColumn()),
                  **fields)
