"""Turn one HSDS service record into validated values, ready to write; nothing here touches rows."""
from typing import Callable

from flask_babel import gettext as _

from ..extensions import db
from ..models import STATUSES, TAXONOMIES, Municipality, Region, TaxonomyTerm
from ..text import fold, whole_number
from .hsds_fields import FIELDS
from .hsds_ids import ENTITY_KINDS, KIND_OF_MEMBER, child_uuid, hsds_uuid
from .hsds_values import (
    RecordError, identifier, items, mapping, parse_age, parse_byday, parse_coordinate, parse_date,
    parse_datetime, parse_time, quoted, text,
)

Warn = Callable[[str, str], None]
BAD_CELL = "x_bad_cell"  # set by the data-package reader on a record one of whose cells it could not read
DROPPED_ROW = "x_dropped_row"  # a data-package row that belongs to no record: (file, line), field, message

SERVICE_TEXT = ("alternate_name", "url", "email", "application_process", "fees_description",
                "eligibility_description", "alert")
SERVICE_KNOWN = {"id", "name", "description", "status", "minimum_age", "maximum_age", "assured_date",
                 "last_modified", "organization", "organization_id", "phones", "schedules",
                 "service_at_locations", "service_areas", "languages", "attributes", "x_easy_read",
                 "x_sources", "x_source_id", *SERVICE_TEXT}
ORG_TEXT = ("alternate_name", "description", "email", "website")
ORG_KNOWN = {"id", "name", "phones", "attributes", "assured_date", "last_modified", "x_source_id", *ORG_TEXT}
LOCATION_TEXT = ("name", "description", "transportation")
LOCATION_KNOWN = {"id", "location_type", "latitude", "longitude", "x_geo_precision", "x_confidential", "addresses",
                  "accessibility", "x_source_id", *LOCATION_TEXT}
PHONE_KNOWN = {"number", "type", "description"}
SCHEDULE_KNOWN = {"byday", "opens_at", "closes_at", "valid_from", "valid_to", "description"}
ADDRESS_KNOWN = {"address_1", "city", "postal_code", "country", "address_type"}
SAL_KNOWN = {"id", "description", "location", "x_source_id", "service_id", "location_id"}
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


def _extra(record: dict, known: set, kind: str | None = None, warn: Warn | None = None, field: str = "") -> dict | None:
    """Return the members to keep beside the columns: HSDS members of this kind and `x_` extensions as given;
    any other member is kept as `x_<name>` (with a warning), so that what we export stays valid HSDS."""
    hsds = set(FIELDS.get(kind, ())) if kind else None
    kept = {}
    for key, value in record.items():
        if key in known or value is None or value in ("", [], {}):
            continue
        if hsds is None or key in hsds or key.startswith("x_"):
            kept[key] = value
            continue
        kept.setdefault(f"x_{key}", value)
        if warn is not None:
            warn(f"{field}{key}", _("ni del HSDS 3.0; shranjeno kot %(name)s", name=quoted(f"x_{key}")))
    return kept or None


def stored_children(record: dict, kind: str) -> dict:
    """Return an incoming object as we store it: rows keyed by `x_source_id` when given, and the ids of
    nested objects that our export derives (from the parent's id and the position) dropped."""
    record = dict(record)
    parent = hsds_uuid(kind, record["id"]) if isinstance(record.get("id"), str) and record["id"] else None
    if isinstance(record.get("x_source_id"), str) and record["x_source_id"].strip():
        record["id"] = record["x_source_id"].strip()
    if kind not in ENTITY_KINDS:
        record.pop("x_source_id", None)
    for member, value in record.items():
        child_kind = KIND_OF_MEMBER.get(member)
        if child_kind is None or child_kind == "metadata":
            continue
        if isinstance(value, dict):
            record[member] = _stored_child(value, child_kind, parent, member, 0)
        elif isinstance(value, list):
            record[member] = [_stored_child(v, child_kind, parent, member, i) if isinstance(v, dict) else v
                              for i, v in enumerate(value)]
    if isinstance(record.get("metadata"), list):  # our own audit trail comes back from the audit table
        record["metadata"] = [m for m in record["metadata"]
                              if not (isinstance(m, dict) and str(m.get("x_source_id", "")).startswith("audit-"))]
        if not record["metadata"]:
            record.pop("metadata")
    return record


def _stored_child(value: dict, kind: str, parent: str | None, member: str, index: int) -> dict:
    if kind not in ENTITY_KINDS and parent is not None and value.get("id") == child_uuid(parent, member, index):
        value = {k: v for k, v in value.items() if k != "id"}
    return stored_children(value, kind)


def parse_service(record: dict, catalog: Catalog, warn: Warn) -> dict:
    """Validate a service record; raise RecordError on the first bad field, warn about skipped parts."""
    record = stored_children(mapping(record, "record"), "service")
    if BAD_CELL in record:
        raise RecordError(str(record[BAD_CELL]).split(":", 1)[0], str(record[BAD_CELL]).split(":", 1)[1].strip())
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
        extra=_extra(record, SERVICE_KNOWN, "service", warn),
    )
    terms, foreign = parse_terms(record, "attributes", catalog, warn)
    areas, given_areas = _areas(record, catalog, warn)
    values["extra"] = _with_kept(values["extra"], attributes=foreign, service_areas=given_areas,
                                 languages=_given_languages(record))
    return {
        "values": values,
        "organization": parse_organization(record.get("organization"), catalog, warn),
        "phones": parse_phones(record, "phones"),
        "schedules": [_schedule(mapping(s, f"schedules[{i}]"), f"schedules[{i}]")
                      for i, s in enumerate(items(record, "schedules", "schedules"))],
        "locations": [_service_at_location(mapping(s, f"service_at_locations[{i}]"), f"service_at_locations[{i}]")
                      for i, s in enumerate(items(record, "service_at_locations", "service_at_locations"))],
        "areas": areas,
        "terms": terms,
    }


