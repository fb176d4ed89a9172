"""Fixtures: each test gets its own real database (SQLite, or PostgreSQL when
INFOTOCKA_TEST_DATABASE_URL is set) and its own Whoosh index folder."""
import os
import shutil
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from sqlalchemy import text

from infotocka import create_app
from infotocka.extensions import db

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "sample-directory.json"
PG_URL = os.environ.get("INFOTOCKA_TEST_DATABASE_URL")


class IsolatedClient(FlaskClient):
    """Run each request in its own app context, as in production (fresh `g`, own database session).

    The `app` fixture keeps an app context pushed for the whole test; without this, requests would
    reuse it and, for example, Flask-Login's cached user in `g` would leak from one client to the next."""

    def open(self, *args, **kwargs):
        with self.application.app_context():
            return super().open(*args, **kwargs)


def _config(tmp: Path, db_url: str) -> dict:
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": db_url,
        "INDEX_DIR": str(tmp / "index"),
        "WTF_CSRF_ENABLED": False,
        "GEOCODER": "gazetteer",
        "RATELIMIT_ENABLED": False,
        "INDEX_REBUILD_PROCESS": False,  # a thread: no interpreter start per test (test_healing tests the process)
        "INDEX_REBUILD_WAIT": 120,  # the first search of a test waits for its index (built in the background)
        "CACHE_DIR": str(tmp / "cache"),
        "PRECOMPUTED_WAIT": 120,  # and an export or coverage report for its build
    }


def _reset_postgres() -> None:
    db.session.remove()
    with db.engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))


@pytest.fixture(scope="session")
def seeded_sqlite(tmp_path_factory) -> Path:
    """Build one seeded SQLite file per session; each test gets a copy."""
    path = tmp_path_factory.mktemp("template") / "seeded.db"
    app = create_app(_config(path.parent, f"sqlite:///{path}"))
    with app.app_context():
        from infotocka.directory.seed import seed_all
        db.create_all()
        seed_all()
        db.engine.dispose()
    return path


@pytest.fixture
def make_app(tmp_path, request):
    """Return a factory for apps on a fresh seeded database; extra config overrides the test defaults."""
    made = []

    def factory(**overrides):
        if PG_URL:
            url = PG_URL
        else:
            path = tmp_path / f"db{len(made)}.sqlite"
            shutil.copy(request.getfixturevalue("seeded_sqlite"), path)
            url = f"sqlite:///{path}"
        app = create_app({**_config(tmp_path, url), **overrides})
        app.test_client_class = IsolatedClient
        if PG_URL:
            with app.app_context():
                from infotocka.directory.seed import seed_all
                _reset_postgres()
                db.create_all()
                seed_all()
        made.append(app)
        return app

    yield factory
    for app in made:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture
def app(make_app):
    app = make_app()
    with app.app_context():
        yield app


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def sample(app):
    """Import data/sample-directory.json (69 services, 32 organizations); return the import report."""
    from infotocka.directory.hsds_import import import_path
    return import_path(SAMPLE)
