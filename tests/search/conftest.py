"""Fixtures of the search tests: the sample directory plus realistic extra listings."""
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def directory(app, sample):
    """Import the extra listings after the sample; return all service ids."""
    from infotocka.directory.hsds_import import import_path
    from infotocka.extensions import db
    from infotocka.models import Service
    for path in sorted(FIXTURES.glob("*.json")):
        import_path(path)
    return list(db.session.scalars(db.select(Service.id)))


def _rows(name: str) -> list[dict]:
    import csv
    with open(Path(__file__).parent / name, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(ln for ln in fh if ln.strip() and not ln.startswith("#")))


@pytest.fixture(scope="session")
def crisis_phrasings() -> list[dict]:
    """Crisis messages (category, language, text) written before the detector was tuned."""
    return _rows("crisis_phrasings.csv")


@pytest.fixture(scope="session")
def ordinary_needs() -> list[str]:
    """Ordinary need queries that must not turn on crisis mode."""
    return [r["text"] for r in _rows("crisis_ordinary.csv")]
