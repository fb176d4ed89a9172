"""Translate between the listing form and an HSDS service object (the shape revisions are stored in)."""
import copy
import uuid

from ..extensions import db
from .fields import as_choices
from ..models import KINDS_OF_HELP, TARGET_GROUPS, Municipality, Region, TaxonomyTerm

REGION_URI, MUNICIPALITY_URI = "urn:si:regija:", "urn:si:obcina:"
FORM_TAXONOMIES = {"target_groups": TARGET_GROUPS, "kinds": KINDS_OF_HELP}
TEXT_FIELDS = ("name", "alternate_name", "description", "status", "alert", "eligibility_description",
               "application_process", "fees_description", "email", "url")


def set_choices(form) -> None:
    """Fill the select choices that come from the database (before validating or rendering)."""
    regions = db.session.scalars(db.select(Region).order_by(Region.name)).all()
    form.regions.choices = as_choices((r.slug, r.name) for r in regions)
    municipalities = db.session.scalars(db.select(Municipality).order_by(Municipality.name)).all()
    form.municipalities.choices = as_choices((str(m.id), m.display_name) for m in municipalities)
    terms = db.session.scalars(db.select(TaxonomyTerm).order_by(TaxonomyTerm.position)).all()
    for name, taxonomy in FORM_TAXONOMIES.items():
        getattr(form, name).choices = as_choices((t.code, t.name_sl) for t in terms if t.taxonomy == taxonomy)


def area_picker(form) -> list[dict]:
    """Return the regions with their municipalities and what is ticked, for the area picker."""
    chosen, whole = set(form.municipalities.data or ()), set(form.regions.data or ())
    regions = db.session.scalars(db.select(Region).order_by(Region.name)).all()
    return [{"slug": r.slug, "name": r.name, "whole": r.slug in whole,
             "municipalities": [{"id": str(m.id), "name": m.display_name, "checked": str(m.id) in chosen}
                                for m in r.municipalities]} for r in regions]


def _area_ids(record: dict) -> set[int]:
    return {int(a["uri"][len(MUNICIPALITY_URI):]) for a in record.get("service_areas") or ()
            if str(a.get("uri", "")).startswith(MUNICIPALITY_URI)}


def _areas_for_form(record: dict) -> tuple[list[str], list[str]]:
    """Return (municipality ids, region slugs): a region whose every municipality is covered is shown whole."""
    ids = _area_ids(record)
    regions = []
    for region in db.session.scalars(db.select(Region)):
        members = {m.id for m in region.municipalities}
        if members and members <= ids:
            regions.append(region.slug)
            ids -= members
    return [str(i) for i in sorted(ids)], sorted(regions)


def _codes(record: dict, taxonomy: str) -> list[str]:
    return [a["taxonomy_term"]["code"] for a in record.get("attributes") or ()
            if a.get("taxonomy_term", {}).get("taxonomy") == taxonomy]


def location_row(sal: dict) -> dict:
    """Return the form row of a service_at_location (the location members an editor can change)."""
    loc = sal.get("location") or {}
    address = next(iter(loc.get("addresses") or ()), {})
    return {"id": loc.get("id"), "name": loc.get("name"), "address_1": address.get("address_1"),
            "postal_code": address.get("postal_code"), "city": address.get("city"),
            "confidential": bool(loc.get("x_confidential")), "transportation": loc.get("transportation"),
            "accessibility": "; ".join(a.get("description", "") for a in loc.get("accessibility") or ())}


def _schedule_row(entry: dict) -> dict:
    return {"days": [d for d in (entry.get("byday") or "").split(",") if d], "opens_at": entry.get("opens_at"),
            "closes_at": entry.get("closes_at"), "valid_from": entry.get("valid_from"),
            "valid_to": entry.get("valid_to"), "description": entry.get("description")}


def form_data(record: dict) -> dict:
    """Return the form's initial data for an HSDS service object."""
    municipalities, regions = _areas_for_form(record)
    data = {name: record.get(name) for name in TEXT_FIELDS}
    data.update(
        easy_read=record.get("x_easy_read"), minimum_age=record.get("minimum_age"),
        maximum_age=record.get("maximum_age"),
        phones=[{"number": p.get("number"), "type": p.get("type") or "voice", "description": p.get("description")}
                for p in record.get("phones") or ()],
        schedules=[_schedule_row(s) for s in record.get("schedules") or ()],
        locations=[location_row(sal) for sal in record.get("service_at_locations") or ()],
        municipalities=municipalities, regions=regions, whole_country=not (municipalities or regions) or None,
        target_groups=_codes(record, TARGET_GROUPS), kinds=_codes(record, KINDS_OF_HELP),
        languages=[entry.get("code") for entry in record.get("languages") or ()],
        sources="\n".join(record.get("x_sources") or ()),
    )
    data["status"] = data["status"] or "active"
    return data


