"""HSDS identifiers: every exchanged object carries a UUID, while our rows keep their readable slugs.

A row's HSDS id is its own id when that is a UUID, else uuid5 in the project's namespace of
"<kind>:<id>" (stable: re-exporting or re-importing gives the same UUID); the slug travels beside it
as `x_source_id`. Child objects without an id of their own (phones, schedules, addresses, …) get
uuid5 of their parent's UUID, member and position. `publish` turns an internal (slug-keyed) HSDS
dict into that exchange form; `source_id` reads the key of a row back from an incoming object."""
import uuid

NAMESPACE = uuid.UUID("5d0f3c1e-4b8a-5c7e-9f21-1a7c0e6b9d42")  # Infotočka's HSDS namespace (fixed forever)

# member name → HSDS object kind, for the objects nested in services, organizations and locations
KIND_OF_MEMBER = {
    "organization": "organization", "service_at_locations": "service_at_location", "location": "location",
    "phones": "phone", "schedules": "schedule", "addresses": "address", "service_areas": "service_area",
    "languages": "language", "attributes": "attribute", "taxonomy_term": "taxonomy_term",
    "accessibility": "accessibility", "contacts": "contact", "cost_options": "cost_option", "funding": "funding",
    "program": "program", "programs": "program", "required_documents": "required_document",
    "organization_identifiers": "organization_identifier", "locations": "location", "services": "service",
    "service": "service",
    "metadata": "metadata", "taxonomy_detail": "taxonomy",
}
# kinds whose rows have a column `uuid` (hsds_uuid of their primary key)
ENTITY_KINDS = ("service", "organization", "location", "service_at_location", "taxonomy_term", "taxonomy")
# members that hold the id of another object of this kind
REFERENCES = {"organization_id": "organization", "service_id": "service", "location_id": "location",
              "service_at_location_id": "service_at_location", "taxonomy_term_id": "taxonomy_term",
              "taxonomy_id": "taxonomy", "parent_organization_id": "organization"}


def is_uuid(value) -> bool:
    """Return whether value is a UUID in its canonical text form (any case)."""
    if not isinstance(value, str) or len(value) != 36:
        return False
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def hsds_uuid(kind: str, key) -> str:
    """Return the HSDS id of the row `key` of this kind: key itself when it is a UUID, else uuid5."""
    if is_uuid(key):
        return str(key).lower()
    return str(uuid.uuid5(NAMESPACE, f"{kind}:{key}"))


def child_uuid(parent: str, member: str, index: int) -> str:
    """Return the id of the index-th object of a parent's member list that brings no id of its own."""
    return str(uuid.uuid5(NAMESPACE, f"{parent}:{member}:{index}"))


def source_id(obj: dict, key: str = "id"):
    """Return the key a row was stored under: `x_source_id` when given, else the object's id."""
    given = obj.get("x_source_id")
    return given if isinstance(given, str) and given.strip() else obj.get(key)


def publish(data: dict, kind: str = "service") -> dict:
    """Return an internal HSDS object (slug ids, children without ids) with UUIDs everywhere."""
    return _publish(data, kind, None, None, 0)


def _publish(data: dict, kind: str, parent: str | None, member: str | None, index: int) -> dict:
    out = dict(data)
    given = data.get("id")
    if kind == "taxonomy_term" and data.get("code") and not is_uuid(given):
        out["id"] = hsds_uuid(kind, data["code"])
    elif given not in (None, ""):
        out["id"] = hsds_uuid(kind, given)
        if not is_uuid(given):
            out["x_source_id"] = str(given)
    elif parent is not None:
        out["id"] = child_uuid(parent, member, index)
    for name, target in REFERENCES.items():
        if isinstance(out.get(name), str) and out[name]:
            out[name] = hsds_uuid(target, out[name])
    if kind == "metadata" and isinstance(data.get("resource_id"), str):
        out["resource_id"] = hsds_uuid(data.get("resource_type") or "service", data["resource_id"])
    for name, value in data.items():
        child_kind = KIND_OF_MEMBER.get(name)
        if child_kind is None:
            continue
        if isinstance(value, dict):
            out[name] = _publish(value, child_kind, out["id"], name, 0)
        elif isinstance(value, list):
            out[name] = [_publish(item, child_kind, out["id"], name, i) if isinstance(item, dict) else item
                         for i, item in enumerate(value)]
    return out


def unpublish_child(obj: dict, parent: str | None, member: str, index: int) -> dict:
    """Return a child object as stored: its id dropped when it is the one `publish` would derive again."""
    item = dict(obj)
    original = item.pop("x_source_id", None)
    if isinstance(original, str) and original.strip():
        item["id"] = original
    if parent is not None and item.get("id") == child_uuid(parent, member, index):
        item.pop("id")
    return item
