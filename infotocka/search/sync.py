"""Keep the index a faithful cache of the database by following the change log.

The index remembers the `seq` and random token of the last change it applied
(storage.STATE). After every commit that logged a change, and before every search,
changes with a higher seq are applied under the cross-process lock. When the database
no longer holds that change with that token (restored from a backup, reset, replaced)
the index is ahead of or beside the database: it is rebuilt in the background
(rebuilder.py) while the old generation keeps answering. A missing, corrupt or
outdated index is rebuilt the same way into a new folder and swapped in atomically.
"""
import contextlib
import logging
import os
import queue
import time

from flask import current_app
from sqlalchemy.orm import Session

from ..directory.changes import follow, holds, position
from ..extensions import db
from ..geo import gazetteer
from ..models import Change, Service
from . import rebuilder, storage
from ..directory.loading import services_by_ids
from .documents import document, iter_all_services

log = logging.getLogger(__name__)


def _codec():
    """Whoosh's codec without per-posting length statistics.

    By default every posting written looks up its document's field length again (to keep the
    shortest and longest length per block for "block quality" skipping): a fifth of a rebuild.
    Without them a block claims length 0, which only makes its score bound higher, so nothing
    that would rank is skipped; scores come from the per-document lengths, still written.
    The codec is pickled into each segment, so an index written this way needs nothing of ours.
    """
    from whoosh.codec.whoosh3 import W3Codec
    codec = W3Codec()
    codec.length_stats = False
    return codec


WRITER_OPTIONS = {"limitmb": 256, "codec": _codec()}
REBUILD_SEGMENT = 4000  # documents per segment written by a rebuild (by each process of a parallel one)
PARALLEL_FROM = 2000  # a rebuild of at least this many services is written by several processes
JOB = 100  # documents handed to one of those processes at a time
TINY_SEGMENT, MERGE_FANIN = 100, 10  # catch-up commits merge ten segments below 100 documents
BATCH = 500


def rebuild(app=None) -> dict:
    """Build a fresh index from the database, swap it in, then apply changes made meanwhile.

    Documents are written REBUILD_SEGMENT at a time, each batch as its own segment
    committed without merging: a batch's postings fit in the writer's memory pool, so
    Whoosh never spills them to pickled runs and merges those back (a third of the build
    time). Search handles many segments (snapshot.py); later small commits merge only
    the small segments. A big directory is analysed and written by INDEX_BUILD_PROCESSES
    processes (Whoosh's MpWriter: this process loads the services and hands their documents
    to the others, each writing its own segments).
    """
    app = app or current_app
    base = storage.root(app)
    started = time.perf_counter()
    storage.remove_others(base, keep=storage.current_folder(base))  # remains of killed rebuilds
    seq, token = position()  # changes after this are re-applied by the catch-up below
    ix, folder = storage.new_folder(base)
    try:
        count = _write_all(ix, _processes(app))
        if ix.doc_count_all() != count:  # a helper process that died takes its documents with it, silently
            raise RuntimeError(f"the new index holds {ix.doc_count_all()} of {count} services")
        storage.write_state(folder, seq, token)
    except BaseException:
        storage.remove_others(base, keep=storage.current_folder(base))
        raise
    with storage.writer_lock(base):
        storage.swap_in(base, folder)
    db.session.rollback()  # read the log afresh: changes committed during the build
    applied = catch_up(app)
    return {"services": count, "seconds": time.perf_counter() - started, "caught_up": applied}


def _processes(app) -> int:
    """Return how many processes write a rebuild: INDEX_BUILD_PROCESSES (0: the cores this process
    may use, at most 4), and one for a directory too small to gain from more."""
    wanted = app.config["INDEX_BUILD_PROCESSES"] or min(4, len(os.sched_getaffinity(0)))
    if wanted > 1 and db.session.scalar(db.select(db.func.count()).select_from(Service)) < PARALLEL_FROM:
        return 1
    return wanted


