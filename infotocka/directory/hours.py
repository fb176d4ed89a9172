"""Opening hours: is a service open at a moment, and how to say its hours in words.

Pure functions over `Schedule`-like objects (attributes byday, opens_at, closes_at,
valid_from, valid_to, description). Rules, in the order they apply:

* Times are local to Europe/Ljubljana; a naive datetime is taken as local time.
* Only schedules with weekdays and both times say anything about "open now";
  free-text notes alone give `None` (unknown).
* "24:00" closes at midnight; a closing time earlier than the opening time runs
  past midnight (19:00–07:00 on MO is open until 07:00 on Tuesday); equal
  times mean the whole day.
* Seasonal schedules (valid_from/valid_to) replace the regular ones on the days
  they are valid; a day no schedule applies to is closed.
* On a Slovene public holiday a service is closed, unless the schedules that
  apply that day cover all seven weekdays (helplines, homes, 24/7 services):
  those keep their usual hours.
"""
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import holidays
from babel.dates import format_date, format_time, get_day_names
from flask_babel import force_locale, gettext

TZ = ZoneInfo("Europe/Ljubljana")
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
DAY_MINUTES = 24 * 60
CLOCK = re.compile(r"([01]?\d|2[0-4]):[0-5]\d")


@dataclass(frozen=True)
class Interval:
    """Minutes from midnight; `closes` may exceed 1440 when the interval runs past midnight."""

    opens: int
    closes: int


def _minutes(value: str) -> int:
    hours, _, minutes = value.partition(":")
    return int(hours) * 60 + int(minutes or 0)


def interval_of(schedule) -> Interval:
    """Return the schedule's interval, moving an early closing time to the next day."""
    opens, closes = _minutes(schedule.opens_at), _minutes(schedule.closes_at)
    if closes <= opens:
        closes += DAY_MINUTES
    return Interval(opens, closes)


def days_of(schedule) -> set[str]:
    """Return the schedule's weekdays as codes ("MO"…"SU"), ignoring anything else."""
    return {d.upper() for d in schedule.days} & set(WEEKDAYS)


def _is_clock(value: str | None) -> bool:
    return bool(value and CLOCK.fullmatch(value) and _minutes(value) <= DAY_MINUTES)


def is_timed(schedule) -> bool:
    """Tell whether a schedule gives weekdays and both times (not only a note); bad times count as none."""
    return bool(days_of(schedule)) and _is_clock(schedule.opens_at) and _is_clock(schedule.closes_at)


def is_seasonal(schedule) -> bool:
    return schedule.valid_from is not None or schedule.valid_to is not None


def _valid_on(schedule, day: date) -> bool:
    starts_ok = schedule.valid_from is None or schedule.valid_from <= day
    return starts_ok and (schedule.valid_to is None or day <= schedule.valid_to)


def applicable(schedules, day: date) -> list:
    """Return the timed schedules in force on a day: seasonal ones override the regular ones."""
    timed = [s for s in schedules if is_timed(s) and _valid_on(s, day)]
    seasonal = [s for s in timed if is_seasonal(s)]
    return seasonal or timed


def is_holiday(day: date) -> bool:
    """Tell whether a day is a Slovene public holiday (work-free day)."""
    return day in holidays.SI(years=day.year)


def covers_every_day(schedules) -> bool:
    return set(WEEKDAYS) <= {d for s in schedules for d in days_of(s)}


def intervals_on(schedules, day: date) -> list[Interval]:
    """Return the intervals that start on a day, after seasons and holidays."""
    in_force = applicable(schedules, day)
    if is_holiday(day) and not covers_every_day(in_force):
        return []
    weekday = WEEKDAYS[day.weekday()]
    return [interval_of(s) for s in in_force if weekday in days_of(s)]


def local(at: datetime) -> datetime:
    """Return the moment in Ljubljana time (naive datetimes are taken as local)."""
    return at.replace(tzinfo=TZ) if at.tzinfo is None else at.astimezone(TZ)


def is_open(schedules, at: datetime) -> bool | None:
    """Tell whether the schedules are open at a moment; None when they give no times."""
    if not any(is_timed(s) for s in schedules):
        return None
    at = local(at)
    minute = at.hour * 60 + at.minute
    today, yesterday = at.date(), at.date() - timedelta(days=1)
    if any(i.opens <= minute < i.closes for i in intervals_on(schedules, today)):
        return True
    return any(minute + DAY_MINUTES < i.closes for i in intervals_on(schedules, yesterday))


def now() -> datetime:
    """Return the current Ljubljana time (one place for tests to stop the clock)."""
    return datetime.now(TZ)


