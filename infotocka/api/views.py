"""HSDS 3.0 read endpoints under /api/v1: services, organizations, the OpenAPI document (taxonomies: taxonomies.py).

Answers are in the exchange form (`hsds_ids.publish`: UUID ids, our slugs as `x_source_id`); a record is
found by either. Lists give the one-to-one members (the official `*_list` schemas) unless `full=true`."""
from dataclasses import replace

from flask import abort, current_app, jsonify, redirect, request, url_for

from ..demand.log import record_request_search
from ..directory.hsds_export import organization_to_hsds, service_to_hsds
from ..directory.loading import services_by_ids
from ..directory.hsds_ids import hsds_uuid, publish
from ..directory.queries import find_by_hsds_id, key_of_uuid, merged_into
from ..extensions import db
from ..models import KINDS_OF_HELP, PROVIDER_TYPES, TARGET_GROUPS, Organization, Service, TaxonomyTerm
from ..pagecache import cached
from ..search import SearchQuery, search
from ..search.base import EVERY_MATCH
from ..urls import site_root
from . import bp, params
from .geocode import nearby_page, requested_origin
from .items import cached_items
from .openapi import openapi_document

HSDS_VERSION = "3.0"
FACET_OF_TAXONOMY = {TARGET_GROUPS: "target_group", KINDS_OF_HELP: "kind", PROVIDER_TYPES: "provider_type"}


@bp.after_request
def _allow_any_origin(response):
    if request.method in ("GET", "HEAD"):
        response.headers["Access-Control-Allow-Origin"] = "*"
    return response


@bp.get("/")
def index():
    """Describe the API: HSDS version and profile."""
    profile = current_app.config["HSDS_PROFILE_URL"]
    return jsonify(version=HSDS_VERSION, profile=profile, openapi_url=site_root() + "api/v1/openapi.json")


@bp.before_request
def _only_declared_parameters():
    params.check_declared(openapi_document())


@bp.get("/openapi.json")
def openapi():
    """Return the OpenAPI 3.1 description of this API."""
    return jsonify(openapi_document())


def _search_query(page: int, per_page: int) -> SearchQuery:
    query = SearchQuery(text=params.search_text(), municipality=params.municipality(),
                        target_group=params.term_codes("target_group", TARGET_GROUPS),
                        kind=params.term_codes("kind", KINDS_OF_HELP),
                        organization_id=params.organization_id(),
                        page=page, per_page=per_page, include_inactive=True)
    for code in params.term_codes("taxonomy_term_id"):
        facet = FACET_OF_TAXONOMY[db.session.get(TaxonomyTerm, code).taxonomy]
        getattr(query, facet).append(code)
    return query


def _extra_conditions() -> list:
    """Return the SQL filters the search façade does not know: taxonomy_id, modified_after."""
    conditions = []
    if (taxonomy := params.taxonomy_id()) is not None:
        conditions.append(Service.terms.any(TaxonomyTerm.taxonomy == taxonomy))
    if (after := params.modified_after()) is not None:
        conditions.append(Service.last_modified >= after)  # HSDS: "modified on or after"
    return conditions


def find_service_ids(page: int, per_page: int) -> tuple[list[str], int, dict]:
    """Return one page of matching service ids (search order), the total number of matches and
    what the search understood (`understanding`)."""
    query, conditions = _search_query(page, per_page), _extra_conditions()
    if not conditions:
        result = search(query)
        record_request_search(query, result, "api")  # the demand log (aggregate counters only)
        return result.ids, result.total, understanding(result)
    query.page, query.per_page = 1, EVERY_MATCH
    result = search(query)
    kept = set(db.session.scalars(db.select(Service.id).where(Service.id.in_(result.ids), *conditions)))
    matches = [sid for sid in result.ids if sid in kept]
    shown = matches[(page - 1) * per_page:page * per_page]
    record_request_search(replace(query, page=page, per_page=per_page), replace(result, total=len(matches)),
                          "api", shown=shown)
    return shown, len(matches), understanding(result)


def understanding(result) -> dict:
    """Return the need codes understood in the search text and the crisis categories it signals."""
    return {"x_understood_needs": result.understood, "x_crisis": result.crisis}


def one_to_one(data: dict) -> dict:
    """Return an exchange-form object with only its one-to-one members (and its organization's), as lists give."""
    kept = {k: v for k, v in data.items() if k.startswith("x_") or not isinstance(v, (list, dict))}
    if isinstance(data.get("organization"), dict):
        kept["organization"] = one_to_one(data["organization"])
    return kept


