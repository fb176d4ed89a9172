"""The resident's CSD unit: rights are claimed at the centre for social work of one's permanent residence.

data/csd-competence.csv maps every municipality to its CSD and unit (sources and open questions in
csd-competence.md); the unit is matched to its listing in the directory for the contacts."""
import csv
import re
import threading
from dataclasses import dataclass
from pathlib import Path

from flask import current_app
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..models import Organization, Service, TaxonomyTerm
from ..precomputed import per_version
from ..text import fold

_EXTENSION_KEY = "infotocka.csd_competence"
_lock = threading.Lock()
# Words of the rights claimed at the CSD (folded stems): such a search shows the resident's unit first.
RIGHTS = re.compile(r"\b(denarn\w* socialn\w* pomo|socialn\w* pomo|otrosk\w* dodat|varstven\w* dodat|"
                    r"pomo\w* na domu|subvencij\w* najemnin|dodat\w* za velik\w* druzin|izredn\w* denarn|"
                    r"pravic\w* iz javnih sredstev|starsevsk\w* (dodat|nadomest|varstv)|dodat\w* za nego)")


@dataclass(frozen=True)
class Competence:
    municipality_id: int
    csd: str  # "Center za socialno delo Zasavje"
    unit: str  # "enota Trbovlje"; "" where the unit is not known yet (the Ljubljana and Maribor units)
    unit_seat: str

    @property
    def name(self) -> str:
        return f"{self.csd}, {self.unit}" if self.unit else self.csd


@dataclass(frozen=True)
class CsdUnit:
    competence: Competence
    organization: Organization | None  # its listing in the directory, with the contacts

    @property
    def phones(self) -> list:
        """Return the unit's phones: the organization's, else those of its first service that has some."""
        if self.organization is None:
            return []
        return self.organization.phones or next((s.phones for s in self.organization.services if s.phones), [])

    @property
    def email(self) -> str | None:
        org = self.organization
        return org and (org.email or next((s.email for s in org.services if s.email), None))

    @property
    def address(self) -> str | None:
        """Return the unit's address on one line (from its services' places), or None."""
        for service in self.organization.services if self.organization else []:
            for location in service.locations:
                if location.address is not None and not location.confidential:
                    return location.address.one_line()
        return None


def _path() -> Path:
    return Path(current_app.config["DATA_DIR"]) / "csd-competence.csv"


def competences() -> dict[int, Competence]:
    """Return municipality code → its CSD and unit (read once per application)."""
    app = current_app._get_current_object()
    table = app.extensions.get(_EXTENSION_KEY)
    if table is None:
        with _lock, _path().open(encoding="utf-8") as f:
            table = {int(r["municipality_id"]): Competence(int(r["municipality_id"]), r["csd"].strip(),
                                                           r["unit"].strip(), r["unit_seat"].strip())
                     for r in csv.DictReader(f)}
            app.extensions[_EXTENSION_KEY] = table
    return table


def _matches(competence: Competence, name: str, alternate_name: str | None) -> int:
    """Return how well a CSD listing's names match the competent unit (0: not at all)."""
    name = fold(name)
    if fold(competence.csd) not in name:
        return 0
    if competence.unit and fold(competence.unit) in name:
        return 3
    if competence.unit_seat and fold(competence.unit_seat) in fold(alternate_name or ""):
        return 2  # "Center za socialno delo Savinjsko-Šaleška" (CSD Velenje): the unit at the CSD's seat
    return 1 if not competence.unit else 0


def competent_unit(municipality_id: int | None) -> CsdUnit | None:
    """Return the CSD unit competent for a municipality's residents, with its listing if there is one."""
    competence = competences().get(municipality_id) if municipality_id is not None else None
    if competence is None:
        return None
    org_id = _unit_listing(competence)
    if org_id is None:
        return CsdUnit(competence, None)
    organization = db.session.get(Organization, org_id, options=[
        selectinload(Organization.phones), selectinload(Organization.services).selectinload(Service.phones)])
    return CsdUnit(competence, organization)


def _unit_listing(competence: Competence) -> str | None:
    """Return the id of the listed CSD unit for a competence, worked out once per data version (results and
    kiosk pages ask on every request; the answer changes only when the directory does)."""
    found = per_version("csd_unit_listings")
    key = (competence.csd, competence.unit, competence.unit_seat)
    if key not in found:
        rows = db.session.execute(db.select(Organization.id, Organization.name, Organization.alternate_name)
                                  .where(Organization.terms.any(TaxonomyTerm.code == "csd")))
        best = max(((_matches(competence, name, alternate), org_id) for org_id, name, alternate in rows),
                   default=None)
        found[key] = best[1] if best is not None and best[0] else None
    return found[key]


def names_a_right(text: str) -> bool:
    """Whether a search asks for a right claimed at the CSD (denarna socialna pomoč, otroški dodatek ...)."""
    return bool(RIGHTS.search(fold(text or "")))
