"""An import beside web edits (issue 10): on SQLite every record of an import was rejected with "database
is locked" while an editor saved a listing.

The web edit here holds its write transaction open until the import has started writing, then commits
(an event, no sleeps). The import must wait for it and then import every record, not reject them."""
import threading

from sqlalchemy import event

from infotocka.directory.hsds_import import import_records, read_records
from infotocka.extensions import db
from infotocka.models import Service

from tests.conftest import SAMPLE

FIRST_WRITE = ("INSERT", "UPDATE", "DELETE", "BEGIN IMMEDIATE")


def test_an_import_waits_for_a_web_edit_instead_of_rejecting_records(app, sample):
    records = read_records(SAMPLE)[:20]
    for record in records:
        record["description"] += " Posodobljeno z uvozom."
    edited = db.session.scalars(db.select(Service.id).where(Service.id.not_in([r["id"] for r in records]))).first()
    db.session.remove()
    web_holds_lock, import_started = threading.Event(), threading.Event()
    importer = threading.get_ident()

    def signal_first_write(conn, cursor, statement, parameters, context, executemany):
        if threading.get_ident() == importer and statement.lstrip().upper().startswith(FIRST_WRITE):
            import_started.set()

    def web_edit():
        with app.app_context():
            db.session.execute(db.update(Service).where(Service.id == edited).values(alert="Zaprto do srede."))
            web_holds_lock.set()
            assert import_started.wait(30)
            db.session.commit()

    event.listen(db.engine, "before_cursor_execute", signal_first_write)
    editor = threading.Thread(target=web_edit)
    editor.start()
    try:
        assert web_holds_lock.wait(30)
        report = import_records(records)
    finally:
        editor.join(60)
        event.remove(db.engine, "before_cursor_execute", signal_first_write)

    assert (report.rejected, report.updated) == (0, 20), report.problems[:3]
    assert db.session.get(Service, edited).alert == "Zaprto do srede."


def test_sqlite_runs_in_wal_mode_and_a_writer_kept_waiting_too_long_gets_a_503(tmp_path, seeded_sqlite):
    import shutil
    import sqlite3

    from infotocka import create_app
    from infotocka.auth.operations import create_user
    from tests.conftest import _config

    path = tmp_path / "zaseden.sqlite"
    shutil.copy(seeded_sqlite, path)
    app = create_app({**_config(tmp_path, f"sqlite:///{path}"), "SQLITE_BUSY_TIMEOUT": 0.2})
    with app.app_context():
        assert db.session.execute(db.text("PRAGMA journal_mode")).scalar() == "wal"
        create_user("osebje@x.si", "staff", password="pravilno-geslo-123")
        db.session.remove()
    other_writer = sqlite3.connect(path, isolation_level=None)
    other_writer.execute("BEGIN IMMEDIATE")  # e.g. an import batch holding the write lock
    try:
        client = app.test_client()
        assert client.get("/prijava").status_code == 200  # readers are not blocked in WAL mode
        response = client.post("/prijava", data={"email": "osebje@x.si", "password": "pravilno-geslo-123"})
        assert response.status_code == 503 and response.headers["Retry-After"] == "30"
        assert "Podatkovna zbirka je ta trenutek zasedena" in response.get_data(as_text=True)
    finally:
        other_writer.execute("ROLLBACK")
        other_writer.close()
        with app.app_context():
            db.engine.dispose()
