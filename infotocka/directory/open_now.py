"""Which services are open at this minute (the hours model with Slovene public holidays), for the
"Odprto zdaj" filter and its count. Computed once a minute per application, from the schedule table only."""
import threading

from flask import current_app

from ..extensions import db
from ..models import Schedule
from . import hours

_EXTENSION_KEY = "infotocka.open_now"
_lock = threading.Lock()


def open_service_ids() -> frozenset[str]:
    """Return the ids of the services whose schedules say they are open right now."""
    at = hours.now()
    minute = at.strftime("%Y-%m-%d %H:%M")
    app = current_app._get_current_object()
    cached = app.extensions.get(_EXTENSION_KEY)
    if cached and cached[0] == minute:
        return cached[1]
    with _lock:
        by_service: dict[str, list] = {}
        for schedule in db.session.scalars(db.select(Schedule).where(Schedule.opens_at.is_not(None))):
            by_service.setdefault(schedule.service_id, []).append(schedule)
        found = frozenset(sid for sid, rows in by_service.items() if hours.is_open(rows, at))
        app.extensions[_EXTENSION_KEY] = (minute, found)
    return found
