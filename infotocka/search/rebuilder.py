"""Rebuild the index outside of requests: one background process per host, under a cross-process lock.

The rebuild runs in a child process (INDEX_REBUILD_PROCESS, the default) so that it neither
competes with the worker's requests for the GIL nor dies with a worker that gunicorn
restarts; a thread of the worker waits for it. With INDEX_REBUILD_PROCESS false (the tests)
it runs in that thread itself.

A search that finds no usable index starts a rebuild here and waits at most INDEX_REBUILD_WAIT
seconds for it (a small directory is back in well under a second); meanwhile searches are
served from the previous generation when one is usable, else the façade raises
SearchUnavailable ("iskanje se obnavlja"). Only the process holding the rebuild lock
rebuilds; the lock dies with it, and the next rebuild deletes what a killed one left behind.
The state of the last rebuild is kept in INDEX_DIR/rebuild.json for the staff dashboard.
"""
import json
import logging
import os
import subprocess
import sys
import threading
import time
from datetime import datetime, timezone
from pathlib import Path

from . import storage

log = logging.getLogger(__name__)
STATUS = "rebuild.json"
POLL = 0.05  # seconds between looks at the pointer while another process rebuilds

_guard = threading.Lock()
_threads: dict[str, threading.Thread] = {}  # index root → the thread rebuilding it in this process


def _alive(base) -> threading.Thread | None:
    thread = _threads.get(str(base))
    return thread if thread is not None and thread.is_alive() else None


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def read_status(base) -> dict:
    """Return the state of the last rebuild on this host ({} when there was none)."""
    try:
        status = json.loads((base / STATUS).read_bytes())
    except (OSError, ValueError):
        return {}
    return status if isinstance(status, dict) else {}


def _write_status(base, **status) -> None:
    tmp = base / f"{STATUS}.{os.getpid()}.tmp"
    tmp.write_text(json.dumps(status))
    os.replace(tmp, base / STATUS)


def running(base) -> bool:
    """Tell whether some process of this host is rebuilding right now."""
    if _alive(base):
        return True
    fh = storage.try_rebuild_lock(base)
    if fh is None:
        return True
    fh.close()
    return False


def health(app) -> dict | None:
    """Return what staff should know about the index (a rebuild running or failed), or None."""
    base = storage.root(app)
    status = read_status(base)
    if running(base):
        return {**status, "state": "running"}
    if status.get("state") in ("failed", "running"):  # "running" without a lock: the rebuilder died
        return {**status, "state": "failed"}
    return None


def _recently_failed(app, base) -> bool:
    status = read_status(base)
    if status.get("state") != "failed":
        return False
    return time.time() - status.get("finished_ts", 0) < app.config["INDEX_REBUILD_RETRY"]


def start(app, reason: str) -> None:
    """Start a background rebuild unless one is running on this host (or one failed moments ago)."""
    app = app._get_current_object() if hasattr(app, "_get_current_object") else app  # a proxy dies with the request
    base = storage.root(app)
    with _guard:
        if _alive(base) or _recently_failed(app, base):
            return
        lock = storage.try_rebuild_lock(base)
        if lock is None:
            return
        log.warning("search index unusable (%s): rebuilding in the background", reason)
        target = _run_process if app.config["INDEX_REBUILD_PROCESS"] else _run
        thread = _threads[str(base)] = threading.Thread(target=target, args=(app, lock, reason),
                                                        name="index-rebuild", daemon=True)
        thread.start()


def _run_process(app, lock, reason: str) -> None:
    """Rebuild in a child process holding the same lock; wait for it."""
    config = {}
    for key, value in app.config.items():
        try:
            config[key] = json.loads(json.dumps(value))
        except (TypeError, ValueError):  # not plain data: the child derives it as create_app does
            continue
    try:
        child = subprocess.Popen(
            [sys.executable, "-m", "infotocka.search.rebuilder", str(lock.fileno()), reason],
            stdin=subprocess.PIPE, pass_fds=(lock.fileno(),), cwd=Path(__file__).resolve().parents[2])
        child.communicate(json.dumps(config).encode())
        if child.returncode:
            _write_status(storage.root(app), state="failed", reason=reason, finished=_now(), finished_ts=time.time(),
                          error=f"the rebuild process exited with status {child.returncode}")
    except OSError as exc:
        log.exception("could not start the rebuild process")
        _write_status(storage.root(app), state="failed", reason=reason, finished=_now(), finished_ts=time.time(),
                      error=f"{type(exc).__name__}: {exc}"[:500])
    finally:
        lock.close()


def _run(app, lock, reason: str) -> None:
    base = storage.root(app)
    started = time.time()
    try:
        _write_status(base, state="running", reason=reason, started=_now(), pid=os.getpid())
        with app.app_context():
            stats = rebuild_locked(app)
        _write_status(base, state="done", reason=reason, started=datetime.fromtimestamp(
            started, timezone.utc).isoformat(timespec="seconds"), finished=_now(),
            services=stats["services"], seconds=round(stats["seconds"], 1))
        log.warning("search index rebuilt: %d services in %.1f s", stats["services"], stats["seconds"])
    except Exception as exc:  # reported to staff; retried after INDEX_REBUILD_RETRY seconds
        log.exception("background rebuild of the search index failed")
        _write_status(base, state="failed", reason=reason, finished=_now(), finished_ts=time.time(),
                      error=f"{type(exc).__name__}: {exc}"[:500])
    finally:
        lock.close()


def rebuild_locked(app) -> dict:
    """Rebuild now (the caller holds the rebuild lock); a failed build leaves no folder behind."""
    from .sync import rebuild
    with app.app_context():
        try:
            return rebuild(app)
        finally:
            from ..extensions import db
            db.session.remove()


def rebuild_now(app) -> dict:
    """Rebuild in this process, waiting for a background rebuild of this host to end first (the CLI)."""
    base = storage.root(app)
    while True:
        lock = storage.try_rebuild_lock(base)
        if lock is not None:
            break
        time.sleep(POLL * 10)
    try:
        return rebuild_locked(app)
    finally:
        lock.close()


def _main() -> None:
    """The rebuild process: the app's configuration on stdin, the inherited lock's fd and the reason as arguments."""
    from .. import create_app
    config = json.loads(sys.stdin.read())
    logging.basicConfig(level=logging.WARNING)
    _run(create_app(config), os.fdopen(int(sys.argv[1]), "a+"), sys.argv[2])


def wait(app, seconds: float) -> None:
    """Wait at most `seconds` for this host's rebuild to end (returns at once when none runs)."""
    deadline = time.monotonic() + seconds
    base = storage.root(app)
    if thread := _alive(base):
        thread.join(max(0.0, seconds))
        return
    while time.monotonic() < deadline and running(base):
        time.sleep(POLL)


if __name__ == "__main__":
    _main()
