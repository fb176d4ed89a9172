"""Field-by-field diffs of HSDS objects, the audit trail built from them, and its HSDS `metadata` form."""
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from .extensions import db
from .models import AuditEntry, Location

# Members that change on every write or are compared elsewhere.
IGNORED = {"last_modified", "organization", "metadata", "id"}
# Actions that change a listing's published data; the others (moderation, reports, accounts) stay internal.
DATA_ACTIONS = ("create", "update", "assure")
ACTION_LABELS = {
    "create": _l("Nov vnos"), "update": _l("Sprememba"), "assure": _l("Potrjeno, da je točno"),
    "reject": _l("Predlog zavrnjen"), "withdraw": _l("Predlog umaknjen"), "resolve": _l("Prijava napake rešena"),
    "merge": _l("Združen dvojnik"), "remind": _l("Opomnik poslan"),
    "password": _l("Geslo nastavljeno"), "invite": _l("Povabilo"), "reset": _l("Povezava za novo geslo"),
}
VALUE_LABELS = {"sent": _l("poslano po e-pošti"), "shown": _l("prikazano osebju"),
                "unsent": _l("ni poslano (e-pošta ne deluje)")}


@dataclass
class FieldChange:
    field: str
    old: object
    new: object


def _empty(value) -> bool:
    return value in (None, "", [], {})


def diff_records(old: dict | None, new: dict | None, ignore=IGNORED) -> list[FieldChange]:
    """Return the top-level members whose value differs, in a stable order."""
    old, new = old or {}, new or {}
    fields = [k for k in dict.fromkeys([*old, *new]) if k not in ignore]
    return [FieldChange(k, old.get(k), new.get(k)) for k in fields
            if old.get(k) != new.get(k) and not (_empty(old.get(k)) and _empty(new.get(k)))]


def record_audit(entity: str, entity_id: str, before: dict | None, after: dict, user, action: str,
                 revision=None, ignore=IGNORED) -> list[AuditEntry]:
    """Add one audit entry per changed member (the caller commits)."""
    entries = [AuditEntry(entity=entity, entity_id=entity_id, action=action, field=change.field,
                          old_value=change.old, new_value=change.new, user_id=getattr(user, "id", None),
                          user_email=getattr(user, "email", None), revision_id=getattr(revision, "id", None))
               for change in diff_records(before, after, ignore)]
    db.session.add_all(entries)
    return entries


def record_event(entity: str, entity_id: str, action: str, user, field: str, old=None, new=None,
                 revision=None) -> AuditEntry:
    """Add one audit entry for an action that is not a field change: a decision, a report, an account (no commit)."""
    entry = AuditEntry(entity=entity, entity_id=str(entity_id), action=action, field=field, old_value=old,
                       new_value=new, user_id=getattr(user, "id", None), user_email=getattr(user, "email", None),
                       revision_id=getattr(revision, "id", None))
    db.session.add(entry)
    return entry


def action_label(action: str) -> str:
    """Return the staff-facing name of an audit action."""
    return str(ACTION_LABELS.get(action, action))


def value_text(value) -> str:
    """Return an audited value as staff read it ("sent" → "poslano po e-pošti", lists joined)."""
    if isinstance(value, str) and value in VALUE_LABELS:
        return str(VALUE_LABELS[value])
    return summarize_plain(value) or "—"


def audit_trail(entity_id: str | None, entity: str | None = None, limit: int | None = None) -> list[AuditEntry]:
    """Return the audit entries of a listing (or, without an id, of every entity of a kind), newest first."""
    query = db.select(AuditEntry)
    if entity_id is not None:
        query = query.where(AuditEntry.entity_id == entity_id)
    if entity:
        query = query.where(AuditEntry.entity == entity)
    if limit:
        query = query.limit(limit)
    return list(db.session.scalars(query.order_by(AuditEntry.at.desc(), AuditEntry.id.desc())))


def _text(value) -> str | None:
    if value is None:
        return None
    return value if isinstance(value, str) else summarize_plain(value)


