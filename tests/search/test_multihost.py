"""Two hosts, each with its own index folder, on one database: an edit saved through one is
found through the other within a second (the other host catches up from the change log)."""
import multiprocessing
import time

from infotocka.extensions import db
from infotocka.models import Service
from infotocka.search import SearchQuery, search

DEADLINE = 1.0


def _other_host(config, ready, go, found):
    from infotocka import create_app
    app = create_app(config)
    with app.app_context():
        search(SearchQuery(text="telefon"))  # builds this host's own index
        ready.put(True)
        committed = go.get(timeout=120)
        while time.time() - committed < 10 * DEADLINE:
            db.session.rollback()  # a new request: a fresh transaction
            if search(SearchQuery(text="kurentovanje")).ids == ["svc-dut-prosti-cas"]:
                found.put(time.time() - committed)
                return
        found.put(None)


def test_an_edit_on_one_host_is_found_on_the_other_within_a_second(app, sample, tmp_path):
    assert search(SearchQuery(text="kurentovanje")).ids == []
    config = {k: app.config[k] for k in ("SQLALCHEMY_DATABASE_URI", "SECRET_KEY")}
    config.update(TESTING=True, RATELIMIT_ENABLED=False, INDEX_DIR=str(tmp_path / "host-2-index"),
                  INDEX_REBUILD_WAIT=120)
    ctx = multiprocessing.get_context("spawn")
    ready, go, found = ctx.Queue(), ctx.Queue(), ctx.Queue()
    host = ctx.Process(target=_other_host, args=(config, ready, go, found))
    host.start()
    try:
        assert ready.get(timeout=180)
        service = db.session.get(Service, "svc-dut-prosti-cas")
        service.name = "Kurentovanje za upokojence"
        db.session.commit()
        go.put(time.time())
        elapsed = found.get(timeout=60)
    finally:
        host.join(60)
    assert elapsed is not None and elapsed < DEADLINE
    assert search(SearchQuery(text="kurentovanje")).ids == ["svc-dut-prosti-cas"]  # and on this host
