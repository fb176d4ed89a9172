"""Record directory changes; the search index follows this log after each commit."""
from ..extensions import db
from ..models import Change


def record_change(entity: str, entity_id: str, op: str = "upsert") -> None:
    """Append a change to the log in the current transaction."""
    db.session.add(Change(entity=entity, entity_id=entity_id, op=op))


def latest_seq() -> int:
    """Return the directory's change counter (0 when nothing has changed yet)."""
    return db.session.scalar(db.select(db.func.max(Change.seq))) or 0
