"""Reads of the directory for resident pages: lookups, availability by place, groupings."""
from dataclasses import dataclass

from sqlalchemy import or_
from sqlalchemy.orm import selectinload

from ..database import read_once
from ..extensions import db
from ..precomputed import per_version
from ..models import (Municipality, Organization, OrganizationRedirect, Region, Service, ServiceRedirect,
                      TaxonomyTerm)
from ..text import whole_number
from .hsds_ids import is_uuid
from .loading import service_loads, services_by_ids

HELPLINE = "telefonska-pomoc"
HIDDEN_STATUSES = ("inactive", "defunct")  # never shown to residents; "temporarily closed" is shown
_SLOVENE_ORDER = str.maketrans({"č": "c~", "ć": "c~~", "đ": "d~", "š": "s~", "ž": "z~"})


def slovene_key(text: str) -> str:
    """Sort key in Slovene alphabetical order (c < č < d, s < š < t, z < ž)."""
    return text.casefold().translate(_SLOVENE_ORDER)


def by_name(items: list) -> list:
    """Return places (municipalities, regions) in Slovene alphabetical order of their names."""
    return sorted(items, key=lambda item: slovene_key(item.name))


def visible():
    """Return the condition for services residents may see."""
    return Service.status.not_in(HIDDEN_STATUSES)


def available_in_any(municipality_ids):
    """Return the condition: a service covers one of these municipalities or is national."""
    return or_(Service.areas.any(Municipality.id.in_(list(municipality_ids))), Service.is_national)


def _sorted_services(*conditions) -> list[Service]:
    query = db.select(Service).where(visible(), *conditions).options(*service_loads())
    return sorted(db.session.scalars(query.order_by(Service.id)), key=lambda s: slovene_key(s.name))


def services_available_in(municipality: Municipality) -> list[Service]:
    """Return visible services for residents of a municipality: its own and the national ones."""
    return _sorted_services(available_in_any([municipality.id]))


def services_available_in_region(region: Region) -> list[Service]:
    """Return visible services covering any municipality of a region, plus the national ones."""
    return _sorted_services(available_in_any(m.id for m in region.municipalities))


def helplines(limit: int = 12) -> list[Service]:
    """Return the visible national helplines (kind "telefonska-pomoc"), found without the search index."""
    query = (db.select(Service).where(visible(), Service.is_national,
                                      Service.terms.any(TaxonomyTerm.code == HELPLINE))
             .options(*service_loads()).order_by(Service.name, Service.id).limit(limit))
    return list(db.session.scalars(query))


def crisis_services(categories: list[str]) -> list[Service]:
    """Return the visible crisis lines and shelters of these crisis categories, found without the search index."""
    from ..search.crisis import BY_CODE
    from ..search.priority import MAX_CRISIS
    found: list[Service] = []
    for category in categories:
        for group in BY_CODE[category].service_codes:
            query = (db.select(Service).where(visible(), *[Service.terms.any(TaxonomyTerm.code == c) for c in group])
                     .options(*service_loads()).order_by(Service.name, Service.id))
            found += [s for s in db.session.scalars(query) if s not in found]
    return found[:MAX_CRISIS]


def other_units(units: dict[str, list[str]]) -> dict[str, list[Service]]:
    """Load the other units of collapsed results (search.units: id → ids) with one query."""
    loaded = {s.id: s for s in services_by_ids([i for others in units.values() for i in others], purpose="unit")}
    return {lead: [loaded[i] for i in others if i in loaded] for lead, others in units.items()}


def get_service(service_id: str) -> Service | None:
    """Return one service with everything its page shows."""
    query = db.select(Service).where(Service.id == service_id).options(*service_loads())
    return db.session.scalar(query)


def key_of_uuid(model, ident: str) -> str | None:
    """Return the id (slug) of the service or organization whose HSDS UUID this is, None when none is."""
    if not is_uuid(ident):
        return None
    return db.session.scalar(db.select(model.id).where(model.uuid == ident.lower()))


def find_by_hsds_id(model, ident: str, key=None):
    """Return the row whose HSDS UUID or own key (`key`, by default the id column) this is."""
    where = model.uuid == ident.lower() if is_uuid(ident) else (key if key is not None else model.id) == ident
    return db.session.scalar(db.select(model).where(where))


