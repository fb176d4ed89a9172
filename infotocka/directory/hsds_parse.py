"""Turn one HSDS service record into validated values, ready to write; nothing here touches rows."""
from typing import Callable

from flask_babel import gettext as _

from ..extensions import db
from ..models import STATUSES, Municipality, Region, TaxonomyTerm
from ..text import fold, whole_number
from .hsds_values import (
    RecordError, identifier, items, mapping, parse_age, parse_byday, parse_coordinate, parse_date,
    parse_datetime, parse_time, quoted, text,
)

Warn = Callable[[str, str], None]

SERVICE_TEXT = ("alternate_name", "url", "email", "application_process", "fees_description",
                "eligibility_description", "alert")
SERVICE_KNOWN = {"id", "name", "description", "status", "minimum_age", "maximum_age", "assured_date",
                 "last_modified", "organization", "organization_id", "phones", "schedules",
                 "service_at_locations", "service_areas", "languages", "attributes", "x_easy_read",
                 "x_sources", *SERVICE_TEXT}
ORG_TEXT = ("alternate_name", "description", "email", "website")
ORG_KNOWN = {"id", "name", "phones", "attributes", "assured_date", "last_modified", *ORG_TEXT}
LOCATION_TEXT = ("name", "description", "transportation")
LOCATION_TYPES = ("physical", "virtual", "postal")
REGION_URI, MUNICIPALITY_URI = "urn:si:regija:", "urn:si:obcina:"


class Catalog:
    """Taxonomy terms, municipalities and regions, loaded once for a batch of records."""

    def __init__(self):
        self.terms = {t.code: t for t in db.session.scalars(db.select(TaxonomyTerm))}
        self.municipalities = {m.id: m for m in db.session.scalars(db.select(Municipality))}
        self.by_name = {fold(name): m for m in self.municipalities.values() for name in _names(m)}
        regions = db.session.scalars(db.select(Region)).all()
        self.regions = {key: r for r in regions for key in (r.slug, fold(r.name))}

    def area(self, entry: dict) -> list[Municipality]:
        """Return the municipalities a service_areas entry stands for (empty when unknown)."""
        uri = str(entry.get("uri") or "")
        code = whole_number(uri[len(MUNICIPALITY_URI):]) if uri.startswith(MUNICIPALITY_URI) else None
        if code is not None and code in self.municipalities:
            return [self.municipalities[code]]
        if uri.startswith(REGION_URI) and uri[len(REGION_URI):] in self.regions:
            return list(self.regions[uri[len(REGION_URI):]].municipalities)
        name = fold(str(entry.get("name") or "")).strip()
        if name in self.by_name:
            return [self.by_name[name]]
        region = self.regions.get(name) or self.regions.get(name.removesuffix(" regija"))
        return list(region.municipalities) if region else []


def _names(municipality: Municipality) -> list[str]:
    bilingual = municipality.name_bilingual
    return [municipality.name, *([bilingual, *bilingual.split("/")] if bilingual else [])]


def _extra(record: dict, known: set) -> dict | None:
    return {k: v for k, v in record.items() if k not in known} or None


def parse_service(record: dict, catalog: Catalog, warn: Warn) -> dict:
    """Validate a service record; raise RecordError on the first bad field, warn about skipped parts."""
    record = mapping(record, "record")
    values = {"id": identifier(record, "id", "id"), "name": text(record, "name", "name", required=True),
              "description": text(record, "description", "description", required=True)}
    values.update({key: text(record, key, key) for key in SERVICE_TEXT})
    values.update(
        easy_read=text(record, "x_easy_read", "x_easy_read"),
        status=_status(record),
        minimum_age=parse_age(record.get("minimum_age"), "minimum_age"),
        maximum_age=parse_age(record.get("maximum_age"), "maximum_age"),
        assured_date=parse_date(record.get("assured_date"), "assured_date"),
        last_modified=parse_datetime(record.get("last_modified"), "last_modified"),
        sources=_strings(record, "x_sources") or None,
        languages=_languages(record) or None,
        extra=_extra(record, SERVICE_KNOWN),
    )
    return {
        "values": values,
        "organization": parse_organization(record.get("organization"), catalog, warn),
        "phones": parse_phones(record, "phones"),
        "schedules": [_schedule(mapping(s, f"schedules[{i}]"), f"schedules[{i}]")
                      for i, s in enumerate(items(record, "schedules", "schedules"))],
        "locations": [_service_at_location(mapping(s, f"service_at_locations[{i}]"), f"service_at_locations[{i}]")
                      for i, s in enumerate(items(record, "service_at_locations", "service_at_locations"))],
        "areas": _areas(record, catalog, warn),
        "terms": parse_terms(record, "attributes", catalog, warn),
    }


