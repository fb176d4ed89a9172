"""The search-quality floor: the harness must not drop below the figures measured so far."""
from pathlib import Path

from infotocka.search import search
from infotocka.search.quality import evaluate, format_report, read_queries

QUERIES = Path(__file__).parent / "quality_queries.csv"
FLOOR_OVERALL = 0.98  # measured 1.000 over 127 queries (2026-11); slack for ties
FLOOR_STYLE = 0.95  # measured 1.000 in every style; the per-style target
STYLES = {"inflected", "no_diacritics", "need", "typo", "abbreviation"}


def test_quality_floor(directory):
    queries = read_queries(QUERIES, directory)
    assert len(queries) >= 120 and {q.style for q in queries} == STYLES
    result = evaluate(queries, search)
    report = format_report(result)
    assert result["styles"]["overall"]["success@5"] >= FLOOR_OVERALL, report
    for style in STYLES:
        assert result["styles"][style]["success@5"] >= FLOOR_STYLE, report
