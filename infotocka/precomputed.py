"""Heavy anonymous answers, built once per version of the directory's data, in the background.

The whole-directory exports and the coverage reports cost seconds at 10,000 services. Each
answer is built by one background thread per host (a cross-process lock per kind, so
concurrent requests never each build it), written to CACHE_DIR/<kind>/<key>-<version> and
served as a file with the data version as its ETag. A request waits at most PRECOMPUTED_WAIT
seconds for a missing answer; then it gets the previous version's file for the same key, or
503 with Retry-After. The data version is the seq and token of the latest logged change.
"""
import fcntl
import hashlib
import io
import logging
import os
import threading
import time
from pathlib import Path

from flask import copy_current_request_context, current_app, g, send_file

from .directory.changes import position

log = logging.getLogger(__name__)
POLL = 0.05
IN_MEMORY = 4 * 1024 * 1024  # smaller answers are read at once (no open file left to the server)

_guard = threading.Lock()
_threads: dict[str, threading.Thread] = {}


class NotReady(Exception):
    """The answer is being prepared for the first time; retry after `retry_after` seconds."""

    def __init__(self, retry_after: int):
        super().__init__("being prepared")
        self.retry_after = retry_after


def data_version() -> str:
    """Return the version of the directory's data: it changes with every logged change."""
    seq, token = position()
    return f"{seq}-{token or 'start'}"


def per_version(name: str) -> dict:
    """Return the app's dict `name` for the current data version: answers kept in it are dropped, all at
    once, when the directory's data changes (a new dict; one still held for the old version is simply lost)."""
    version = data_version()
    with _guard:
        store = current_app.extensions.setdefault(f"per_version:{name}", {"version": None, "values": {}})
        if store["version"] != version:
            store["version"], store["values"] = version, {}
        return store["values"]


def _folder(kind: str) -> Path:
    folder = Path(current_app.config["CACHE_DIR"]) / kind
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def respond(kind: str, key: str, build, mimetype: str, download_name: str | None = None):
    """Answer with the file of `key` for the current data version, built by `build(binary_file)`.

    `build` runs in a background thread inside a copy of this request (its arguments and
    language); validate the request before calling this, so that only valid keys are built."""
    folder = _folder(kind)
    version = data_version()
    stem = hashlib.sha256(key.encode()).hexdigest()[:24]
    path = folder / f"{stem}-{version}"
    if not path.exists():
        _start(kind, folder, path, build)
        _wait(kind, path, current_app.config["PRECOMPUTED_WAIT"])
    if not path.exists():
        path = _previous(folder, stem)
        if path is None:
            raise NotReady(current_app.config["PRECOMPUTED_RETRY_AFTER"])
    body = io.BytesIO(path.read_bytes()) if path.stat().st_size <= IN_MEMORY else path  # big files stream
    response = send_file(body, mimetype=mimetype, as_attachment=download_name is not None,
                         download_name=download_name, etag=path.name.split("-", 1)[1], conditional=True,
                         max_age=0, last_modified=path.stat().st_mtime)
    response.headers["Cache-Control"] = "no-cache"  # revalidate: the ETag says whether it changed
    return response


def _previous(folder: Path, stem: str) -> Path | None:
    built = sorted(folder.glob(f"{stem}-*"), key=lambda p: p.stat().st_mtime, reverse=True)
    return next((p for p in built if not p.name.endswith(".tmp")), None)


def _start(kind: str, folder: Path, path: Path, build) -> None:
    with _guard:
        thread = _threads.get(kind)
        if thread is not None and thread.is_alive():
            return
        lock = open(folder / ".lock", "a+")
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:  # another process builds one of this kind
            lock.close()
            return
        values = dict(g.__dict__)

        @copy_current_request_context
        def job():
            g.__dict__.update(values)
            try:
                _build(path, build)
            except Exception:
                log.exception("building %s failed", path)
            finally:
                lock.close()

        _threads[kind] = thread = threading.Thread(target=job, name=f"precompute-{kind}", daemon=True)
        thread.start()


def _build(path: Path, build) -> None:
    if path.exists():  # built by another process meanwhile
        return
    started = time.perf_counter()
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "wb") as fh:
            build(fh)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    stem = path.name.split("-", 1)[0]
    for old in path.parent.glob(f"{stem}-*"):
        if old != path and not old.name.endswith(".tmp"):
            old.unlink(missing_ok=True)
    log.info("built %s in %.1f s", path, time.perf_counter() - started)


def _wait(kind: str, path: Path, seconds: float) -> None:
    thread = _threads.get(kind)
    if thread is not None and thread.is_alive():
        thread.join(seconds)
        return
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and not path.exists():
        time.sleep(POLL)
