"""Geo fixtures: one gazetteer built per session from the seeded template database."""
import pytest

from infotocka import create_app
from infotocka.extensions import db


@pytest.fixture(scope="session")
def gazetteer(seeded_sqlite, tmp_path_factory):
    from infotocka.geo.gazetteer import build

    tmp = tmp_path_factory.mktemp("gaz")
    app = create_app({"TESTING": True, "SECRET_KEY": "t", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{seeded_sqlite}",
                      "INDEX_DIR": str(tmp / "index")})
    with app.app_context():
        built = build()
        db.session.remove()
        db.engine.dispose()
    return built


@pytest.fixture
def geocoder(gazetteer):
    from infotocka.geo.gazetteer import GazetteerGeocoder

    return GazetteerGeocoder(gazetteer)