def _status(record: dict) -> str:
    status = text(record, "status", "status") or "active"
    if status not in STATUSES:
        raise RecordError("status", _("%(value)s ni ena od vrednosti %(allowed)s", value=quoted(status),
                                     allowed=", ".join(STATUSES)))
    return status


def _strings(record: dict, key: str) -> list[str]:
    values = items(record, key, key)
    if not all(isinstance(v, str) for v in values):
        raise RecordError(key, _("mora biti seznam besedil"))
    return values


def _languages(record: dict) -> list[str]:
    codes = []
    for i, entry in enumerate(items(record, "languages", "languages")):
        code = entry if isinstance(entry, str) else text(mapping(entry, f"languages[{i}]"), "code",
                                                         f"languages[{i}].code", required=True)
        codes.append(code)
    return codes


def parse_organization(record, catalog: Catalog, warn: Warn) -> dict:
    """Validate the nested organization of a service record."""
    if record is None:
        raise RecordError("organization", _("je obvezen podatek"))
    record = mapping(record, "organization")
    values = {"id": identifier(record, "id", "organization.id"),
              "name": text(record, "name", "organization.name", required=True)}
    values.update({key: text(record, key, f"organization.{key}") for key in ORG_TEXT})
    values.update(assured_date=parse_date(record.get("assured_date"), "organization.assured_date"),
                  last_modified=parse_datetime(record.get("last_modified"), "organization.last_modified"),
                  extra=_extra(record, ORG_KNOWN))
    return {"values": values, "phones": parse_phones(record, "phones", "organization."),
            "terms": parse_terms(record, "attributes", catalog, warn, "organization.")}


def parse_phones(record: dict, key: str, prefix: str = "") -> list[dict]:
    """Validate a list of phones."""
    phones = []
    for i, entry in enumerate(items(record, key, prefix + key)):
        field = f"{prefix}{key}[{i}]"
        entry = mapping(entry, field)
        phones.append({"number": text(entry, "number", f"{field}.number", required=True),
                       "type": text(entry, "type", f"{field}.type"),
                       "description": text(entry, "description", f"{field}.description"), "position": i})
    return phones


def _schedule(entry: dict, field: str) -> dict:
    values = {
        "byday": parse_byday(entry.get("byday"), f"{field}.byday"),
        "opens_at": parse_time(entry.get("opens_at"), f"{field}.opens_at"),
        "closes_at": parse_time(entry.get("closes_at"), f"{field}.closes_at", allow_24=True),
        "valid_from": parse_date(entry.get("valid_from"), f"{field}.valid_from"),
        "valid_to": parse_date(entry.get("valid_to"), f"{field}.valid_to"),
        "description": text(entry, "description", f"{field}.description"),
    }
    if not any(values.values()):
        raise RecordError(field, _("je prazen: navedite ure ali opis"))
    if values["valid_from"] and values["valid_to"] and values["valid_to"] < values["valid_from"]:
        raise RecordError(f"{field}.valid_to", _("je pred valid_from"))
    return values


def _service_at_location(entry: dict, field: str) -> dict:
    return {"id": identifier(entry, "id", f"{field}.id"),
            "description": text(entry, "description", f"{field}.description"),
            "location": parse_location(mapping(entry.get("location"), f"{field}.location"), f"{field}.location")}


