"""Demand × supply: enquiries per municipality and need in a period, beside the services that exist.

Counts from 1 to 4 are never shown as numbers (page, CSV and API alike: "< 5"), and neither is
the share of a count below 5, so no single resident's enquiry can be recognised; nor can the
one suppressed cell of a need be worked out from the area's total (see _blur)."""
from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import func

from ..coverage.area import Area
from ..coverage.matrix import BY, Counts, Matrix, Scoped, coverage_matrix, scoped_services
from ..directory.queries import terms_by_code
from ..extensions import db
from ..models import DemandCount, Municipality, TaxonomyTerm
from ..models.demand import NO_NEED
from .outcomes import MET_LOCALLY, PLACELESS
from .period import Period

SUPPRESS_BELOW = 5
SUPPRESSED = "< 5"
HIGH_DEMAND = 5  # enquiries from which a need without a local or regional service is a shortfall
NEARBY = ("local", "regional")


def shown(count: int) -> str:
    """Return a count as it may be published: "< 5" for 1 to 4."""
    return SUPPRESSED if 0 < count < SUPPRESS_BELOW else str(count)


@dataclass
class DemandCell:
    code: str
    term: TaxonomyTerm | None  # None: no need understood, or a code no longer in the taxonomy
    municipality: Municipality | None  # None: the total of the whole area
    enquiries: int = 0
    unmet: int = 0  # not found in the municipality (regional, national, nothing, "no", referred away)
    placed: int = 0  # enquiries whose outcome says something about the place
    supply: Counts | None = None  # services of this need for the place; None when it is no taxonomy term
    above: int | None = None  # an area total published only as "> above" (see _blur)

    def add(self, outcome: str, count: int) -> None:
        self.enquiries += count
        if outcome not in PLACELESS:
            self.placed += count
            self.unmet += 0 if outcome in MET_LOCALLY else count

    def name(self, lang: str = "sl") -> str:
        """Return the need's name ("brez prepoznane potrebe" for searches no need was understood from)."""
        if self.term is not None:
            return self.term.name(lang)
        return _("brez prepoznane potrebe") if self.code == NO_NEED else self.code

    @property
    def enquiries_shown(self) -> str:
        return shown(self.enquiries) if self.above is None else f"> {self.above}"

    @property
    def share_unmet(self) -> int | None:
        """Return the percentage not found locally; None below 5 enquiries (it would reveal too much)."""
        if self.enquiries < SUPPRESS_BELOW or not self.placed:
            return None
        return round(100 * self.unmet / self.placed)

    @property
    def shortfall(self) -> bool:
        """High demand and no local or regional service for it."""
        return self.enquiries >= HIGH_DEMAND and self.supply is not None and self.supply.nearby == 0


@dataclass
class DemandReport:
    area: Area
    period: Period
    cells: list[DemandCell] = field(default_factory=list)  # per municipality and need, shortfalls first
    totals: list[DemandCell] = field(default_factory=list)  # per need over the whole area

    @property
    def shortfalls(self) -> list[DemandCell]:
        return [t for t in self.totals if t.shortfall]


def _counts(area: Area, period: Period) -> list[tuple[int, str, str, int]]:
    c = DemandCount
    query = (db.select(c.municipality, c.need, c.outcome, func.sum(c.count))
             .where(c.day >= period.start, c.day < period.end, c.municipality.in_([m.id for m in area.municipalities]))
             .group_by(c.municipality, c.need, c.outcome))
    return [tuple(row) for row in db.session.execute(query)]


def _area_supply(scoped: Scoped, codes: set[str]) -> dict[str, Counts]:
    """Return, per need code, the services of the area by their best scope anywhere in it."""
    supply = {code: Counts() for code in codes}
    for service, scopes in scoped:
        best = "local" if "local" in scopes.values() else "regional" if "regional" in scopes.values() else "national"
        for term in service.terms:
            if term.code in supply:
                supply[term.code].add(best)
    return supply


def _supply_cell(matrices: dict[str, Matrix], code: str, municipality_id: int) -> Counts | None:
    for matrix in matrices.values():
        if (cell := matrix.cell(code, municipality_id)) is not None:
            return cell
    return None


def _order(cell: DemandCell) -> tuple:
    return (not cell.shortfall, -cell.enquiries, cell.code == NO_NEED, cell.code,
            cell.municipality.name if cell.municipality else "")