MINIMAL = ("id", "name", "status", "last_modified")


def service_item(service: Service, **extra) -> dict:
    """Return a service as a list item: one-to-one members, or fully nested with full=true."""
    data = publish(service_to_hsds(service))
    if params.flag("minimal"):
        # the official minimal is "id and modified date", but its answer is a service_list item, which requires
        # name and status too: those four (docs/hsds-profile.md, "Where we differ")
        return {k: data[k] for k in MINIMAL if data.get(k) is not None} | extra
    return {**(data if params.flag("full") else one_to_one(data)), **extra}


def service_items(ids: list[str]) -> dict[str, dict]:
    """Return {id: list item} of these services in order, reusing those of the current data version."""
    flavour = "minimal" if params.flag("minimal") else "full" if params.flag("full") else "list"
    return cached_items(ids, flavour,
                        lambda missing: {s.id: service_item(s) for s in services_by_ids(missing, purpose="hsds")})


@bp.get("/services")
@cached
def services():
    """List services matching the filters, one page at a time (or all of them as NDJSON)."""
    page, per_page = params.paging()
    if params.ndjson():
        ids, _total, _understood = find_service_ids(1, EVERY_MATCH)
        return params.ndjson_response(ids, lambda chunk: services_by_ids(chunk, purpose="hsds"), service_item)
    if (origin := requested_origin()) is not None:  # lat/lon/radius_km: each item carries x_distance_km
        ranked, _total, understood = find_service_ids(1, EVERY_MATCH)
        by_rank = bool(request.args.get("search", "").strip())  # a text query keeps relevance order
        rows, total = nearby_page(ranked, origin, page, per_page, keep_rank=by_rank)
        km = dict(rows)
        contents = [{**item, "x_distance_km": km[sid]} for sid, item in service_items(list(km)).items()]
        return jsonify(params.page_envelope(contents, total, page, per_page) | understood)
    ids, total, understood = find_service_ids(page, per_page)
    contents = list(service_items(ids).values())
    return jsonify(params.page_envelope(contents, total, page, per_page) | understood)


@bp.get("/services/<service_id>")
@cached
def service(service_id: str):
    """Return one fully nested service."""
    found = services_by_ids([key_of_uuid(Service, service_id) or service_id], purpose="hsds")
    if not found:
        if target := merged_into("service", service_id):  # merged into another listing: point there
            return redirect(url_for(".service", service_id=hsds_uuid("service", target)), 301)
        abort(404, description=f"No service with id {service_id!r}.")
    return jsonify(publish(service_to_hsds(found[0])))


def page_of(query, page: int, per_page: int) -> tuple[list, int]:
    total = db.session.scalar(db.select(db.func.count()).select_from(query.subquery()))
    rows = db.session.scalars(query.offset((page - 1) * per_page).limit(per_page)).all()
    return rows, total


def _organization_item(org: Organization) -> dict:
    data = publish(organization_to_hsds(org), "organization")
    if not params.flag("full"):
        return one_to_one(data)
    return {**data, "services": _services_of(org)}


def _services_of(org: Organization) -> list[dict]:
    """Return an organization's services: their one-to-one members, or fully nested with full_service=true."""
    full = params.flag("full_service")
    services_ = [publish(service_to_hsds(s)) for s in org.services]
    return [{k: v for k, v in (s if full else one_to_one(s)).items() if k != "organization"} for s in services_]


@bp.get("/organizations")
def organizations():
    """List organizations by id (those whose name has `search`)."""
    page, per_page = params.paging()
    query = db.select(Organization).order_by(Organization.uuid)
    if (text := params.search_text()) is not None:
        query = query.where(db.or_(Organization.name.ilike(f"%{text}%"),
                                   Organization.alternate_name.ilike(f"%{text}%")))
    if params.ndjson():
        return params.ndjson_response(list(db.session.scalars(query)), lambda rows: rows, _organization_item)
    rows, total = page_of(query, page, per_page)
    return jsonify(params.page_envelope([_organization_item(o) for o in rows], total, page, per_page))


@bp.get("/organizations/<organization_id>")
def organization(organization_id: str):
    """Return one organization with its services."""
    org = find_by_hsds_id(Organization, organization_id)
    if org is None:
        if target := merged_into("organization", organization_id):
            return redirect(url_for(".organization", organization_id=hsds_uuid("organization", target)), 301)
        abort(404, description=f"No organization with id {organization_id!r}.")
    return jsonify({**publish(organization_to_hsds(org), "organization"), "services": _services_of(org)})
