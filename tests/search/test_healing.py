"""The index heals itself without a rebuild inside a request: the old generation or an honest
"iskanje se obnavlja" answers meanwhile, and a database restored from a backup is noticed."""
import shutil
from pathlib import Path

import pytest
from sqlalchemy import text

from infotocka.directory.changes import position
from infotocka.extensions import db
from infotocka.models import Service
from tests.conftest import rename
from infotocka.search import SearchQuery, rebuilder, search, snapshot, storage
from infotocka.search.cli import reindex_command


def ids(text_):
    return search(SearchQuery(text=text_, per_page=50)).ids


@pytest.fixture
def other_rebuilder(app):
    """Hold the rebuild lock as another worker rebuilding this host's index would."""
    lock = storage.try_rebuild_lock(storage.root(app))
    assert lock is not None
    yield lock
    lock.close()


def index_dir(app) -> Path:
    return Path(app.config["INDEX_DIR"])


def test_no_index_gives_an_honest_page_with_help_then_heals(app, client, sample, other_rebuilder):
    app.config.update(INDEX_REBUILD_WAIT=0, INDEX_REBUILD_PROCESS=True)  # as in production: a child process
    shutil.rmtree(index_dir(app), ignore_errors=True)
    snapshot.forget()
    page = client.get("/iskanje?q=partner+mi+grozi")
    html = page.get_data(as_text=True)
    assert page.status_code == 503 and page.headers["Retry-After"] == "30"
    assert "Iskanje se obnavlja" in html
    assert "080 11 55" in html and "113" in html  # emergency numbers, SOS line for victims of violence
    assert "SOS telefon" in html  # the directory's helplines, read without the index
    api = client.get("/api/v1/services?search=partner+mi+grozi")
    assert api.status_code == 503 and api.headers["Retry-After"] == "30"
    assert "obnavlja" in api.get_json()["message"]
    other_rebuilder.close()  # the other worker died: the next search rebuilds in the background
    client.get("/iskanje?q=partner+mi+grozi")
    rebuilder.wait(app, 120)
    healed = client.get("/iskanje?q=partner+mi+grozi")
    assert healed.status_code == 200 and "/storitev/svc-sos-telefon" in healed.get_data(as_text=True)


def test_the_previous_generation_answers_while_the_folder_is_rebuilt(app, sample):
    assert "svc-sos-telefon" in ids("sos telefon")
    app.config["INDEX_REBUILD_WAIT"] = 0
    other_rebuilder = storage.try_rebuild_lock(index_dir(app))  # another worker rebuilds
    shutil.rmtree(index_dir(app))
    assert "svc-sos-telefon" in ids("sos telefon")  # this worker's open searcher still reads
    other_rebuilder.close()


def test_a_search_never_builds_inside_the_request(app, client, sample):
    ids("telefon")
    app.config["INDEX_REBUILD_WAIT"] = 0
    shutil.rmtree(index_dir(app))
    snapshot.forget()
    assert client.get("/iskanje?q=telefon").status_code == 503  # the rebuild runs beside it
    rebuilder.wait(app, 120)
    assert client.get("/iskanje?q=telefon").status_code == 200


def test_damaged_pointer_is_repaired_without_errors(app, sample, caplog):
    ids("telefon")
    (index_dir(app) / storage.POINTER).write_bytes(b"\xff\xfeix-\x00../../etc")
    snapshot.forget()
    assert "svc-sos-telefon" in ids("sos telefon")
    assert storage.current_folder(index_dir(app)) is not None
    assert not [r for r in caplog.records if r.exc_info]  # no traceback per search


def test_a_file_in_place_of_the_index_folder_is_moved_aside(app, sample):
    ids("telefon")
    shutil.rmtree(index_dir(app))
    index_dir(app).write_text("not a folder")
    snapshot.forget()
    assert "svc-sos-telefon" in ids("sos telefon")
    assert index_dir(app).is_dir()
    assert [p for p in index_dir(app).parent.iterdir() if ".not-a-folder-" in p.name]


def test_remains_of_killed_rebuilds_are_removed(app, sample):
    ids("telefon")
    base = index_dir(app)
    for name in ("ix-20250101000000-abcdef", "ix-20250101000001-012345"):  # killed mid-build: no state.json
        (base / name).mkdir()
        (base / name / "_MAIN_1.toc").write_bytes(b"x" * 1000)
    app.test_cli_runner().invoke(reindex_command)
    assert [p.name for p in base.glob("ix-*")] == [storage.current_folder(base).name]


def _restore_backup(seq: int, service_id: str, name: str) -> None:
    """Do to the database what restoring a backup taken at change `seq` does (in SQL: not a write the app logs)."""
    db.session.execute(text("DELETE FROM change WHERE seq > :s"), {"s": seq})
    db.session.execute(text("UPDATE service SET name = :n WHERE id = :i"), {"n": name, "i": service_id})
    if db.engine.dialect.name == "postgresql":
        db.session.execute(text("SELECT setval(pg_get_serial_sequence('change', 'seq'), :s)"), {"s": seq})
    db.session.commit()


def _edit_then_restore(edits: int) -> int:
    """Edit a listing (the index follows), then restore the backup taken before; return its seq."""
    sid = "svc-dut-prosti-cas"
    original = db.session.get(Service, sid).name
    ids("telefon")
    backup_seq = position()[0]
    for i in range(edits):
        rename(sid, f"Kurentovanje za upokojence {i}")
    assert ids("kurentovanje") == [sid]
    _restore_backup(backup_seq, sid, original)
    return backup_seq


def test_a_database_restored_from_a_backup_is_caught(app, sample):
    backup_seq = _edit_then_restore(2)
    rename("svc-sos-telefon", "SOS telefon")  # life goes on after the restore: the log reaches
    rename("svc-sos-telefon", "SOS telefon za ženske")  # the index's seq again, with other changes
    assert position()[0] == backup_seq + 2
    output = app.test_cli_runner().invoke(reindex_command, ["--if-needed"]).output
    assert "usable" not in output.replace("unusable", "") and "rebuilding" in output
    assert ids("kurentovanje") == []
    assert "svc-sos-telefon" in ids("ženske")


def test_search_rebuilds_after_a_restore_in_the_background(app, sample):
    _edit_then_restore(1)
    rename("svc-sos-telefon", "SOS telefon za ženske")
    ids("telefon")  # notices the restore, answers from the old generation, rebuilds beside it
    rebuilder.wait(app, 120)
    assert ids("kurentovanje") == []
    assert "svc-sos-telefon" in ids("ženske")


def test_an_empty_directory_is_searched_by_the_one_engine(client):
    response = client.get("/iskanje?q=telefon")  # an index without a single segment
    assert response.status_code == 200 and "0 storitev" in response.get_data(as_text=True)
    assert client.get("/api/v1/services?search=telefon").get_json()["total_items"] == 0
