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