def _with_kept(extra: dict | None, **kept) -> dict | None:
    """Return extra with the given lists that the columns cannot reproduce."""
    merged = {**(extra or {}), **{k: v for k, v in kept.items() if v}}
    return merged or None


def _given_languages(record: dict) -> list | None:
    """Return the languages as given when they say more than their codes (ids, names, notes)."""
    given = items(record, "languages", "languages")
    return given if any(isinstance(e, dict) and set(e) - {"code"} for e in given) else None


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
                  extra=_extra(record, ORG_KNOWN, "organization", warn, "organization."))
    terms, foreign = parse_terms(record, "attributes", catalog, warn, "organization.")
    values["extra"] = _with_kept(values["extra"], attributes=foreign)
    return {"values": values, "phones": parse_phones(record, "phones", "organization."), "terms": terms}


def parse_phones(record: dict, key: str, prefix: str = "") -> list[dict]:
    """Validate a list of phones."""
    phones = []
    for i, entry in enumerate(items(record, key, prefix + key)):
        field = f"{prefix}{key}[{i}]"
        entry = mapping(entry, field)
        phones.append({"number": text(entry, "number", f"{field}.number", required=True),
                       "type": text(entry, "type", f"{field}.type"),
                       "description": text(entry, "description", f"{field}.description"), "position": i,
                       "extra": _extra(entry, PHONE_KNOWN, "phone", None, f"{field}.")})
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
    extra = _extra(entry, SCHEDULE_KNOWN, "schedule", None, f"{field}.")
    if not any(values.values()) and not set(extra or {}) - {"id"}:
        raise RecordError(field, _("je prazen: navedite ure ali opis"))
    values["extra"] = extra
    if values["valid_from"] and values["valid_to"] and values["valid_to"] < values["valid_from"]:
        raise RecordError(f"{field}.valid_to", _("je pred valid_from"))
    return values


def _service_at_location(entry: dict, field: str) -> dict:
    return {"id": identifier(entry, "id", f"{field}.id"),
            "description": text(entry, "description", f"{field}.description"),
            "extra": _extra(entry, SAL_KNOWN, "service_at_location", None, f"{field}."),
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
        extra=_extra(entry, LOCATION_KNOWN, "location", None, f"{field}."),
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
    values["extra"] = _extra(entry, ADDRESS_KNOWN, "address", None, f"{field}.")
    if len(values["country"]) != 2:
        raise RecordError(f"{field}.country", _("mora biti dvočrkovna koda ISO"))
    return values


def _areas(record: dict, catalog: Catalog, warn: Warn) -> tuple[list[Municipality], list | None]:
    """Return the municipalities the service areas stand for, and the areas as given when our export of
    those municipalities would not say the same (an area outside Slovenia, an extent, ids)."""
    entries = items(record, "service_areas", "service_areas")
    found: dict[int, Municipality] = {}
    for i, entry in enumerate(entries):
        entry = mapping(entry, f"service_areas[{i}]")
        municipalities = catalog.area(entry)
        if not municipalities and str(entry.get("uri") or "").startswith((MUNICIPALITY_URI, REGION_URI)):
            raise RecordError("service_areas", _("neznana občina ali regija %(name)s", name=quoted(entry["uri"])))
        if not municipalities:
            name = quoted(entry.get("name") or entry.get("uri"))
            warn(f"service_areas[{i}]", _("neznana občina ali regija %(name)s: shranjeno, kot je, a storitev ni "
                                          "na voljo v nobeni občini", name=name))
        found.update((m.id, m) for m in municipalities)
    areas = sorted(found.values(), key=lambda m: m.id)
    ours = [{"name": m.name, "uri": m.uri} for m in sorted(areas, key=lambda m: (m.name, m.id))]
    return areas, (entries if entries and entries != ours else None)


def parse_terms(record: dict, key: str, catalog: Catalog, warn: Warn,
                prefix: str = "") -> tuple[list[TaxonomyTerm], list[dict]]:
    """Return the known taxonomy terms of an attributes list, and the attributes of other taxonomies to keep
    as given (their term named); warn about and skip the rest."""
    terms: list[TaxonomyTerm] = []
    foreign: list[dict] = []
    for i, entry in enumerate(items(record, key, prefix + key)):
        field = f"{prefix}{key}[{i}]"
        ref = mapping(entry, field).get("taxonomy_term")
        ref = {} if ref is None else mapping(ref, f"{field}.taxonomy_term")
        code = ref.get("code") or ref.get("id") or entry.get("taxonomy_term_id")
        term = catalog.terms.get(code) if isinstance(code, str) else None
        if term is None and ref.get("name") and (ref.get("taxonomy") not in TAXONOMIES or not code):
            foreign.append(entry)
        elif term is None:
            warn(field, _("neznana koda taksonomije %(code)s, izpuščena", code=quoted(code)))
        elif ref.get("taxonomy") not in (None, term.taxonomy):
            warn(field, _("koda %(code)s spada v taksonomijo %(taxonomy)s, ne %(given)s; izpuščena",
                          code=quoted(code), taxonomy=quoted(term.taxonomy), given=quoted(ref["taxonomy"])))
        elif term not in terms:
            terms.append(term)
    return terms, foreign