def get_organization(organization_id: str) -> Organization | None:
    """Return one organization with its terms and phones."""
    query = db.select(Organization).where(Organization.id == organization_id).options(
        selectinload(Organization.terms), selectinload(Organization.phones)
    )
    return db.session.scalar(query)


def organization_services(organization: Organization) -> list[Service]:
    """Return an organization's visible services."""
    return _sorted_services(Service.organization_id == organization.id)


def resolve_municipality(value: str | int | None) -> Municipality | None:
    """Find a municipality by statistical code ("129") or slug ("trbovlje")."""
    value = str(value or "").strip()
    if value.isdigit():
        code = whole_number(value)
        return db.session.get(Municipality, code) if code is not None else None
    return db.session.scalar(db.select(Municipality).where(Municipality.slug == value.lower())) if value else None


def region_by_slug(slug: str) -> Region | None:
    """Find a region by its slug ("zasavska")."""
    query = db.select(Region).where(Region.slug == slug).options(selectinload(Region.municipalities))
    return db.session.scalar(query)


@dataclass(frozen=True)
class MunicipalityName:
    """What pickers and the results page's facet show of a municipality."""

    id: int
    name: str
    display_name: str  # with its Italian or Hungarian name where bilingual
    slug: str


def _municipalities() -> tuple[list[MunicipalityName], dict[int, MunicipalityName]]:
    """Every municipality's names by name, and by code; read once per data version (the geography is
    seeded before the app serves; a re-seed while it runs shows after the next change to the directory).
    A page asks twice (the picker, the facet): the answer is kept for the rest of the transaction."""
    return read_once("municipality_names", _municipalities_of_version)


def _municipalities_of_version() -> tuple[list[MunicipalityName], dict[int, MunicipalityName]]:
    store = per_version("municipalities")
    if "names" not in store:
        rows = db.session.execute(db.select(Municipality.id, Municipality.name, Municipality.name_bilingual,
                                            Municipality.slug))
        ordered = by_name([MunicipalityName(i, name, both or name, slug) for i, name, both, slug in rows])
        if not ordered:  # not seeded yet: read again next time
            return [], {}
        store["names"] = ordered, {m.id: m for m in ordered}
    return store["names"]


def all_municipalities() -> list[MunicipalityName]:
    """Return all municipalities by name (for pickers)."""
    return _municipalities()[0]


def municipality_names(ids) -> dict[int, MunicipalityName]:
    """Return the names of the municipalities with these codes, keyed by code."""
    by_id = _municipalities()[1]
    return {int(i): by_id[int(i)] for i in ids if int(i) in by_id}


def _all_terms() -> list[TaxonomyTerm]:
    """Every taxonomy term in its defined order, read once per transaction (a search page asks seven times:
    the form's three pickers, three facets and the need chips)."""
    query = db.select(TaxonomyTerm).order_by(TaxonomyTerm.taxonomy, TaxonomyTerm.position)
    return read_once("taxonomy_terms", lambda: list(db.session.scalars(query)))


def terms(taxonomy: str) -> list[TaxonomyTerm]:
    """Return a taxonomy's terms in their defined order."""
    return [t for t in _all_terms() if t.taxonomy == taxonomy]


def terms_by_code(codes) -> dict[str, TaxonomyTerm]:
    """Return the terms with these codes, keyed by code."""
    wanted = set(codes)
    return {t.code: t for t in _all_terms() if t.code in wanted}


def area_summary(service: Service) -> tuple[list[Region], list[Municipality]]:
    """Collapse a service's areas: whole regions it covers, then the remaining municipalities."""
    covered = {m.id for m in service.areas}
    region_ids = {m.region_id for m in service.areas}
    query = db.select(Region).where(Region.id.in_(region_ids)).options(selectinload(Region.municipalities))
    whole = by_name([r for r in db.session.scalars(query) if {m.id for m in r.municipalities} <= covered])
    in_whole = {m.id for r in whole for m in r.municipalities}
    return whole, by_name([m for m in service.areas if m.id not in in_whole])


def merged_into(kind: str, old_id: str) -> str | None:
    """Return the id of the listing ("service") or provider ("organization") that a merged one's old id (its
    slug, or the HSDS UUID it was published under) now points to, or None."""
    model, target = _REDIRECTS[kind]
    row = find_by_hsds_id(model, old_id, key=model.old_id)
    return getattr(row, target) if row is not None else None


_REDIRECTS = {"service": (ServiceRedirect, "service_id"), "organization": (OrganizationRedirect, "organization_id")}
