"""Validate single HSDS values (text, dates, times, numbers, coordinates) into Python values."""
import math
import re
from datetime import date, datetime, timezone

from flask_babel import gettext as _, ngettext

from ..text import whole_number

DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_TIME = re.compile(r"^(\d{2}):(\d{2})(?::(\d{2}))?$")
MAX_AGE = 150
MAX_ID = 200  # the id columns are String(200)
MAX_TEXT = 10_000  # the longest text member (a description); the editing form has the same limit


class RecordError(ValueError):
    """A field that breaks the exchange format; the record it belongs to is rejected.

    `message` is for people (editors see it beside the form, staff in moderation): already translated."""

    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


def quoted(value) -> str:
    """Return a value as quoted in a message, cut short."""
    try:
        shown = repr(value)
    except ValueError:  # an int too long to print
        return "…"
    return shown if len(shown) <= 40 else shown[:39] + "…"


def text(record: dict, key: str, field: str, required: bool = False) -> str | None:
    """Return a stripped text member, None when empty; raise when required and missing."""
    value = record.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise RecordError(field, _("je obvezen podatek"))
        return None
    if not isinstance(value, str):
        raise RecordError(field, _("mora biti besedilo, ne %(type)s", type=type(value).__name__))
    if len(value) > MAX_TEXT:  # 50 MB in one description once took the reindex to 923 MB
        raise RecordError(field, _("je predolgo: največ %(max)d znakov, ima jih %(length)d",
                                   max=MAX_TEXT, length=len(value)))
    return value.strip()


def identifier(record: dict, key: str, field: str) -> str:
    """Return a required id member that fits the id columns."""
    value = text(record, key, field, required=True)
    if len(value) > MAX_ID:
        raise RecordError(field, ngettext("je predolg: največ %(num)d znak", "je predolg: največ %(num)d znakov",
                                          MAX_ID))
    return value


def items(record: dict, key: str, field: str) -> list:
    """Return a list member (an empty list when missing)."""
    value = record.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise RecordError(field, _("mora biti seznam"))
    return value


def mapping(value, field: str) -> dict:
    """Return value when it is a JSON object."""
    if not isinstance(value, dict):
        raise RecordError(field, _("mora biti objekt JSON"))
    return value


def parse_date(value, field: str) -> date | None:
    """Parse an ISO date ("2024-05-31")."""
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        pass
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).date()
    except (AttributeError, ValueError):
        raise RecordError(field, _("ni datum ISO (LLLL-MM-DD): %(value)s", value=quoted(value))) from None


def parse_datetime(value, field: str) -> datetime | None:
    """Parse an ISO date or date-time into naive UTC."""
    if value in (None, ""):
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except (AttributeError, ValueError):
        raise RecordError(field, _("ni datum ali datum s časom ISO: %(value)s", value=quoted(value))) from None
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(timezone.utc).replace(tzinfo=None)
    return parsed


def parse_time(value, field: str, allow_24: bool = False) -> str | None:
    """Parse "HH:MM" (or "HH:MM:SS") into "HH:MM"; "24:00" only as a closing time."""
    if value in (None, ""):
        return None
    match = _TIME.match(value) if isinstance(value, str) else None
    if not match:
        raise RecordError(field, _("ni čas UU:MM: %(value)s", value=quoted(value)))
    hours, minutes = int(match[1]), int(match[2])
    is_midnight_end = allow_24 and hours == 24 and minutes == 0
    if (hours > 23 or minutes > 59) and not is_midnight_end:
        raise RecordError(field, _("ni veljavna ura dneva: %(value)s", value=quoted(value)))
    return f"{hours:02d}:{minutes:02d}"


def parse_byday(value, field: str) -> str | None:
    """Parse a comma-separated list of iCalendar weekdays ("MO,TU")."""
    if value in (None, ""):
        return None
    days = [d.strip().upper() for d in str(value).split(",") if d.strip()]
    unknown = [d for d in days if d not in DAYS]
    if unknown:
        raise RecordError(field, _("neznan dan v tednu %(day)s (uporabite MO, TU, WE, TH, FR, SA, SU)",
                                   day=quoted(unknown[0])))
    return ",".join(days)


def parse_age(value, field: str) -> int | None:
    """Parse a whole number of years from 0 to MAX_AGE (ASCII digits or a finite JSON number)."""
    if value in (None, ""):
        return None
    years = None
    if isinstance(value, str):
        years = whole_number(value, MAX_AGE)
    elif isinstance(value, int) and not isinstance(value, bool):
        years = value
    elif isinstance(value, float) and math.isfinite(value) and value.is_integer():
        years = int(value)
    if years is None or not 0 <= years <= MAX_AGE:
        raise RecordError(field, _("ni celo število let od 0 do %(max)d: %(value)s", max=MAX_AGE,
                                   value=quoted(value)))
    return years


def parse_coordinate(value, field: str, limit: float) -> float | None:
    """Parse a WGS84 coordinate within ±limit degrees."""
    if value in (None, ""):
        return None
    try:
        number = float(value) if not isinstance(value, bool) else None
    except (TypeError, ValueError, OverflowError):
        number = None
    if number is None or number != number:
        raise RecordError(field, _("ni število: %(value)s", value=quoted(value)))
    if not -limit <= number <= limit:
        raise RecordError(field, _("je zunaj obsega ±%(limit)s: %(number)s", limit=f"{limit:g}", number=number))
    return number
