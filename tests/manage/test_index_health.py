"""Staff see when search runs degraded: an index rebuild in progress or one that failed."""
import json
from pathlib import Path

from infotocka.search import storage


def test_staff_dashboard_shows_a_running_and_a_failed_rebuild(app, as_role):
    base = storage.root(app)
    staff, editor = as_role("staff"), as_role("editor")
    assert "Iskalni indeks" not in staff.get("/urejanje/").get_data(as_text=True)
    lock = storage.try_rebuild_lock(base)  # a worker is rebuilding
    assert "Iskalni indeks se obnavlja" in staff.get("/urejanje/").get_data(as_text=True)
    assert "Iskalni indeks" not in editor.get("/urejanje/").get_data(as_text=True)
    lock.close()
    (Path(base) / "rebuild.json").write_text(json.dumps(
        {"state": "failed", "finished": "2026-11-30T10:00:00+00:00", "error": "OSError: disk full"}))
    html = staff.get("/urejanje/").get_data(as_text=True)
    assert "Obnova iskalnega indeksa ni uspela" in html and "disk full" in html