def parse_location(entry: dict, field: str) -> dict:
    """Validate a location with its addresses."""
    values = {"id": identifier(entry, "id", f"{field}.id")}
    values.update({key: text(entry, key, f"{field}.{key}") for key in LOCATION_TEXT})
    values.update(
        location_type=text(entry, "location_type", f"{field}.location_type") or "physical",
        latitude=parse_coordinate(entry.get("latitude"), f"{field}.latitude", 90),
        longitude=parse_coordinate(entry.get("longitude"), f"{field}.longitude", 180),
        geo_precision=text(entry, "x_geo_precision", f"{field}.x_geo_precision"),
        confidential=entry.get("x_confidential") is True,
        accessibility=[mapping(a, f"{field}.accessibility") for a in items(entry, "accessibility",
                                                                           f"{field}.accessibility")] or None,
    )
    if values["location_type"] not in LOCATION_TYPES:
        raise RecordError(f"{field}.location_type", _("%(value)s ni ena od vrednosti %(allowed)s",
                                                      value=quoted(values["location_type"]),
                                                      allowed=", ".join(LOCATION_TYPES)))
    if (values["latitude"] is None) != (values["longitude"] is None):
        raise RecordError(f"{field}.latitude", _("zemljepisna širina in dolžina morata biti podani skupaj"))
    addresses = [_address(mapping(a, f"{field}.addresses[{i}]"), f"{field}.addresses[{i}]")
                 for i, a in enumerate(items(entry, "addresses", f"{field}.addresses"))]
    return {"values": values, "addresses": addresses}


def _address(entry: dict, field: str) -> dict:
    values = {key: text(entry, key, f"{field}.{key}") for key in ("address_1", "city", "postal_code")}
    values["country"] = (text(entry, "country", f"{field}.country") or "SI").upper()
    values["address_type"] = text(entry, "address_type", f"{field}.address_type") or "physical"
    if len(values["country"]) != 2:
        raise RecordError(f"{field}.country", _("mora biti dvočrkovna koda ISO"))
    return values


def _areas(record: dict, catalog: Catalog, warn: Warn) -> list[Municipality]:
    entries = items(record, "service_areas", "service_areas")
    found: dict[int, Municipality] = {}
    for i, entry in enumerate(entries):
        entry = mapping(entry, f"service_areas[{i}]")
        municipalities = catalog.area(entry)
        if not municipalities:
            warn(f"service_areas[{i}]", _("neznana občina ali regija %(name)s",
                                          name=quoted(entry.get("name") or entry.get("uri"))))
        found.update((m.id, m) for m in municipalities)
    if entries and not found:
        raise RecordError("service_areas", _("nobena občina ni znana (storitev bi veljala za vso državo)"))
    return sorted(found.values(), key=lambda m: m.id)


def parse_terms(record: dict, key: str, catalog: Catalog, warn: Warn, prefix: str = "") -> list[TaxonomyTerm]:
    """Return the known taxonomy terms of an attributes list; warn about and skip unknown codes."""
    terms: list[TaxonomyTerm] = []
    for i, entry in enumerate(items(record, key, prefix + key)):
        field = f"{prefix}{key}[{i}]"
        ref = mapping(entry, field).get("taxonomy_term")
        ref = {} if ref is None else mapping(ref, f"{field}.taxonomy_term")
        code = ref.get("code") or ref.get("id") or entry.get("taxonomy_term_id")
        term = catalog.terms.get(code) if isinstance(code, str) else None
        if term is None:
            warn(field, _("neznana koda taksonomije %(code)s, izpuščena", code=quoted(code)))
        elif ref.get("taxonomy") not in (None, term.taxonomy):
            warn(field, _("koda %(code)s spada v taksonomijo %(taxonomy)s, ne %(given)s; izpuščena",
                          code=quoted(code), taxonomy=quoted(term.taxonomy), given=quoted(ref["taxonomy"])))
        elif term not in terms:
            terms.append(term)
    return terms
