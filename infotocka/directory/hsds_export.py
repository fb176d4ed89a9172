"""Export listings as nested HSDS 3.0 service objects (the exchange format); empty members are omitted."""
from datetime import date, datetime

from sqlalchemy.orm import selectinload

from ..extensions import db
from ..models import Location, Organization, Service, ServiceAtLocation, TaxonomyTerm


def _is_empty(value) -> bool:
    return value is None or (isinstance(value, (str, list, dict)) and not value)


def _compact(data: dict) -> dict:
    return {key: value for key, value in data.items() if not _is_empty(value)}


def _with_extra(data: dict, extra: dict | None) -> dict:
    return {**data, **{k: v for k, v in (extra or {}).items() if k not in data}}


def iso_date(value: date | None) -> str | None:
    """Return an ISO date, or None."""
    return value.isoformat() if value else None


def iso_datetime(value: datetime | None) -> str | None:
    """Return a naive UTC date-time as ISO 8601 with a Z."""
    return value.isoformat() + "Z" if value else None


def phones_to_hsds(phones) -> list[dict]:
    """Return phones as HSDS phone objects."""
    return [_compact({"number": p.number, "type": p.type, "description": p.description}) for p in phones]


def term_to_hsds(term: TaxonomyTerm) -> dict:
    """Return a taxonomy term as an HSDS taxonomy_term (its id is its code)."""
    return {"id": term.code, "code": term.code, "taxonomy": term.taxonomy, "name": term.name_sl}


def terms_to_hsds(terms: list[TaxonomyTerm]) -> list[dict]:
    """Return taxonomy terms as HSDS attributes, in taxonomy order."""
    return [{"taxonomy_term": term_to_hsds(t)} for t in sorted(terms, key=lambda t: (t.position, t.code))]


def organization_to_hsds(org: Organization) -> dict:
    """Return an organization as an HSDS object, with its provider type."""
    data = _compact({
        "id": org.id, "name": org.name, "alternate_name": org.alternate_name, "description": org.description,
        "email": org.email, "website": org.website, "assured_date": iso_date(org.assured_date),
        "last_modified": iso_datetime(org.last_modified), "phones": phones_to_hsds(org.phones),
        "attributes": terms_to_hsds(org.terms),
    })
    return _with_extra(data, org.extra)


def location_to_hsds(location: Location, *, public: bool = True) -> dict:
    """Return a location; a confidential one keeps only its id and name when public."""
    data = {"id": location.id, "name": location.name, "location_type": location.location_type,
            "x_confidential": location.confidential or None}
    if not (public and location.confidential):
        data.update({
            "description": location.description, "latitude": location.latitude, "longitude": location.longitude,
            "x_geo_precision": location.geo_precision, "transportation": location.transportation,
            "addresses": [_compact({"address_1": a.address_1, "city": a.city, "postal_code": a.postal_code,
                                    "country": a.country, "address_type": a.address_type})
                          for a in location.addresses],
            "accessibility": location.accessibility,
        })
    return _compact(data)


def _schedules(service: Service) -> list[dict]:
    return [_compact({"byday": s.byday, "opens_at": s.opens_at, "closes_at": s.closes_at,
                      "valid_from": iso_date(s.valid_from), "valid_to": iso_date(s.valid_to),
                      "description": s.description}) for s in service.schedules]


def _service_at_locations(service: Service, public: bool) -> list[dict]:
    return [_compact({"id": sal.id, "description": sal.description,
                      "location": location_to_hsds(sal.location, public=public)})
            for sal in service.service_at_locations]


def _areas(service: Service) -> list[dict]:
    return [{"name": m.name, "uri": m.uri} for m in sorted(service.areas, key=lambda m: (m.name, m.id))]


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
        "schedules": _schedules(service), "service_at_locations": _service_at_locations(service, public),
        "service_areas": _areas(service), "languages": [{"code": code} for code in service.languages or []],
        "attributes": terms_to_hsds(service.terms), "x_sources": service.sources,
    })
    return _with_extra(data, service.extra)


def eager_service_options() -> list:
    """Return loader options that fetch everything service_to_hsds reads in a few queries."""
    org = selectinload(Service.organization)
    sal = selectinload(Service.service_at_locations).selectinload(ServiceAtLocation.location)
    return [org.selectinload(Organization.phones), org.selectinload(Organization.terms),
            selectinload(Service.phones), selectinload(Service.schedules), selectinload(Service.terms),
            selectinload(Service.areas), sal.selectinload(Location.addresses)]


def export_directory(*, public: bool = True) -> list[dict]:
    """Return every service as HSDS, ordered by id, each with its audit trail as HSDS `metadata`."""
    from ..manage.audit import confidential_location_ids, with_audit_metadata  # the editing side's trail

    hidden = confidential_location_ids() if public else set()
    query = db.select(Service).order_by(Service.id).options(*eager_service_options())
    return [with_audit_metadata(service_to_hsds(s, public=public), public=public, hidden=hidden)
            for s in db.session.scalars(query)]
