"""Record directory changes; the search index and the cached downloads follow this log."""
from ..extensions import db
from ..models import Change


def record_change(entity: str, entity_id: str, op: str = "upsert") -> None:
    """Append a change to the log in the current transaction."""
    db.session.add(Change(entity=entity, entity_id=entity_id, op=op))


def latest_seq() -> int:
    """Return the directory's change counter (0 when nothing has changed yet)."""
    return db.session.scalar(db.select(db.func.max(Change.seq))) or 0


def position(session=None) -> tuple[int, str | None]:
    """Return the seq and token of the latest change: the version of the directory's data."""
    session = session or db.session
    row = session.execute(db.select(Change.seq, Change.token).order_by(Change.seq.desc()).limit(1)).first()
    return (row[0], row[1]) if row else (0, None)


def holds(seq: int, token: str | None, session=None) -> bool:
    """Tell whether the log holds change `seq` with this token (seq 0: the empty start always)."""
    if not seq:
        return True
    session = session or db.session
    found = session.execute(db.select(Change.token).where(Change.seq == seq)).first()
    return found is not None and found[0] == token
