"""Coverage matrices: per municipality of an area, how many active services each term has.

A service counts for the residents of municipality M when it is active and M is in its
areas, or it has no area at all (it is national). For M it is then exactly one of:

- local: it has a (non-confidential, physical) location in M, or its only area is M;
- regional: M is one of several municipalities in its areas and it has no location in M;
- national: it has no area and no location in M.

A cell is a gap when no local or regional service serves the term there (national phone
lines alone do not close a gap); it is empty when not even a national service does.
"""
from dataclasses import dataclass, field

from ..directory.queries import available_in_any, terms
from ..extensions import db
from ..models import KINDS_OF_HELP, TARGET_GROUPS, Municipality, Service, TaxonomyTerm
from .area import Area
from ..directory.loading import service_loads
from .places import location_municipalities

BY = {"target_group": TARGET_GROUPS, "kind": KINDS_OF_HELP}
SCOPES = ("local", "regional", "national")


def per_10000(count: int, population: int | None) -> float | None:
    """Return count per 10,000 residents, to one decimal (None without a population)."""
    return round(count * 10000 / population, 1) if population else None


@dataclass
class Counts:
    local: int = 0
    regional: int = 0
    national: int = 0

    def add(self, scope: str) -> None:
        setattr(self, scope, getattr(self, scope) + 1)

    @property
    def total(self) -> int:
        return self.local + self.regional + self.national

    @property
    def nearby(self) -> int:
        """Local and regional services: what the region itself provides."""
        return self.local + self.regional


@dataclass
class Cell(Counts):
    municipality: Municipality | None = None

    @property
    def gap(self) -> bool:
        return self.nearby == 0

    @property
    def empty(self) -> bool:
        return self.total == 0

    @property
    def per_10000(self) -> float | None:
        return per_10000(self.total, self.municipality.population)


@dataclass
class Row:
    term: TaxonomyTerm
    cells: list[Cell]

    @property
    def gaps(self) -> int:
        return sum(cell.gap for cell in self.cells)


@dataclass
class Matrix:
    area: Area
    by: str
    rows: list[Row]
    totals: list[Cell] = field(default_factory=list)  # distinct services per municipality

    @property
    def municipalities(self) -> list[Municipality]:
        return self.area.municipalities

    def row(self, code: str) -> Row | None:
        return next((r for r in self.rows if r.term.code == code), None)

    def cell(self, code: str, municipality_id: int) -> Cell | None:
        row = self.row(code)
        return next((c for c in row.cells if c.municipality.id == municipality_id), None) if row else None


def scope_in(service: Service, municipality_id: int, located_in: set[int],
             area_ids: set[int] | None = None) -> str | None:
    """Return how a service serves the residents of a municipality, or None when it does not.

    `area_ids` (the ids of the service's areas) may be passed in when already computed."""
    if area_ids is None:
        area_ids = {m.id for m in service.areas}
    if area_ids and municipality_id not in area_ids or not area_ids and not service.is_national:
        return None  # not among its areas, or its only areas are outside Slovenia
    if municipality_id in located_in or area_ids == {municipality_id}:
        return "local"
    return "regional" if area_ids else "national"


def active_services(area: Area) -> list[Service]:
    """Return the active services available somewhere in the area (national ones included)."""
    query = db.select(Service).where(Service.status == "active", available_in_any(m.id for m in area.municipalities))
    return list(db.session.scalars(query.order_by(Service.id).options(*service_loads("coverage"))))


Scoped = list[tuple[Service, dict[int, str]]]


def service_scopes(area: Area, services: list[Service]) -> Scoped:
    """Return each service with its scope per municipality of the area where it is available.

    Each service's located-in municipalities are worked out once (gazetteer lookups shared
    between services through `cache`), and only the municipalities it can serve are checked."""
    area_order = [m.id for m in area.municipalities]
    cache: dict = {}
    found = []
    for service in services:
        located_in = location_municipalities(service, cache)
        area_ids = {m.id for m in service.areas}
        candidates = [mid for mid in area_order if mid in area_ids] if area_ids else area_order
        scopes = {}
        for mid in candidates:
            if scope := scope_in(service, mid, located_in, area_ids):
                scopes[mid] = scope
        found.append((service, scopes))
    return found


def scoped_services(area: Area) -> Scoped:
    """Return the active services of the area with their scopes: compute once, share between reports."""
    return service_scopes(area, active_services(area))


def coverage_matrix(area: Area, by: str, scoped: Scoped | None = None) -> Matrix:
    """Count active services per term of the `by` taxonomy and municipality of the area.

    `scoped` (from scoped_services) lets one request build both matrices and the freshness
    report from a single load of the services."""
    taxonomy = BY[by]
    rows = [Row(term, [Cell(municipality=m) for m in area.municipalities]) for term in terms(taxonomy)]
    cells = {(row.term.code, cell.municipality.id): cell for row in rows for cell in row.cells}
    totals = {m.id: Cell(municipality=m) for m in area.municipalities}
    for service, scopes in scoped if scoped is not None else scoped_services(area):
        codes = [t.code for t in service.terms if t.taxonomy == taxonomy]
        for municipality_id, scope in scopes.items():
            totals[municipality_id].add(scope)
            for code in codes:
                cells[code, municipality_id].add(scope)
    return Matrix(area, by, rows, [totals[m.id] for m in area.municipalities])
