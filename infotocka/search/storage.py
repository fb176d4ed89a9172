"""Where the index lives on disk: versioned folders, a `current` pointer, a state file, a lock.

    INDEX_DIR/current          name of the live folder (replaced atomically with os.replace)
    INDEX_DIR/ix-<stamp>/      a Whoosh index plus state.json {"schema": 3, "seq": 1234}
    INDEX_DIR/.lock            fcntl lock serializing writers of all processes

Every writer (catch-up after a commit, rebuild swap) holds the lock, so gunicorn
workers never meet Whoosh's LockError; readers need no lock.
"""
import fcntl
import json
import os
import shutil
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

from whoosh import index as whoosh_index

from .schema import SCHEMA_VERSION, make_schema

POINTER, STATE, LOCK = "current", "state.json", ".lock"


class IndexUnavailable(Exception):
    """No usable index: missing, corrupt or built with another schema."""


def root(app) -> Path:
    """Return the index root of an app, creating it."""
    path = Path(app.config["INDEX_DIR"])
    path.mkdir(parents=True, exist_ok=True)
    return path


@contextmanager
def writer_lock(base: Path):
    """Hold the cross-process writer lock."""
    with open(base / LOCK, "a+") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def current_folder(base: Path) -> Path | None:
    """Return the live index folder, or None when there is none."""
    try:
        name = (base / POINTER).read_text().strip()
    except FileNotFoundError:
        return None
    folder = base / name
    return folder if name and folder.is_dir() else None


def read_state(folder: Path) -> dict:
    """Return the folder's state (schema version, last applied change seq)."""
    try:
        return json.loads((folder / STATE).read_text())
    except (FileNotFoundError, ValueError):
        return {}


def write_state(folder: Path, seq: int) -> None:
    """Record the last change applied to this folder's index (atomic replace)."""
    tmp = folder / f"{STATE}.{os.getpid()}.tmp"
    tmp.write_text(json.dumps({"schema": SCHEMA_VERSION, "seq": seq}))
    os.replace(tmp, folder / STATE)


def check_current(base: Path) -> tuple[Path, int]:
    """Return the live folder and its seq without opening the index (two small file reads);
    raise IndexUnavailable when there is none or its schema version is outdated."""
    folder = current_folder(base)
    if folder is None:
        raise IndexUnavailable("no index")
    state = read_state(folder)
    if state.get("schema") != SCHEMA_VERSION:
        raise IndexUnavailable("schema version changed")
    return folder, state.get("seq", 0)


def open_current(base: Path):
    """Open the live index; raise IndexUnavailable when it is missing, corrupt or outdated."""
    folder, seq = check_current(base)
    try:
        return whoosh_index.open_dir(str(folder)), folder, seq
    except Exception as exc:  # whoosh raises many kinds on a damaged folder
        raise IndexUnavailable(f"corrupt index: {exc}") from exc


def new_folder(base: Path):
    """Create an empty index in a fresh folder and return (index, folder)."""
    folder = base / f"ix-{time.strftime('%Y%m%d%H%M%S')}-{uuid.uuid4().hex[:6]}"
    folder.mkdir()
    return whoosh_index.create_in(str(folder), make_schema()), folder


def swap_in(base: Path, folder: Path) -> None:
    """Point `current` at folder atomically and delete older folders (caller holds the lock)."""
    tmp = base / f"{POINTER}.{os.getpid()}.tmp"
    tmp.write_text(folder.name)
    os.replace(tmp, base / POINTER)
    for old in base.glob("ix-*"):
        if old != folder and old.is_dir() and _is_stale(old):
            shutil.rmtree(old, ignore_errors=True)


def _is_stale(folder: Path, grace_seconds: int = 900) -> bool:
    """Keep folders being built right now by another process (recently modified)."""
    try:
        return time.time() - folder.stat().st_mtime > grace_seconds or (folder / STATE).exists()
    except FileNotFoundError:
        return False