def _compact(data: dict) -> dict:
    return {k: v for k, v in data.items() if v not in (None, "", [], {})}


def _rows(rows) -> list[dict]:
    return [row.form.data for row in rows if not row.form.is_blank()]


def _phones(form) -> list[dict]:
    return [_compact({"number": r["number"], "type": r["type"], "description": r["description"]})
            for r in _rows(form.phones)]


def _schedules(form) -> list[dict]:
    return [_compact({"byday": ",".join(r["days"]), "opens_at": r["opens_at"], "closes_at": r["closes_at"],
                      "valid_from": r["valid_from"].isoformat() if r["valid_from"] else None,
                      "valid_to": r["valid_to"].isoformat() if r["valid_to"] else None,
                      "description": r["description"]}) for r in _rows(form.schedules)]


def _location(row: dict, old: dict | None, service_id: str) -> dict:
    """Build a service_at_location; coordinates are kept only while the address stays the same.

    The row's id is a hidden field: it is trusted only when it names one of this listing's own locations,
    so a tampered form cannot overwrite another organization's location."""
    loc_id = row["id"] if old is not None and row["id"] else f"loc-{uuid.uuid4().hex[:12]}"
    address = _compact({"address_1": row["address_1"], "postal_code": row["postal_code"], "city": row["city"],
                        "country": "SI", "address_type": "physical"})
    old_loc = (old or {}).get("location") or {}
    location = {**{k: v for k, v in old_loc.items() if k not in ("latitude", "longitude", "x_geo_precision")},
                "id": loc_id, "name": row["name"] or None, "addresses": [address] if row["city"] else [],
                "x_confidential": True if row["confidential"] else None,
                "transportation": row["transportation"] or None,
                "accessibility": [{"description": row["accessibility"]}] if row["accessibility"] else None}
    if old_loc and (old_loc.get("addresses") or [])[:1] == location["addresses"][:1]:
        location.update({k: old_loc[k] for k in ("latitude", "longitude", "x_geo_precision") if k in old_loc})
    sal_id = (old or {}).get("id") or f"sal-{service_id}-{loc_id}"
    return _compact({"id": sal_id, "description": (old or {}).get("description"), "location": _compact(location)})


def _locations(form, base: dict, service_id: str) -> list[dict]:
    old = {(sal.get("location") or {}).get("id"): sal for sal in base.get("service_at_locations") or ()}
    return [_location(row, old.get(row["id"]), service_id) for row in _rows(form.locations)]


def _service_areas(form) -> list[dict]:
    if form.whole_country.data:
        return []  # no areas: available everywhere
    ids = {int(i) for i in form.municipalities.data or ()}
    for slug in form.regions.data or ():
        region = db.session.scalar(db.select(Region).where(Region.slug == slug))
        ids |= {m.id for m in region.municipalities}
    municipalities = db.session.scalars(db.select(Municipality).where(Municipality.id.in_(ids))).all()
    return [{"name": m.name, "uri": m.uri} for m in sorted(municipalities, key=lambda m: (m.name, m.id))]


def _attributes(form, base: dict) -> list[dict]:
    keep = [a for a in base.get("attributes") or ()
            if a.get("taxonomy_term", {}).get("taxonomy") not in FORM_TAXONOMIES.values()]
    codes = [*form.target_groups.data, *form.kinds.data]
    terms = db.session.scalars(db.select(TaxonomyTerm).where(TaxonomyTerm.code.in_(codes))).all()
    ordered = sorted(terms, key=lambda t: (t.position, t.code))
    return keep + [{"taxonomy_term": {"id": t.code, "code": t.code, "taxonomy": t.taxonomy, "name": t.name_sl}}
                   for t in ordered]


def record_from_form(form, base: dict | None, service_id: str, organization: dict) -> dict:
    """Return the HSDS service object the form describes, keeping members the form does not show."""
    record = copy.deepcopy(base or {})
    record.pop("last_modified", None)
    record.update({name: getattr(form, name).data or None for name in TEXT_FIELDS})
    record.update(
        id=service_id, organization=organization, x_easy_read=form.easy_read.data or None,
        minimum_age=form.minimum_age.data, maximum_age=form.maximum_age.data,
        phones=_phones(form), schedules=_schedules(form),
        service_at_locations=_locations(form, base or {}, service_id),
        service_areas=_service_areas(form), attributes=_attributes(form, base or {}),
        languages=[{"code": code} for code in form.languages.data or ()],
        x_sources=[line.strip() for line in (form.sources.data or "").splitlines() if line.strip()],
    )
    return _compact(record)


def new_service_id() -> str:
    return f"svc-{uuid.uuid4().hex[:16]}"