def demand_report(area: Area, period: Period, scoped: Scoped | None = None,
                  matrices: dict[str, Matrix] | None = None) -> DemandReport:
    """Build the demand × supply report of an area and period (the coverage page passes what it computed)."""
    scoped = scoped if scoped is not None else scoped_services(area)
    matrices = matrices if matrices is not None else {by: coverage_matrix(area, by, scoped) for by in BY}
    rows = _counts(area, period)
    codes = {need for _m, need, _o, _n in rows}
    terms = terms_by_code(codes - {NO_NEED})
    supplied = {row.term.code for matrix in matrices.values() for row in matrix.rows}
    area_supply = _area_supply(scoped, codes & supplied)
    places = {m.id: m for m in area.municipalities}
    cells: dict[tuple[int, str], DemandCell] = {}
    totals: dict[str, DemandCell] = {}
    for municipality_id, need, outcome, count in rows:
        cell = cells.get((municipality_id, need))
        if cell is None:
            cell = cells[municipality_id, need] = DemandCell(
                need, terms.get(need), places[municipality_id],
                supply=_supply_cell(matrices, need, municipality_id) if need in supplied else None)
        cell.add(outcome, count)
        total = totals.get(need) or totals.setdefault(need, DemandCell(need, terms.get(need), None,
                                                                        supply=area_supply.get(need)))
        total.add(outcome, count)
    _blur(totals, cells.values())
    return DemandReport(area, period, sorted(cells.values(), key=_order), sorted(totals.values(), key=_order))


def _blur(totals: dict[str, DemandCell], cells) -> None:
    """Keep an area total from giving away its only suppressed cell (total minus the cells shown).

    When exactly one municipality's count of a need is 1 to 4, the total is published as
    "more than the sum of the counts shown", which says no more than "< 5" already does."""
    hidden: dict[str, int] = {}
    visible: dict[str, int] = {}
    for cell in cells:
        if 0 < cell.enquiries < SUPPRESS_BELOW:
            hidden[cell.code] = hidden.get(cell.code, 0) + 1
        else:
            visible[cell.code] = visible.get(cell.code, 0) + cell.enquiries
    for code, total in totals.items():
        if hidden.get(code) == 1 and total.enquiries >= SUPPRESS_BELOW:
            total.above = visible.get(code, 0)


def summary(report: DemandReport, lang: str = "sl") -> list[str]:
    """Return a few plain sentences on the area's demand, for a regional plan."""
    values = {"period": report.period.label, "area": report.area.name}
    if not report.totals:
        return [_("V obdobju %(period)s v območju %(area)s ni zabeleženih poizvedb.", **values)]
    top = [t for t in sorted(report.totals, key=lambda t: -t.enquiries) if t.code != NO_NEED][:3]
    lines = [_("V obdobju %(period)s je bilo v območju %(area)s največ poizvedb po: %(needs)s.", **values,
               needs=", ".join(f"{t.name(lang)} ({t.enquiries_shown})" for t in top))] if top else []
    for total in report.totals:
        named = {**values, "need": total.name(lang), "count": total.enquiries_shown}
        if total.shortfall:
            lines.append(_("Poizvedbe po potrebi »%(need)s«: %(count)s. V območju ni nobene lokalne ali "
                           "regionalne storitve te vrste.", **named))
        elif total.share_unmet is not None and total.share_unmet >= 50 and total.code != NO_NEED:
            lines.append(_("Poizvedbe po potrebi »%(need)s«: %(count)s; %(share)d %% jih pomoči ni našlo v "
                           "domači občini.", **named, share=total.share_unmet))
    return lines


def _within(scoped: Scoped, municipality_ids: set[int]) -> Scoped:
    """Return the services of a larger area restricted to some of its municipalities."""
    inside = [(service, {m: s for m, s in scopes.items() if m in municipality_ids}) for service, scopes in scoped]
    return [(service, scopes) for service, scopes in inside if scopes]


def regional_reports(report: DemandReport, scoped: Scoped | None = None) -> list[DemandReport]:
    """Return one report per region with enquiries: the report itself for a region, each region for the country."""
    if report.area.region is not None:
        return [report]
    scoped = scoped if scoped is not None else scoped_services(report.area)
    reports = []
    for region in sorted({cell.municipality.region for cell in report.cells}, key=lambda r: r.name):
        area = Area(region.slug, region.name, list(region.municipalities), region)
        reports.append(demand_report(area, report.period, _within(scoped, {m.id for m in area.municipalities})))
    return reports


def demand_version() -> str:
    """Return a short text that changes whenever a count is added (part of the cached coverage page's key)."""
    rows, total = db.session.execute(
        db.select(func.count(), func.coalesce(func.sum(DemandCount.count), 0))).one()
    return f"{rows}.{total}"
