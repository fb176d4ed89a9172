"""Stories, slang and other languages: graded queries (tests/search/understanding_queries.csv) over the
sample plus the test listings. First run 0.944 overall (slang 0.875, Hungarian 0.750); now 1.000."""
from pathlib import Path

from infotocka.search import search
from infotocka.search.quality import evaluate, format_report, read_queries

QUERIES = Path(__file__).parent / "understanding_queries.csv"
STYLES = {"story", "slang", "en", "it", "hu", "hr"}
FLOOR_OVERALL = 0.95
FLOOR_STYLE = 0.90  # the target for stories, slang and each other language


def test_stories_slang_and_other_languages_find_their_help(directory):
    queries = read_queries(QUERIES, directory)
    assert {q.style for q in queries} == STYLES
    result = evaluate(queries, search)
    report = format_report(result)
    assert result["styles"]["overall"]["success@5"] >= FLOOR_OVERALL, report
    for style in STYLES:
        assert result["styles"][style]["success@5"] >= FLOOR_STYLE, report
