"""The index is a cache of the database: it follows commits, survives deletion, and two
processes writing at once never fail."""
import multiprocessing
import shutil
from pathlib import Path

from infotocka.extensions import db
from infotocka.search import rebuilder
from infotocka.search import SearchQuery, search, storage
from infotocka.search.cli import reindex_command
from tests.conftest import rename


def ids(text):
    return search(SearchQuery(text=text, per_page=50)).ids


def test_edit_is_findable_right_after_commit(app, sample):
    assert ids("kurentovanje") == []
    rename("svc-dut-prosti-cas", "Kurentovanje za upokojence")
    assert ids("kurentovanje") == ["svc-dut-prosti-cas"]


def test_index_rebuilt_after_its_folder_is_deleted(app, sample):
    assert "svc-sos-telefon" in ids("sos telefon")
    rebuilder.wait(app, 120)  # a rebuild the import started (PostgreSQL: no template index) has ended
    shutil.rmtree(app.config["INDEX_DIR"])
    assert "svc-sos-telefon" in ids("sos telefon")
    rebuilder.wait(app, 120)


def test_corrupt_or_outdated_index_is_rebuilt(app, sample):
    ids("telefon")
    folder = storage.current_folder(Path(app.config["INDEX_DIR"]))
    for f in folder.glob("*.seg"):
        f.write_bytes(b"garbage")
    (folder / storage.STATE).write_text('{"schema": -1, "seq": 0}')
    assert "svc-sos-telefon" in ids("sos telefon")


def test_reindex_command_swaps_folders(app, sample):
    runner = app.test_cli_runner()
    assert "Indexed" in runner.invoke(reindex_command).output
    first = storage.current_folder(Path(app.config["INDEX_DIR"]))
    assert "Indexed" in runner.invoke(reindex_command).output
    second = storage.current_folder(Path(app.config["INDEX_DIR"]))
    assert first != second and not first.exists()
    assert "usable" in runner.invoke(reindex_command, ["--if-needed"]).output


def _edit_many(config, prefix, count, errors):
    from infotocka import create_app
    app = create_app(config)
    try:
        with app.app_context():
            for i in range(count):
                rename(f"svc-csd-{prefix}-dsp", f"Pomoč {prefix} {i}")
                search(SearchQuery(text=f"{prefix}"))
    except Exception as exc:  # reported to the parent
        errors.put(repr(exc))


def test_two_processes_editing_at_once(app, sample):
    ids("pomoč")  # the index exists before both writers start
    config = {k: app.config[k] for k in ("SQLALCHEMY_DATABASE_URI", "INDEX_DIR", "SECRET_KEY")}
    config.update(TESTING=True, RATELIMIT_ENABLED=False, SEMANTIC_SEARCH=False)
    if config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):  # wait for the other writer's lock
        config["SQLALCHEMY_ENGINE_OPTIONS"] = {"connect_args": {"timeout": 30}}
    ctx = multiprocessing.get_context("spawn")
    errors = ctx.Queue()
    procs = [ctx.Process(target=_edit_many, args=(config, p, 8, errors)) for p in ("kranj", "trbovlje")]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
    problems = [errors.get() for _ in range(errors.qsize())] if not errors.empty() else []
    assert all(p.exitcode == 0 for p in procs) and problems == []
    db.session.expire_all()
    assert ids("kranj 7")[0] == "svc-csd-kranj-dsp"
    assert "svc-csd-trbovlje-dsp" in ids("trbovlje 7")[:3]