def _write_all(ix, processes: int = 1) -> int:
    writer, in_batch, count = None, 0, 0
    try:
        for service in iter_all_services():
            if writer is None:
                writer = _writer(ix, processes)
            writer.add_document(**document(service))
            count += 1
            in_batch += 1
            if in_batch == REBUILD_SEGMENT * processes:
                writer.commit(merge=False)
                writer, in_batch = None, 0
        if writer is not None:
            writer.commit(merge=False)
    except BaseException:
        if writer is not None:
            for task in getattr(writer, "tasks", ()):  # helpers waiting for work would wait forever
                task.terminate()
            with contextlib.suppress(Exception):  # close its files; the folder is removed by rebuild()
                writer.cancel()
        raise
    return count


def _writer(ix, processes: int):
    """Return a writer of one batch of a rebuild: Whoosh's MpWriter when several processes write it."""
    if processes == 1:
        return ix.writer(**WRITER_OPTIONS)
    writer = ix.writer(**WRITER_OPTIONS, procs=processes, multisegment=True, batchsize=JOB)
    writer.jobqueue = _Jobs(writer)
    return writer


class _Jobs:
    """The job queue of an MpWriter that fails when its helper processes died instead of waiting forever.

    MpWriter hands documents to its processes through a bounded queue; when they have all died (an
    exception in one of them, the OOM killer) a full queue would block the rebuild, and the rebuild
    lock with it, for good. The processes only take from the queue (`get`)."""

    def __init__(self, writer):
        self.writer, self.queue = writer, writer.jobqueue

    def put(self, job) -> None:
        while True:
            try:
                return self.queue.put(job, timeout=1)
            except queue.Full:
                if not any(task.is_alive() for task in self.writer.tasks):
                    raise RuntimeError("every process writing the index has died") from None

    def get(self, *args, **kwargs):
        return self.queue.get(*args, **kwargs)

    def __getstate__(self):  # a helper process started by pickling gets the queue alone
        return {"queue": self.queue, "writer": None}


def merge_tiny_segments(writer, segments):
    """Whoosh merge policy of catch-up commits: merge only tiny segments, ten of a size at a time.

    Whoosh's default (MERGE_SMALL) would, on a 100,000-service index built as 25 segments,
    merge most of them into one on the next edit: minutes instead of milliseconds. Here
    each catch-up adds a tiny segment; when ten segments of the same order of magnitude
    (1-9, 10-99 documents) pile up they are merged, so an edit never rewrites more than
    ~1,000 documents and the segment count stays small. `flask reindex` starts afresh.
    """
    from whoosh.reading import SegmentReader
    groups: dict[int, list] = {}
    for seg in segments:
        count = seg.doc_count_all()
        if count < TINY_SEGMENT:
            groups.setdefault(len(str(count)), []).append(seg)
    merging = [seg for group in groups.values() if len(group) >= MERGE_FANIN for seg in group]
    if len(merging) < 2:
        return segments
    for seg in merging:
        reader = SegmentReader(writer.storage, writer.schema, seg)
        writer.add_reader(reader)
        reader.close()
    return [seg for seg in segments if seg not in merging]


def _pending(session, since: int) -> list[Change]:
    query = db.select(Change).where(Change.seq > since, Change.entity.in_(("service", "organization")))
    return list(session.scalars(query.order_by(Change.seq)))


def _affected_services(session, changes: list[Change]) -> tuple[set[str], set[str]]:
    """Split changes into service ids to (re)index and to delete; an organization change touches its services."""
    upserts, deletes = set(), set()
    for change in changes:
        if change.entity == "organization":
            upserts.update(session.scalars(db.select(Service.id).where(
                Service.organization_id == change.entity_id)))
        elif change.op == "delete":
            deletes.add(change.entity_id)
            upserts.discard(change.entity_id)
        else:
            upserts.add(change.entity_id)
            deletes.discard(change.entity_id)
    return upserts, deletes


class IndexDiverged(storage.IndexUnavailable):
    """The database does not hold the last change the index applied (restored, reset or replaced)."""


