"""Report periods: a month ("2026-11"), a quarter ("2026-Q4") or a year ("2026")."""
import re
from dataclasses import dataclass
from datetime import date

from flask_babel import format_date
from flask_babel import gettext as _

from ..errors import BadParameter

PATTERN = re.compile(r"(?P<year>20\d\d)(?:-(?:Q(?P<quarter>[1-4])|(?P<month>0[1-9]|1[0-2])))?")


@dataclass(frozen=True)
class Period:
    key: str
    start: date
    end: date  # the first day after the period
    kind: str  # "month", "quarter" or "year"

    @property
    def label(self) -> str:
        if self.kind == "month":
            return format_date(self.start, "LLLL yyyy")
        if self.kind == "quarter":
            return _("%(quarter)d. četrtletje %(year)d", quarter=(self.start.month + 2) // 3, year=self.start.year)
        return str(self.start.year)


def _month_after(year: int, month: int) -> date:
    return date(year + month // 12, month % 12 + 1, 1)


def parse_period(value: str | None, today: date | None = None) -> Period:
    """Return the period of ?obdobje= (the current year when empty); raise BadParameter when malformed."""
    today = today or date.today()
    value = (value or "").strip() or str(today.year)
    found = PATTERN.fullmatch(value.upper())
    if not found:
        raise BadParameter(_("Neznano obdobje: %(value)s (na primer 2026, 2026-Q4 ali 2026-11).", value=value[:20]))
    year = int(found["year"])
    if found["month"]:
        month = int(found["month"])
        return Period(value.upper(), date(year, month, 1), _month_after(year, month), "month")
    if found["quarter"]:
        first = 3 * int(found["quarter"]) - 2
        return Period(value.upper(), date(year, first, 1), _month_after(year, first + 2), "quarter")
    return Period(value, date(year, 1, 1), date(year + 1, 1, 1), "year")


def recent_periods(chosen: Period | None = None, today: date | None = None) -> dict[str, list[Period]]:
    """Return the periods the picker offers: the last 3 years, 4 quarters and 12 months, and the chosen one."""
    today = today or date.today()
    offered = _recent(today)
    if chosen is not None and chosen not in offered[chosen.kind]:
        offered[chosen.kind] = sorted([chosen, *offered[chosen.kind]], key=lambda p: p.start, reverse=True)
    return offered


def _recent(today: date) -> dict[str, list[Period]]:
    months = [(today.year * 12 + today.month - 1 - n) for n in range(12)]
    quarter = (today.month + 2) // 3
    quarters = [(today.year * 4 + quarter - 1 - n) for n in range(4)]
    return {
        "year": [parse_period(str(today.year - n)) for n in range(3)],
        "quarter": [parse_period(f"{q // 4}-Q{q % 4 + 1}") for q in quarters],
        "month": [parse_period(f"{m // 12}-{m % 12 + 1:02d}") for m in months],
    }
