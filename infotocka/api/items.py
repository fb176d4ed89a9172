"""Service list items kept per data version, so a search page serializes only what is new.

Building an item (loading a service with its relations, the HSDS tree, UUIDs) costs far more
than finding it; the same services recur across searches, and an item changes only when the
directory's data does (`precomputed.data_version`, one small query). Each app keeps the
items of the current version only, up to MAX_ITEMS.
"""
from threading import Lock

from ..precomputed import per_version

MAX_ITEMS = 20_000
_lock = Lock()


def cached_items(ids: list[str], flavour: str, build) -> dict[str, dict]:
    """Return {id: item} of the services found, in the order of `ids`; `build(missing_ids)` → {id: item}
    makes the items not kept yet."""
    items = per_version("service_items")
    with _lock:  # a concurrent search may clear `items` (MAX_ITEMS) while this one reads it
        kept = {sid: items[(flavour, sid)] for sid in ids if (flavour, sid) in items}
    missing = [sid for sid in dict.fromkeys(ids) if sid not in kept]
    built = build(missing) if missing else {}
    with _lock:  # built for an older version, they land in that version's dict, which nobody reads any more
        if len(items) + len(built) > MAX_ITEMS:
            items.clear()
        items.update({(flavour, sid): item for sid, item in built.items()})
    found = {sid: kept.get(sid) or built.get(sid) for sid in ids}
    return {sid: item for sid, item in found.items() if item is not None}
