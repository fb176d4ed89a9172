"""HSDS 3.0 read endpoints under /api/v1: services, organizations, taxonomies, the OpenAPI document."""
from flask import abort, current_app, jsonify, request

from ..directory.hsds_export import (
    eager_service_options, organization_to_hsds, service_to_hsds, term_to_hsds,
)
from ..extensions import db
from ..models import KINDS_OF_HELP, PROVIDER_TYPES, TARGET_GROUPS, Organization, Service, TaxonomyTerm
from ..search import SearchQuery, search
from ..search.base import EVERY_MATCH
from ..urls import site_root
from . import bp, params
from .geocode import nearby_page, requested_origin
from .openapi import TAXONOMY_NAMES, openapi_document

HSDS_VERSION = "3.0"
DEFAULT_PROFILE = "https://docs.openreferral.org/en/v3.0/"
FACET_OF_TAXONOMY = {TARGET_GROUPS: "target_group", KINDS_OF_HELP: "kind", PROVIDER_TYPES: "provider_type"}


@bp.after_request
def _allow_any_origin(response):
    if request.method in ("GET", "HEAD"):
        response.headers["Access-Control-Allow-Origin"] = "*"
    return response


@bp.get("/")
def index():
    """Describe the API: HSDS version and profile."""
    profile = current_app.config.get("HSDS_PROFILE_URL", DEFAULT_PROFILE)
    return jsonify(version=HSDS_VERSION, profile=profile, openapi_url=site_root() + "api/v1/openapi.json")


@bp.get("/openapi.json")
def openapi():
    """Return the OpenAPI 3.0 description of this API."""
    return jsonify(openapi_document())


def _search_query(page: int, per_page: int) -> SearchQuery:
    query = SearchQuery(text=request.args.get("search", "").strip(), municipality=params.municipality(),
                        target_group=params.term_codes("target_group", TARGET_GROUPS),
                        kind=params.term_codes("kind", KINDS_OF_HELP),
                        organization_id=request.args.get("organization_id") or None,
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
        conditions.append(Service.last_modified > after)
    return conditions


def find_service_ids(page: int, per_page: int) -> tuple[list[str], int]:
    """Return one page of matching service ids (search order) and the total number of matches."""
    query, conditions = _search_query(page, per_page), _extra_conditions()
    if not conditions:
        result = search(query)
        return result.ids, result.total
    query.page, query.per_page = 1, EVERY_MATCH
    ranked = search(query).ids
    kept = set(db.session.scalars(db.select(Service.id).where(Service.id.in_(ranked), *conditions)))
    matches = [sid for sid in ranked if sid in kept]
    return matches[(page - 1) * per_page:page * per_page], len(matches)


def _load_services(ids: list[str]) -> list[Service]:
    query = db.select(Service).where(Service.id.in_(ids)).options(*eager_service_options())
    found = {s.id: s for s in db.session.scalars(query)}
    return [found[sid] for sid in ids if sid in found]


@bp.get("/services")
def services():
    """List services matching the filters, one page at a time."""
    page, per_page = params.paging()
    if (origin := requested_origin()) is not None:  # lat/lon/radius_km: each item carries distance_km
        ranked, _total = find_service_ids(1, EVERY_MATCH)
        by_rank = bool(request.args.get("search", "").strip())  # a text query keeps relevance order
        rows, total = nearby_page(ranked, origin, page, per_page, keep_rank=by_rank)
        km = dict(rows)
        contents = [{**service_to_hsds(s), "distance_km": km[s.id]} for s in _load_services(list(km))]
        return jsonify(params.page_envelope(contents, total, page, per_page))
    ids, total = find_service_ids(page, per_page)
    contents = [service_to_hsds(s) for s in _load_services(ids)]
    return jsonify(params.page_envelope(contents, total, page, per_page))


@bp.get("/services/<service_id>")
def service(service_id: str):
    """Return one fully nested service."""
    found = _load_services([service_id])
    if not found:
        abort(404, description=f"No service with id {service_id!r}.")
    return jsonify(service_to_hsds(found[0]))


def _page_of(query, page: int, per_page: int) -> tuple[list, int]:
    total = db.session.scalar(db.select(db.func.count()).select_from(query.subquery()))
    rows = db.session.scalars(query.offset((page - 1) * per_page).limit(per_page)).all()
    return rows, total


@bp.get("/organizations")
def organizations():
    """List organizations by id."""
    page, per_page = params.paging()
    rows, total = _page_of(db.select(Organization).order_by(Organization.id), page, per_page)
    return jsonify(params.page_envelope([organization_to_hsds(o) for o in rows], total, page, per_page))


@bp.get("/organizations/<organization_id>")
def organization(organization_id: str):
    """Return one organization with its services."""
    org = db.session.get(Organization, organization_id)
    if org is None:
        abort(404, description=f"No organization with id {organization_id!r}.")
    services_ = [{k: v for k, v in service_to_hsds(s).items() if k != "organization"} for s in org.services]
    return jsonify({**organization_to_hsds(org), "services": services_})


def _taxonomy_to_hsds(taxonomy: str) -> dict:
    return {"id": taxonomy, "name": TAXONOMY_NAMES[taxonomy], "version": "1"}


@bp.get("/taxonomies")
def taxonomies():
    """List the three taxonomies of the directory."""
    page, per_page = params.paging()
    names = list(TAXONOMY_NAMES)
    contents = [_taxonomy_to_hsds(t) for t in names[(page - 1) * per_page:page * per_page]]
    return jsonify(params.page_envelope(contents, len(names), page, per_page))


def _term_to_hsds(term: TaxonomyTerm) -> dict:
    data = {**term_to_hsds(term), "taxonomy_id": term.taxonomy, "language": "sl"}
    return {**data, "description": term.description_sl} if term.description_sl else data


@bp.get("/taxonomy_terms")
def taxonomy_terms():
    """List taxonomy terms, optionally of one taxonomy."""
    page, per_page = params.paging()
    query = db.select(TaxonomyTerm).order_by(TaxonomyTerm.position)
    if (taxonomy := params.taxonomy_id()) is not None:
        query = query.where(TaxonomyTerm.taxonomy == taxonomy)
    rows, total = _page_of(query, page, per_page)
    return jsonify(params.page_envelope([_term_to_hsds(t) for t in rows], total, page, per_page))
