"""Staff-edited CSV files of the search (thesaurus, crisis signals), reread when they change."""
import csv
import os
from pathlib import Path
from typing import Callable, TypeVar

T = TypeVar("T")
_cache: dict[tuple[str, Callable], tuple[float, object]] = {}


def read_rows(path: Path) -> list[dict]:
    """Read the CSV, skipping blank lines and lines starting with '#'."""
    with open(path, encoding="utf-8", newline="") as fh:
        lines = [ln for ln in fh if ln.strip() and not ln.lstrip().startswith("#")]
    return list(csv.DictReader(lines))


def load(path: str | Path, build: Callable[[list[dict]], T]) -> T:
    """Return build(rows of the file), rebuilt when the file has changed; build([]) if it is missing."""
    key = (str(path), build)
    try:
        mtime = os.stat(key[0]).st_mtime
    except FileNotFoundError:
        return build([])
    cached = _cache.get(key)
    if cached and cached[0] == mtime:
        return cached[1]
    built = build(read_rows(Path(key[0])))
    _cache[key] = (mtime, built)
    return built