# What a confidential location keeps in public: the same members as location_to_hsds(public=True).
PUBLIC_LOCATION_KEYS = ("id", "name", "location_type")


def confidential_location_ids() -> set[str]:
    """Return the ids of the locations that are confidential now (safe houses)."""
    return set(db.session.scalars(db.select(Location.id).where(Location.confidential.is_(True))))


def public_value(value, hidden: set[str]):
    """Return an audited value as the public may see it: every location that is confidential, then or now, is
    reduced to its id and name, wherever it is nested (an address entered before the box was ticked included)."""
    if isinstance(value, list):
        return [public_value(item, hidden) for item in value]
    if not isinstance(value, dict):
        return value
    if value.get("x_confidential") or (value.get("id") in hidden and "taxonomy_term" not in value):
        return {**{k: value[k] for k in PUBLIC_LOCATION_KEYS if k in value}, "x_confidential": True}
    return {key: public_value(item, hidden) for key, item in value.items()}


def metadata_for(service_id: str, *, public: bool = False, hidden: set[str] | None = None) -> list[dict]:
    """Return the audit trail as HSDS 3.0 `metadata` objects (oldest first).

    Public ones name no editor and carry no confidential address; `hidden` (the confidential location ids)
    may be passed in when many services are exported at once."""
    entries = [e for e in reversed(audit_trail(service_id, "service")) if e.action in DATA_ACTIONS]
    if public and entries and hidden is None:
        hidden = confidential_location_ids()

    def shown(value):  # HSDS requires a string: an empty value is ""
        return _text(public_value(value, hidden) if public else value) or ""

    return [{"id": f"audit-{e.id}", "resource_id": e.entity_id, "resource_type": e.entity,
             "last_action_date": e.at.isoformat() + "Z" if e.at else "", "last_action_type": e.action,
             "field_name": e.field, "previous_value": shown(e.old_value), "replacement_value": shown(e.new_value),
             "updated_by": "" if public else e.user_email or ""}
            for e in entries]


def with_audit_metadata(record: dict, *, public: bool = False, hidden: set[str] | None = None) -> dict:
    """Return an exported service object with its audit trail under `metadata` (for the HSDS export)."""
    metadata = metadata_for(record["id"], public=public, hidden=hidden)
    return {**record, "metadata": metadata} if metadata else record


def _one(item) -> str:
    if not isinstance(item, dict):
        return str(item)
    if "taxonomy_term" in item:
        return item["taxonomy_term"].get("name") or item["taxonomy_term"].get("code", "")
    if "number" in item:
        return " ".join(filter(None, [item["number"], f"({item['description']})" if item.get("description") else ""]))
    if "byday" in item or "opens_at" in item:
        hours = "–".join(filter(None, [item.get("opens_at"), item.get("closes_at")]))
        period = "–".join(filter(None, [item.get("valid_from"), item.get("valid_to")]))
        return " ".join(filter(None, [item.get("byday"), hours, period, item.get("description")]))
    if "location" in item:
        loc = item["location"]
        address = next(iter(loc.get("addresses") or ()), {})
        parts = [loc.get("name"), address.get("address_1"),
                 " ".join(filter(None, [address.get("postal_code"), address.get("city")]))]
        return ", ".join(filter(None, parts)) + (" [zaupno]" if loc.get("x_confidential") else "")
    if "code" in item and len(item) == 1:
        return item["code"]
    if "uri" in item or "name" in item:
        return item.get("name") or item.get("uri")
    return ", ".join(f"{k}: {v}" for k, v in item.items())


def summarize_plain(value) -> str:
    """Return a short human-readable text of an HSDS value."""
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(_one(item) for item in value)
    if isinstance(value, dict):
        return _one(value)
    return str(value)


def summarize_lines(value) -> list[str]:
    """Return a value as display lines (one per list item)."""
    if isinstance(value, list):
        return [_one(item) for item in value]
    return [summarize_plain(value)] if value not in (None, "") else []
