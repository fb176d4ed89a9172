"""Turn Service rows into index documents (the only place that knows what is searchable)."""
import re

from ..directory.loading import service_loads
from ..extensions import db
from ..models import KINDS_OF_HELP, PROVIDER_TYPES, TARGET_GROUPS, Municipality, Organization, Service
from ..geo.geocoding import located_municipality_id
from ..text import fold
from .schema import NATIONAL

STATUS_RANK = {"active": "0", "temporarily closed": "1", "inactive": "2", "defunct": "3"}
NATIONAL_WORDS = "Slovenija vsa Slovenija državna raven"


def iter_all_services(batch: int = 500):
    """Yield every service in id order, a batch at a time (bounded memory for big directories)."""
    last = ""
    while True:
        query = (db.select(Service).where(Service.id > last).order_by(Service.id)
                 .limit(batch).options(*service_loads("index")))
        rows = list(db.session.scalars(query))
        if not rows:
            return
        yield from rows
        last = rows[-1].id
        db.session.expunge_all()


def family(service: Service) -> str:
    """Return the key of the card a service shares with the same-named services of its network's other
    units (folded name, network); the results page shows one card per family."""
    return f"{fold(service.name)}\x00{network(service.organization)}"


def network(org: Organization | None) -> str:
    """Return the key of the network an organization's unit belongs to: same-named services of one
    network are one service offered at several units (every CSD's "Prva socialna pomoč")."""
    if org is None:
        return ""
    if any(t.code == "csd" for t in org.terms):  # 16 regional centres, 63 units: one public network
        return "csd"
    return re.sub(r"\s*[,–-]?\s*enota\b.*$", "", fold(org.name)).strip()


FREE = re.compile(r"^\s*(brezplacn|ni placljiv|zastonj)|\bje brezplacn|\bbrezplacn[oa] za vse")
WHEELCHAIR = re.compile(r"vozick|brez ovir|gibalno ovir|klancin|dvigal|dostopn\w* za invalid")


def traits(service: Service) -> list[str]:
    """Return the service's filterable traits: "free" (its fees say so), "wheelchair" (a place says so)."""
    out = []
    if FREE.search(fold(service.fees_description or "")):
        out.append("free")
    notes = " ".join(a.get("description", "") for loc in service.locations for a in (loc.accessibility or [])
                     if isinstance(a, dict))
    if WHEELCHAIR.search(fold(notes)):
        out.append("wheelchair")
    return out


def _join(*parts) -> str:
    return "\n".join(p for p in parts if p)


def _places(service: Service, located: list[Municipality]) -> str:
    munis = {m.id: m for m in [*service.areas, *located]}
    names = [m.display_name for m in munis.values()]
    regions = sorted({m.region.name for m in munis.values() if m.region})
    return " ".join([*names, *regions, NATIONAL_WORDS if service.is_national else ""])


def _located(service: Service) -> list[Municipality]:
    return [sal.location.municipality for sal in service.service_at_locations
            if sal.location is not None and sal.location.municipality is not None]


def _located_ids(service: Service) -> set[str]:
    """Return the municipalities the service's places are in (by the address's town when not stored)."""
    found = (located_municipality_id(sal.location) for sal in service.service_at_locations if sal.location)
    return {str(m) for m in found if m is not None}


def document(service: Service) -> dict:
    """Return the index document of one service."""
    org = service.organization
    terms = [*service.terms, *(org.terms if org else [])]
    located = _located(service)
    fields = {
        "name": _join(service.name, service.alternate_name),
        "org": _join(org.name, org.alternate_name) if org else "",
        "terms": _join(*(f"{t.name_sl} {t.name_en} {t.description_sl or ''}" for t in terms)),  # a line each
        "body": _join(service.description, service.easy_read, service.eligibility_description,
                      service.application_process, service.fees_description),
        "places": _places(service, located),
    }
    text = _join(*fields.values())
    return {
        "id": service.id,
        "sort_key": f"{family(service)}\x00{service.id}",  # name, network, id
        **fields,
        "stems": text,
        "plain": text,
        "target_group": " ".join(t.code for t in service.terms if t.taxonomy == TARGET_GROUPS),
        "kind": " ".join(t.code for t in service.terms if t.taxonomy == KINDS_OF_HELP),
        "provider_type": " ".join(t.code for t in (org.terms if org else []) if t.taxonomy == PROVIDER_TYPES),
        "area": " ".join(str(m.id) for m in service.areas) or (NATIONAL if service.is_national else ""),
        "located": " ".join(sorted(_located_ids(service))),
        "org_id": service.organization_id,
        "status": STATUS_RANK.get(service.status, "2"),
        "trait": " ".join(traits(service)),
        "language": " ".join(sorted(set(service.languages or []))),
    }
