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
