"""The directory's change log, written by one session hook; the search index and the cached downloads follow it.

Before every flush, `log_changes` turns what the flush writes into Change rows: a service or organization
added, changed or deleted; a phone, schedule or service-at-location of a service logs that service; a
location or address logs the services at that location; an imported taxonomy or term logs itself. No writer
logs by hand. Within one transaction an entity is logged once per kind of change (a later flush that
touches it again adds nothing), so a commit leaves one row per changed listing. After a commit that logged a
change, the followers (`follow`) are told: the search index catches up, the embedding thread wakes."""
from sqlalchemy import event, inspect
from sqlalchemy.orm.attributes import PASSIVE_NO_INITIALIZE, get_history

from ..database import read_once
from ..extensions import db
from ..models import (Address, Change, ImportedTaxonomy, ImportedTerm, Location, Organization, Phone, Schedule,
                      Service, ServiceAtLocation)

ENTITIES = {Service: "service", Organization: "organization", ImportedTaxonomy: "taxonomy",
            ImportedTerm: "taxonomy_term"}
NOT_OWN_CHANGE = {Organization: {"services"}}  # a service moving in or out logs itself
LOGGED = "change_log"  # session.info: (root transaction, {(entity, id): Change logged in it})
UNTOLD = "change_log_untold"  # session.info: a flush logged a change the followers have not been told of
_followers: list = []  # per process, like the session hooks


def latest_seq() -> int:
    """Return the directory's change counter (0 when nothing has changed yet)."""
    return db.session.scalar(db.select(db.func.max(Change.seq))) or 0


def position(session=None) -> tuple[int, str | None]:
    """Return the seq and token of the latest change: the version of the directory's data (read once per
    transaction: a search page asks it for the index, the page cache and two per-version tables)."""
    session = session or db.session

    def read():
        row = session.execute(db.select(Change.seq, Change.token).order_by(Change.seq.desc()).limit(1)).first()
        return (row[0], row[1]) if row else (0, None)
    return read_once("change_position", read, session)


def holds(seq: int, token: str | None, session=None) -> bool:
    """Tell whether the log holds change `seq` with this token (seq 0: the empty start always)."""
    if not seq:
        return True
    session = session or db.session
    found = session.execute(db.select(Change.token).where(Change.seq == seq)).first()
    return found is not None and found[0] == token


def log_changes(session, flush_context, instances) -> None:
    """Add a Change row for every listing this flush creates, changes or deletes (a before_flush hook)."""
    upserts, deletes = _touched(session)
    logged = _logged(session) if upserts or deletes else {}
    for key, op in [*((key, "upsert") for key in sorted(upserts)), *((key, "delete") for key in sorted(deletes))]:
        earlier = logged.get(key)
        if earlier is None or earlier.op != op or earlier not in session:  # not in it: its savepoint rolled back
            logged[key] = Change(entity=key[0], entity_id=key[1], op=op)
            session.add(logged[key])


def _touched(session) -> tuple[set, set]:
    """Return the (entity, id) of the listings the pending flush changes, and of those it deletes."""
    upserts, deletes, locations = set(), set(), set()
    for objects, deleted in ((session.new, False), (filter(_modified, session.dirty), False), (session.deleted, True)):
        for obj in objects:
            cls = type(obj)
            if cls in ENTITIES:
                (deletes if deleted else upserts).add((ENTITIES[cls], obj.id))
            elif cls in (Phone, Schedule, ServiceAtLocation):
                upserts.add(_owner(obj))
            elif cls is Location or cls is Address:
                location = obj if cls is Location else obj.location
                if location is not None and inspect(location).persistent:  # a new one is reached by new links
                    locations.add(location.id)
    return (upserts | _services_at(session, locations)) - deletes - {None}, deletes


def _owner(child) -> tuple[str, str] | None:
    """Return the listing a phone, schedule or service-at-location belongs to (None: a new child, whose parent's
    changed collection logs it)."""
    if getattr(child, "service_id", None):
        return "service", child.service_id
    if getattr(child, "organization_id", None):
        return "organization", child.organization_id
    service = getattr(child, "service", None)  # a service-at-location's back reference
    return ("service", service.id) if service is not None else None


def _modified(obj) -> bool:
    """Tell whether a changed-looking object has a real change of its own (a set attribute may hold its old value)."""
    skip = NOT_OWN_CHANGE.get(type(obj), ())
    return any(key not in skip and get_history(obj, key, PASSIVE_NO_INITIALIZE).has_changes()
               for key in inspect(obj).committed_state)


def _services_at(session, location_ids: set[str]) -> set[tuple[str, str]]:
    """Return the services at these locations, as stored (new links log their services themselves)."""
    if not location_ids:
        return set()
    query = db.select(ServiceAtLocation.service_id).where(ServiceAtLocation.location_id.in_(sorted(location_ids)))
    return {("service", service_id) for service_id in session.scalars(query)}


def _logged(session) -> dict:
    """Return the changes this transaction has logged so far, by (entity, id): a later flush adds no second one."""
    root = session.get_transaction()
    memo = session.info.get(LOGGED)
    if memo is None or memo[0] is not root:
        memo = session.info[LOGGED] = (root, {})
    return memo[1]


def follow(callback) -> None:
    """Call `callback()` after every commit that logged a change (once per process, however often asked)."""
    if callback not in _followers:
        _followers.append(callback)


def _note_logged(session, flush_context) -> None:
    if any(isinstance(obj, Change) for obj in session.new):
        session.info[UNTOLD] = True


def _tell_followers(session) -> None:
    if session.in_nested_transaction():  # a savepoint released: what it logged commits with the transaction
        return
    if session.info.pop(UNTOLD, False):
        for callback in list(_followers):
            callback()


def init_app(app) -> None:
    """Log directory changes from every flush of the app's sessions and tell the followers after each commit
    that logged one (the hooks are installed once per process)."""
    from flask_sqlalchemy.session import Session as session_class
    if not event.contains(session_class, "before_flush", log_changes):
        event.listen(session_class, "before_flush", log_changes)
        event.listen(session_class, "after_flush", _note_logged)
        event.listen(session_class, "after_commit", _tell_followers)
