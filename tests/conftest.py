"""Fixtures: each test gets its own real database (SQLite, or PostgreSQL when
INFOTOCKA_TEST_DATABASE_URL is set) and its own Whoosh index folder."""
import contextlib
import copy
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


def _worker_database(url: str | None) -> str | None:
    """Give each pytest-xdist worker its own PostgreSQL database on the same server (<name>_gw0, …),
    created on first use, so workers never reset each other's schema."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not url or not worker:
        return url
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url
    base = make_url(url)
    name = f"{base.database}_{worker}"
    engine = create_engine(base, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text("SELECT pg_advisory_lock(727401)"))  # one CREATE DATABASE at a time
        if conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}).first() is None:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        conn.execute(text("SELECT pg_advisory_unlock(727401)"))
    engine.dispose()
    return base.set(database=name).render_as_string(hide_password=False)


PG_URL = _worker_database(os.environ.get("INFOTOCKA_TEST_DATABASE_URL"))


def rename(service_id: str, name: str) -> None:
    """Rename a listing directly in the database, as a writer does: logged for the index, committed."""
    from infotocka.models import Service
    db.session.get(Service, service_id).name = name
    db.session.commit()


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
        "SEMANTIC_SEARCH": False,  # the tests of the semantic layer turn it on (tests/search/test_semantic.py)
        "INDEX_REBUILD_PROCESS": False,  # a thread: no interpreter start per test (test_healing tests the process)
        "INDEX_REBUILD_WAIT": 120,  # the first search of a test waits for its index (built in the background)
        "CACHE_DIR": str(tmp / "cache"),
        "PRECOMPUTED_WAIT": 120,  # and an export or coverage report for its build
        "PAGE_CACHE_HEADER": True,  # tests/test_page_cache.py tells hits from misses
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


@pytest.fixture(scope="session")
def sample_template(tmp_path_factory, seeded_sqlite):
    """Import the sample into a copy of the seeded database and build its index, once per session (SQLite).

    Return the database file, the index folder and the import report; `sample` copies them for each test."""
    from infotocka.directory.hsds_import import import_path
    from infotocka.search.sync import rebuild

    folder = tmp_path_factory.mktemp("sample-template")
    path = folder / "sample.db"
    shutil.copy(seeded_sqlite, path)
    app = create_app(_config(folder, f"sqlite:///{path}"))
    with app.app_context():
        report = import_path(SAMPLE)
        rebuild(app)
        db.session.remove()
        db.engine.dispose()
    return path, folder / "index", report


@pytest.fixture
def sample(app, request):
    """The sample directory (data/sample-directory.json: 87 services, 46 organizations) in the test's database,
    with its search index; return the import report.

    On SQLite the database file and index of a session-wide template are copied in (the same state an import
    gives, in a fraction of the time); on PostgreSQL the sample is imported."""
    from infotocka.directory.hsds_import import import_path
    if PG_URL:
        return import_path(SAMPLE)
    path, index, report = request.getfixturevalue("sample_template")
    db.session.remove()
    db.engine.dispose()
    shutil.copy(path, db.engine.url.database)
    shutil.rmtree(app.config["INDEX_DIR"], ignore_errors=True)
    shutil.copytree(index, app.config["INDEX_DIR"])
    return copy.deepcopy(report)


class VectorStore:
    """Sentence vectors by text hash in one file that the session's test workers and later sessions share.

    The real model computes each text's vector once per machine: a worker embeds under a lock, so another
    worker that needs the same texts waits and finds them instead of computing them again. The keys include
    the model's id, so another model never meets these vectors."""

    def __init__(self, path: Path):
        self.path = path
        self.forgotten: set[str] = set()

    def forget(self, key: str) -> None:
        """Never hand out this text's vector again in this session (a test that wants it embedded anew)."""
        self.forgotten.add(key)

    def read(self) -> dict[str, str]:
        import json
        try:
            vectors = json.loads(self.path.read_text())
        except (OSError, ValueError):
            vectors = {}
        return {key: hexed for key, hexed in vectors.items() if key not in self.forgotten}

    @contextlib.contextmanager
    def locked(self):
        """The stored vectors, with nobody else embedding until the block ends; what it adds is kept."""
        import fcntl
        import json
        with open(self.path.with_name(self.path.name + ".lock"), "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            vectors = self.read()
            known = len(vectors)
            yield vectors
            if len(vectors) > known:
                tmp = self.path.with_name(f"{self.path.name}.{os.getpid()}")
                tmp.write_text(json.dumps({**self.read(), **vectors}))
                os.replace(tmp, self.path)  # readers never see half a file


@pytest.fixture(scope="session")
def vector_store() -> VectorStore:
    import tempfile
    return VectorStore(Path(tempfile.gettempdir()) / "infotocka-test-embeddings.json")


@pytest.fixture
def embedded(vector_store):
    """Return a function that runs the real embedding job in the current app (SEMANTIC_SEARCH on),
    with the vectors already computed for the same texts put back first: only new texts cost."""
    from infotocka.models import Embedding
    from infotocka.search import embeddings

    def run(**kwargs):
        with vector_store.locked() as vectors:
            known = set(db.session.scalars(db.select(Embedding.text_hash)))
            db.session.add_all(Embedding(text_hash=key, vector=bytes.fromhex(hexed))
                               for key, hexed in vectors.items() if key not in known)
            db.session.commit()
            report = embeddings.fill(**kwargs)
            for row in db.session.scalars(db.select(Embedding)):
                if row.text_hash not in vector_store.forgotten:
                    vectors.setdefault(row.text_hash, row.vector.hex())
        return report
    return run
