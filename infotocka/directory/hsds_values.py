"""Validate single HSDS values (text, dates, times, numbers, coordinates) into Python values."""
import re
from datetime import date, datetime, timezone

DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_TIME = re.compile(r"^(\d{2}):(\d{2})(?::(\d{2}))?$")


class RecordError(ValueError):
    """A field that breaks the exchange format; the record it belongs to is rejected."""

    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


def text(record: dict, key: str, field: str, required: bool = False) -> str | None:
    """Return a stripped text member, None when empty; raise when required and missing."""
    value = record.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise RecordError(field, "is required")
        return None
    if not isinstance(value, str):
        raise RecordError(field, f"must be text, not {type(value).__name__}")
    return value.strip()


def items(record: dict, key: str, field: str) -> list:
    """Return a list member (an empty list when missing)."""
    value = record.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise RecordError(field, "must be a list")
    return value


def mapping(value, field: str) -> dict:
    """Return value when it is a JSON object."""
    if not isinstance(value, dict):
        raise RecordError(field, "must be an object")
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
        raise RecordError(field, f"not an ISO date: {value!r}") from None


def parse_datetime(value, field: str) -> datetime | None:
    """Parse an ISO date or date-time into naive UTC."""
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise RecordError(field, f"not an ISO date-time: {value!r}")
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise RecordError(field, f"not an ISO date-time: {value!r}") from None
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(timezone.utc).replace(tzinfo=None)
    return parsed


def parse_time(value, field: str, allow_24: bool = False) -> str | None:
    """Parse "HH:MM" (or "HH:MM:SS") into "HH:MM"; "24:00" only as a closing time."""
    if value in (None, ""):
        return None
    match = _TIME.match(value) if isinstance(value, str) else None
    if not match:
        raise RecordError(field, f"not a time HH:MM: {value!r}")
    hours, minutes = int(match[1]), int(match[2])
    is_midnight_end = allow_24 and hours == 24 and minutes == 0
    if (hours > 23 or minutes > 59) and not is_midnight_end:
        raise RecordError(field, f"not a valid time of day: {value!r}")
    return f"{hours:02d}:{minutes:02d}"


def parse_byday(value, field: str) -> str | None:
    """Parse a comma-separated list of iCalendar weekdays ("MO,TU")."""
    if value in (None, ""):
        return None
    days = [d.strip().upper() for d in str(value).split(",") if d.strip()]
    unknown = [d for d in days if d not in DAYS]
    if unknown:
        raise RecordError(field, f"unknown weekday {unknown[0]!r} (use MO, TU, WE, TH, FR, SA, SU)")
    return ",".join(days)


def parse_age(value, field: str) -> int | None:
    """Parse a whole number of years."""
    if value in (None, ""):
        return None
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool) and float(value).is_integer() and value >= 0:
        return int(value)
    raise RecordError(field, f"not a whole number of years: {value!r}")


def parse_coordinate(value, field: str, limit: float) -> float | None:
    """Parse a WGS84 coordinate within ±limit degrees."""
    if value in (None, ""):
        return None
    try:
        number = float(value) if not isinstance(value, bool) else None
    except (TypeError, ValueError):
        number = None
    if number is None or number != number:
        raise RecordError(field, f"not a number: {value!r}")
    if not -limit <= number <= limit:
        raise RecordError(field, f"out of range ±{limit:g}: {number}")
    return number
