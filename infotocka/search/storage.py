"""Where the index lives on disk: versioned folders, a `current` pointer, a state file, locks.

    INDEX_DIR/current          name of the live folder (replaced atomically with os.replace)
    INDEX_DIR/ix-<stamp>/      a Whoosh index plus state.json {"schema": 3, "seq": 1234, "token": "…"}
    INDEX_DIR/.lock            fcntl lock serializing writers of all processes
    .INDEX_DIR.rebuild.lock    fcntl lock held by the one process rebuilding (rebuilder.py); beside
                               INDEX_DIR, so that deleting the folder does not release it

Every writer (catch-up after a commit, rebuild swap) holds the lock, so gunicorn
workers never meet Whoosh's LockError; readers need no lock. A folder without
state.json is a rebuild in progress or the remains of one that failed or was killed;
the rebuilder deletes such remains while it holds the rebuild lock.
"""
import fcntl
import json
import logging
import os
import re
import shutil
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

from whoosh import index as whoosh_index

from .schema import SCHEMA_VERSION, make_schema

POINTER, STATE, LOCK = "current", "state.json", ".lock"
FOLDER_NAME = re.compile(r"ix-[0-9]{14}-[0-9a-f]{6}")
log = logging.getLogger(__name__)


class IndexUnavailable(Exception):
    """No usable index: missing, corrupt or built with another schema."""


def root(app) -> Path:
    """Return the index root of an app, creating it (a file in its place is moved aside)."""
    path = Path(app.config["INDEX_DIR"])
    if path.exists() and not path.is_dir():
        aside = path.with_name(f"{path.name}.not-a-folder-{time.strftime('%Y%m%d%H%M%S')}")
        log.warning("INDEX_DIR %s is not a folder: moved it to %s", path, aside)
        try:
            os.replace(path, aside)
        except FileNotFoundError:  # another worker moved it first
            pass
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


def try_rebuild_lock(base: Path):
    """Return an open file holding the rebuild lock, or None when another process rebuilds."""
    fh = open(base.parent / f".{base.name}.rebuild.lock", "a+")
    try:
        fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        fh.close()
        return None
    return fh


def current_folder(base: Path) -> Path | None:
    """Return the live index folder, or None when there is none (or the pointer is damaged)."""
    try:
        name = (base / POINTER).read_bytes().decode("ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    folder = base / name
    return folder if FOLDER_NAME.fullmatch(name) and folder.is_dir() else None


def read_state(folder: Path) -> dict:
    """Return the folder's state (schema version, last applied change seq and its token)."""
    try:
        state = json.loads((folder / STATE).read_bytes())
    except (OSError, ValueError):
        return {}
    return state if isinstance(state, dict) else {}


def write_state(folder: Path, seq: int, token: str | None) -> None:
    """Record the last change applied to this folder's index (atomic replace)."""
    tmp = folder / f"{STATE}.{os.getpid()}.tmp"
    tmp.write_text(json.dumps({"schema": SCHEMA_VERSION, "seq": seq, "token": token}))
    os.replace(tmp, folder / STATE)


def check_current(base: Path) -> tuple[Path, dict]:
    """Return the live folder and its state without opening the index (two small file reads);
    raise IndexUnavailable when there is none or its schema version is outdated."""
    folder = current_folder(base)
    if folder is None:
        raise IndexUnavailable("no index")
    state = read_state(folder)
    if state.get("schema") != SCHEMA_VERSION or not isinstance(state.get("seq"), int):
        raise IndexUnavailable("schema version changed or state unreadable")
    return folder, state


def open_current(base: Path):
    """Open the live index; raise IndexUnavailable when it is missing, corrupt or outdated."""
    folder, state = check_current(base)
    try:
        return whoosh_index.open_dir(str(folder)), folder, state["seq"]
    except Exception as exc:  # whoosh raises many kinds on a damaged folder
        raise IndexUnavailable(f"corrupt index: {exc}") from exc


def new_folder(base: Path):
    """Create an empty index in a fresh folder and return (index, folder)."""
    folder = base / f"ix-{time.strftime('%Y%m%d%H%M%S')}-{uuid.uuid4().hex[:6]}"
    folder.mkdir()
    return whoosh_index.create_in(str(folder), make_schema()), folder


def point_at(base: Path, folder: Path) -> None:
    """Point `current` at folder atomically (caller holds the writer lock)."""
    tmp = base / f"{POINTER}.{os.getpid()}.tmp"
    tmp.write_text(folder.name)
    os.replace(tmp, base / POINTER)


def swap_in(base: Path, folder: Path) -> None:
    """Point `current` at folder and delete every other generation (caller holds both locks)."""
    point_at(base, folder)
    remove_others(base, keep=folder)


def remove_others(base: Path, keep: Path | None) -> None:
    """Delete every index folder but `keep`: old generations and remains of failed rebuilds.

    Only the holder of the rebuild lock calls this, so no other rebuild is writing one."""
    for old in base.glob("ix-*"):
        if old != keep and old.is_dir():
            shutil.rmtree(old, ignore_errors=True)


def previous_generation(base: Path) -> Path | None:
    """Return the newest complete folder of the current schema that opens, or None."""
    complete = [f for f in base.glob("ix-*") if FOLDER_NAME.fullmatch(f.name) and f.is_dir()
                and read_state(f).get("schema") == SCHEMA_VERSION]
    for folder in sorted(complete, key=lambda f: f.name, reverse=True):
        try:
            whoosh_index.open_dir(str(folder)).doc_count()
        except Exception:  # damaged: the next rebuild removes it
            continue
        return folder
    return None
