"""Fixtures for kiosk, slip and safety tests: the sample directory plus one confidential safe house."""
from pathlib import Path

import pytest

SAFE_HOUSE = Path(__file__).resolve().parent.parent / "browser" / "safe_house.json"


@pytest.fixture
def directory(app, sample):
    """Import the sample and the safe house (a listing for victims of violence at a secret address)."""
    from infotocka.directory.hsds_import import import_path
    from infotocka.extensions import db
    import_path(SAFE_HOUSE)
    db.session.commit()
    return app
