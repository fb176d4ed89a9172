"""Export listings as nested HSDS 3.0 service objects (the exchange format); empty members are omitted.

`service_to_hsds` and friends give the internal form (our slugs as ids, children without ids), which
the editing side diffs and audits; `hsds_ids.publish` turns it into the exchange form with UUIDs.
HSDS members we do not model in columns live in each row's `extra` and come back out unchanged."""
from datetime import date, datetime

from ..audit import confidential_location_ids, with_audit_metadata
from ..extensions import db
from ..models import Location, Organization, Service, TaxonomyTerm
from .hsds_ids import publish
from .loading import service_loads


def _is_empty(value) -> bool:
    return value is None or (isinstance(value, (str, list, dict)) and not value)


def _compact(data: dict) -> dict:
    return {key: value for key, value in data.items() if not _is_empty(value)}


def _with_extra(data: dict, extra: dict | None, **defaults) -> dict:
    """Return data with the stored extra members, then the defaults of required members still missing."""
    merged = {**data, **{k: v for k, v in (extra or {}).items() if k not in data}}
    return {**merged, **{k: v for k, v in defaults.items() if k not in merged}}


def iso_date(value: date | None) -> str | None:
    """Return an ISO date, or None."""
    return value.isoformat() if value else None


def iso_datetime(value: datetime | None) -> str | None:
    """Return a naive UTC date-time as ISO 8601 with a Z."""
    return value.isoformat() + "Z" if value else None


def phones_to_hsds(phones) -> list[dict]:
    """Return phones as HSDS phone objects."""
    return [_with_extra(_compact({"number": p.number, "type": p.type, "description": p.description}), p.extra)
            for p in phones]


def term_to_hsds(term: TaxonomyTerm) -> dict:
    """Return a taxonomy term as an HSDS taxonomy_term (internally its id is its code)."""
    return {"id": term.code, "code": term.code, "taxonomy": term.taxonomy, "name": term.name_sl,
            "description": term.description_sl or ""}


def terms_to_hsds(terms: list[TaxonomyTerm], extra: dict | None = None) -> list[dict]:
    """Return taxonomy terms as HSDS attributes, in taxonomy order, then the kept attributes of other taxonomies."""
    ours = [{"taxonomy_term": term_to_hsds(t)} for t in sorted(terms, key=lambda t: (t.position, t.code))]
    return ours + list((extra or {}).get("attributes") or [])


def organization_to_hsds(org: Organization) -> dict:
    """Return an organization as an HSDS object, with its provider type."""
    data = _compact({
        "id": org.id, "name": org.name, "alternate_name": org.alternate_name, "description": org.description,
        "email": org.email, "website": org.website, "assured_date": iso_date(org.assured_date),
        "phones": phones_to_hsds(org.phones), "attributes": terms_to_hsds(org.terms, org.extra),
    })
    return _with_extra(data, org.extra, description="")


def location_to_hsds(location: Location, *, public: bool = True) -> dict:
    """Return a location; a confidential one keeps only its id and name when public."""
    data = {"id": location.id, "name": location.name, "location_type": location.location_type,
            "x_confidential": location.confidential or None}
    if public and location.confidential:
        return _compact(data)
    data.update({
        "description": location.description, "latitude": location.latitude, "longitude": location.longitude,
        "x_geo_precision": location.geo_precision, "transportation": location.transportation,
        "addresses": [_address(a) for a in location.addresses], "accessibility": location.accessibility,
    })
    return _with_extra(_compact(data), location.extra)


def _address(address) -> dict:
    """Return an address; HSDS requires every member below, so one we do not know is empty (Slovenia has no
    states: `state_province` is empty unless an import gave one)."""
    data = _compact({"address_1": address.address_1, "city": address.city, "postal_code": address.postal_code,
                     "country": address.country, "address_type": address.address_type})
    return _with_extra(data, address.extra, address_1="", city="", postal_code="", state_province="")


def schedules_to_hsds(schedules) -> list[dict]:
    """Return schedules as HSDS schedule objects."""
    return [_with_extra(_compact({"byday": s.byday, "opens_at": s.opens_at, "closes_at": s.closes_at,
                                  "valid_from": iso_date(s.valid_from), "valid_to": iso_date(s.valid_to),
                                  "description": s.description}), s.extra) for s in schedules]


def _service_at_locations(service: Service, public: bool) -> list[dict]:
    return [_with_extra(_compact({"id": sal.id, "description": sal.description,
                                  "location": location_to_hsds(sal.location, public=public)}), sal.extra)
            for sal in service.service_at_locations]


def _areas(service: Service) -> list[dict]:
    """Return the service areas as given (kept in extra), or as the municipalities they stand for."""
    kept = (service.extra or {}).get("service_areas")
    if kept:
        return kept
    return [{"name": m.name, "uri": m.uri} for m in sorted(service.areas, key=lambda m: (m.name, m.id))]


def _languages(service: Service) -> list[dict]:
    return (service.extra or {}).get("languages") or [{"code": code} for code in service.languages or []]


def service_to_hsds(service: Service, *, public: bool = True) -> dict:
    """Return a fully nested HSDS 3.0 service object."""
    data = _compact({
        "id": service.id, "name": service.name, "alternate_name": service.alternate_name,
        "description": service.description, "x_easy_read": service.easy_read, "status": service.status,
        "url": service.url, "email": service.email, "application_process": service.application_process,
        "fees_description": service.fees_description, "eligibility_description": service.eligibility_description,
        "minimum_age": service.minimum_age, "maximum_age": service.maximum_age, "alert": service.alert,
        "assured_date": iso_date(service.assured_date), "last_modified": iso_datetime(service.last_modified),
        "organization": organization_to_hsds(service.organization), "phones": phones_to_hsds(service.phones),
        "schedules": schedules_to_hsds(service.schedules),
        "service_at_locations": _service_at_locations(service, public), "service_areas": _areas(service),
        "languages": _languages(service), "attributes": terms_to_hsds(service.terms, service.extra),
        "x_sources": service.sources,
    })
    return _with_extra(data, {k: v for k, v in (service.extra or {}).items() if k not in DERIVED})


DERIVED = ("service_areas", "languages", "attributes")  # kept in extra, but merged by their own rules


def export_directory(*, public: bool = True) -> list[dict]:
    """Return every service as HSDS, ordered by its UUID id, each with its audit trail as HSDS `metadata`."""

    hidden = confidential_location_ids() if public else set()
    query = db.select(Service).order_by(Service.uuid).options(*service_loads("hsds"))
    return [publish(with_audit_metadata(service_to_hsds(s, public=public), public=public, hidden=hidden))
            for s in db.session.scalars(query)]