def catch_up(app=None, session=None) -> int:
    """Apply logged changes newer than the index's seq; return how many were applied."""
    app, session = app or current_app, session or db.session
    base = storage.root(app)
    with storage.writer_lock(base):
        ix, folder, seq = storage.open_current(base)
        if not holds(seq, storage.read_state(folder).get("token"), session):
            raise IndexDiverged("the database does not hold the index's last change (restored from a backup?)")
        changes = _pending(session, seq)
        if not changes:
            return 0
        upserts, deletes = _affected_services(session, changes)
        writer = ix.writer(**WRITER_OPTIONS)
        for sid in deletes:
            writer.delete_by_term("id", sid)
        ids = sorted(upserts)
        for start in range(0, len(ids), BATCH):
            chunk = ids[start:start + BATCH]
            services = services_by_ids(chunk, purpose="index", session=session)
            for sid in set(chunk) - {s.id for s in services}:
                writer.delete_by_term("id", sid)
            for service in services:
                writer.update_document(**document(service))
        writer.commit(mergetype=merge_tiny_segments)
        storage.write_state(folder, changes[-1].seq, changes[-1].token)
        return len(changes)


def diagnose(app=None, session=None) -> str | None:
    """Return why the index needs a rebuild (missing, damaged, outdated, beside the database), or None."""
    app = app or current_app
    try:
        ix, folder, seq = storage.open_current(storage.root(app))
        ix.doc_count()
    except storage.IndexUnavailable as why:
        return str(why)
    except Exception as exc:  # a damaged segment
        return f"corrupt index: {exc}"
    if not holds(seq, storage.read_state(folder).get("token"), session):
        return "the database does not hold the index's last change (restored from a backup?)"
    return None


def ensure_current(app=None, wait: bool = True) -> None:
    """Make the index usable and up to date, or raise IndexUnavailable while it is rebuilt
    (after waiting INDEX_REBUILD_WAIT seconds for the rebuild, unless `wait` is false).

    Cheap when nothing changed (two small file reads and two indexed SQL lookups): the index
    itself is opened by the searcher cache (snapshot.py), which reports corruption. An index
    the database has moved away from keeps answering while its successor is built.
    """
    app = app or current_app
    gazetteer.warm_up(app)
    base = storage.root(app)
    try:
        folder, state = storage.check_current(base)
    except storage.IndexUnavailable as why:
        folder, state = _previous_or_rebuilt(app, base, str(why), wait)
    if not holds(state["seq"], state.get("token")):
        rebuilder.start(app, "the database does not hold the index's last change (restored from a backup?)")
        return
    if position()[0] > state["seq"]:
        try:
            catch_up(app)
        except IndexDiverged as why:  # the database changed between the two looks
            rebuilder.start(app, str(why))


def _previous_or_rebuilt(app, base, why: str, wait: bool):
    """Point `current` back at a previous complete generation, else rebuild and wait a little."""
    with storage.writer_lock(base):
        previous = storage.previous_generation(base)
        if previous is not None and storage.current_folder(base) is None:
            log.warning("search index pointer unusable (%s): back to %s", why, previous.name)
            storage.point_at(base, previous)
    try:
        return storage.check_current(base)
    except storage.IndexUnavailable:
        pass
    rebuilder.start(app, why)
    if wait:
        rebuilder.wait(app, app.config["INDEX_REBUILD_WAIT"])
    return storage.check_current(base)  # still none: the façade says "iskanje se obnavlja"


def _after_commit() -> None:
    app = current_app._get_current_object()
    try:
        with Session(db.engine) as fresh:  # the committing session cannot run SQL here
            catch_up(app, fresh)
    except storage.IndexUnavailable:
        pass  # no usable index: the next search has it rebuilt
    except Exception:  # the database is the truth: a failed update is caught up at the next search
        log.exception("search index update after commit failed")


def install_hooks() -> None:
    """Update the index after every commit that logged a change."""
    follow(_after_commit)