def open_now(schedules) -> bool | None:
    """Tell whether the schedules are open right now."""
    return is_open(schedules, now())


# Describing hours in words ---------------------------------------------------------------

TIME_PATTERNS = {"sl": "H.mm", "en": "HH:mm"}
DATE_PATTERNS = {"sl": "d. M. yyyy", "en": "d MMM yyyy"}


def _clock(minutes: int, locale: str) -> str:
    if minutes > DAY_MINUTES:  # the next morning of an interval past midnight
        minutes -= DAY_MINUTES
    if minutes == DAY_MINUTES:
        return "24.00" if locale == "sl" else "24:00"
    moment = time(minutes // 60, minutes % 60)
    return format_time(moment, TIME_PATTERNS.get(locale, "HH:mm"), locale=locale)


def _runs(indexes: list[int]) -> list[list[int]]:
    """Split sorted weekday indexes into runs of consecutive days."""
    runs: list[list[int]] = []
    for index in indexes:
        if runs and runs[-1][-1] == index - 1:
            runs[-1].append(index)
        else:
            runs.append([index])
    return runs


def days_label(days: set[str], locale: str) -> str:
    """Name a set of weekdays: "ponedeljek–petek", "sobota, nedelja", "vsak dan"."""
    if set(WEEKDAYS) <= days:
        return gettext("vsak dan")
    names = get_day_names("wide", locale=locale)
    parts = []
    for run in _runs(sorted(WEEKDAYS.index(d) for d in days if d in WEEKDAYS)):
        if len(run) >= 3:
            parts.append(f"{names[run[0]]}–{names[run[-1]]}")
        else:
            parts.extend(names[i] for i in run)
    return ", ".join(parts)


def _line(days: set[str], intervals: tuple[Interval, ...], locale: str) -> str:
    """Say one group of days and its intervals: "ponedeljek–petek 8.00–12.00, 13.00–15.00"."""
    if intervals == (Interval(0, DAY_MINUTES),):
        return gettext("%(days)s, 24 ur na dan", days=days_label(days, locale))
    times = ", ".join(f"{_clock(i.opens, locale)}–{_clock(i.closes, locale)}" for i in intervals)
    return f"{days_label(days, locale)} {times}"


def _week(schedules) -> dict[str, tuple[Interval, ...]]:
    """Map each weekday to its sorted intervals."""
    week: dict[str, set[Interval]] = {}
    for schedule in schedules:
        for day in days_of(schedule):
            week.setdefault(day, set()).add(interval_of(schedule))
    return {day: tuple(sorted(found, key=lambda i: i.opens)) for day, found in week.items()}


def _week_lines(schedules, locale: str) -> list[str]:
    """Describe one set of schedules, grouping weekdays that share the same hours."""
    groups: dict[tuple[Interval, ...], set[str]] = {}
    for day, intervals in _week(schedules).items():
        groups.setdefault(intervals, set()).add(day)
    ordered = sorted(groups.items(), key=lambda g: min(WEEKDAYS.index(d) for d in g[1] if d in WEEKDAYS))
    return [_line(days, intervals, locale) for intervals, days in ordered]


def _season_label(schedule, locale: str) -> str:
    pattern = DATE_PATTERNS.get(locale, "yyyy-MM-dd")
    start = format_date(schedule.valid_from, pattern, locale=locale) if schedule.valid_from else ""
    end = format_date(schedule.valid_to, pattern, locale=locale) if schedule.valid_to else ""
    if start and end:
        return gettext("od %(start)s do %(end)s", start=start, end=end)
    if start:
        return gettext("od %(start)s", start=start)
    return gettext("do %(end)s", end=end)


class Note(str):
    """A line quoted from the listing (Slovene), not written in the page's language: templates mark it
    with lang="sl"."""

    sl = True


def _notes(schedules) -> list[str]:
    seen: list[str] = []
    for schedule in schedules:
        if schedule.description and schedule.description not in seen:
            seen.append(Note(schedule.description))
    return seen


def describe(schedules, locale: str = "sl") -> list[str]:
    """Return the hours as lines of text: regular hours, seasonal hours, then notes."""
    with force_locale(locale):
        timed = [s for s in schedules if is_timed(s)]
        lines = _week_lines([s for s in timed if not is_seasonal(s)], locale)
        seasons: dict[tuple, list] = {}
        for schedule in (s for s in timed if is_seasonal(s)):
            seasons.setdefault((schedule.valid_from, schedule.valid_to), []).append(schedule)
        for group in seasons.values():
            season = _season_label(group[0], locale)
            lines.extend(f"{line} ({season})" for line in _week_lines(group, locale))
        return lines + _notes(schedules)
