"""The background thread that fills missing embeddings (one per process, started on first use).

It runs `embeddings.fill` a few batches at a time, wakes up after every commit that logged
a directory change, and otherwise looks again every IDLE_SECONDS. A file lock next to the
index lets one process of a host embed at a time (gunicorn workers share the tables).
"""
import fcntl
import logging
import os
import threading

from flask import current_app, has_app_context

from ..directory.changes import follow
from ..extensions import db
from . import embeddings, storage

log = logging.getLogger(__name__)
IDLE_SECONDS = 60
SERVICES_PER_ROUND = 64
LOCK = ".embed.lock"
NICE = 19  # the embedding thread takes only the CPU that requests leave


class Worker:
    def __init__(self, app):
        self.app, self.wake, self.stopping = app, threading.Event(), False
        self.rounds, self.idle, self.finished = 0, False, threading.Condition()
        self.thread = threading.Thread(target=self._loop, name="infotocka-embed", daemon=True)

    def _loop(self) -> None:
        _yield_to_requests()
        while not self.stopping:
            busy = self._round()
            with self.finished:
                self.rounds += 1
                self.idle = not busy
                self.finished.notify_all()
            if not busy:
                self.wake.wait(IDLE_SECONDS)
                with self.finished:  # woken: not idle until the next round has looked (else a waiter slips through)
                    self.idle = False
                    self.wake.clear()

    def wait_until_idle(self, timeout: float) -> bool:
        """Wait until the last round found nothing more to do and no commit woke the thread since."""
        with self.finished:
            return self.finished.wait_for(lambda: self.idle and not self.wake.is_set(), timeout)

    def stop(self) -> None:
        self.stopping = True
        self.wake.set()
        self.thread.join()

    def _round(self) -> bool:
        """Embed a few batches; return whether there may be more to do right away."""
        with self.app.app_context():
            try:
                with open(storage.root(self.app) / LOCK, "a+") as fh:
                    try:
                        fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    except BlockingIOError:
                        return False  # another process is embedding
                    report = embeddings.fill(limit=SERVICES_PER_ROUND)
                return report.services >= SERVICES_PER_ROUND
            except Exception:
                log.exception("background embedding failed; retrying later")
                return False
            finally:
                db.session.remove()


def _yield_to_requests() -> None:
    """Give this thread the lowest CPU priority: embedding a fresh import's backlog (270 ms a listing) must not
    halve the requests a host serves (make load: 28 requests/s during a backlog, 47 without). On Linux
    `setpriority` on a thread id acts on that thread only, and the engine's threads inherit it."""
    try:
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), NICE)
    except (AttributeError, OSError):  # not Linux, or not allowed: embed at normal priority
        log.info("could not lower the embedding thread's priority", exc_info=True)


def ensure_started(app=None) -> Worker | None:
    """Start this process's embedding thread for the app (when configured); return it."""
    app = app or current_app._get_current_object()
    if not (app.config["SEMANTIC_SEARCH"] and app.config["SEMANTIC_WORKER"]):
        return None
    worker = app.extensions.get("semantic_worker")
    if worker is None:
        worker = app.extensions["semantic_worker"] = Worker(app)
        worker.thread.start()
    return worker


def _after_commit() -> None:
    if has_app_context():
        worker = current_app.extensions.get("semantic_worker")
        if worker is not None:
            worker.wake.set()


def install_hooks() -> None:
    """Wake the embedding thread after every commit that logged a change."""
    follow(_after_commit)
