"""The thesaurus data is valid and covers the whole taxonomy."""
import csv
from pathlib import Path

from infotocka.search.datafile import read_rows
from infotocka.search.thesaurus import Thesaurus

ROOT = Path(__file__).resolve().parents[2]


def taxonomy_codes() -> set[str]:
    with open(ROOT / "data" / "taxonomy.csv", encoding="utf-8") as fh:
        return {row["code"] for row in csv.DictReader(fh)}


def test_every_code_exists_and_every_term_is_covered():
    rows = read_rows(ROOT / "data" / "thesaurus.csv")
    used = {code for row in rows for code in row["kode"].split()}
    assert used <= taxonomy_codes()
    assert taxonomy_codes() - used <= {"vsi"}
    assert all(float(row["utez"] or 1) > 0 for row in rows)


def test_longer_phrase_hides_shorter():
    thesaurus = Thesaurus([
        {"izrazi": "groziti", "kode": "zrtve-nasilja", "utez": "2"},
        {"izrazi": "groziti deložacija", "kode": "brezdomci", "utez": "2"},
    ])
    assert set(thesaurus.expand(["groziti", "delozacija"]).codes) == {"brezdomci"}
    assert set(thesaurus.expand(["groziti"]).codes) == {"zrtve-nasilja"}
