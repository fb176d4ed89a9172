"""The OpenAPI 3.1 description of the /api/v1 HSDS read API, built as a Python dict; HSDS objects refer to the
official HSDS 3.0 schemas by their published URLs, as the official openapi.json does."""
from ..models import KINDS_OF_HELP, PROVIDER_TYPES, TARGET_GROUPS
from ..search.crisis import CATEGORIES
from . import demand

TAXONOMY_NAMES = {TARGET_GROUPS: "Ciljne skupine", KINDS_OF_HELP: "Vrste pomoči",
                  PROVIDER_TYPES: "Vrste izvajalcev"}
TAXONOMY_DESCRIPTIONS = {
    TARGET_GROUPS: "Komu je storitev namenjena (starejši, družine, žrtve nasilja …).",
    KINDS_OF_HELP: "Kakšno pomoč storitev daje (denarna pomoč, svetovanje, nastanitev …).",
    PROVIDER_TYPES: "Kakšen izvajalec je organizacija (center za socialno delo, dom, društvo …).",
}


HSDS_SCHEMAS = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/"  # the official ones


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _hsds(name: str) -> dict:
    """Refer to an official HSDS 3.0 schema (JSON Schema 2020-12) by its published URL."""
    return {"$ref": HSDS_SCHEMAS + name}


def _param(name: str, description: str, schema: dict | None = None, where: str = "query") -> dict:
    return {"name": name, "in": where, "required": where == "path", "description": description,
            "schema": schema or {"type": "string"}}


def _json(schema: dict, description: str = "OK") -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _page_of(item: str) -> dict:
    return {"allOf": [_ref("Page"), {"type": "object", "properties": {"contents": {
        "type": "array", "items": _ref(item)}}}]}


SEARCH_UNDERSTOOD = {  # what /services read in the `search` text (see infotocka/search/crisis.py, thesaurus.py)
    "x_understood_needs": {"type": "array", "items": {"type": "string"},
                           "description": "Taxonomy codes of the needs understood in the search text, strongest first."},
    "x_crisis": {"type": "array", "items": {"type": "string", "enum": [c.code for c in CATEGORIES]},
                 "description": "Crisis signalled by the search text; its crisis lines and shelters come first."},
}


def _file(media_type: str, description: str, schema: dict | None = None) -> dict:
    """A download: the body in media_type, sent with Content-Disposition: attachment."""
    return {"description": description,
            "headers": {"Content-Disposition": {"description": "attachment; filename=\"…\"",
                                                "schema": {"type": "string"}}},
            "content": {media_type: {"schema": schema or {"type": "string"}}}}


def _get(summary: str, response: dict, parameters: list | None = None, not_found: bool = False,
         bad_request: bool = True, description: str | None = None, merged: bool = False) -> dict:
    responses = {"200": response}
    if bad_request:
        responses["400"] = {"$ref": "#/components/responses/BadRequest"}
    if merged:
        responses["301"] = {"description": "The id is that of a listing merged into another one: `Location` "
                                           "names the one kept (its UUID)."}
    if not_found:
        responses["404"] = {"$ref": "#/components/responses/NotFound"}
    operation = {"summary": summary, "parameters": parameters or [], "responses": responses}
    if description:
        operation["description"] = description
    return {"get": operation}


PAGING = [
    _param("page", "Page number, from 1.", {"type": "integer", "minimum": 1, "default": 1}),
    _param("per_page", "Items per page.", {"type": "integer", "minimum": 1, "maximum": 100, "default": 20}),
    _param("format", "json (pages), or ndjson: every result, one object per line, streamed without pages.",
           {"type": "string", "enum": ["json", "ndjson"], "default": "json"}),
]
BOOLEAN = {"type": "boolean", "default": False}
SEARCH = _param("search", "Text in the name (case-insensitive).")
FULL = _param("full", "Fully nested objects instead of their one-to-one members.", BOOLEAN)
FULL_SERVICE = _param("full_service", "Fully nested services in an organization's services.", BOOLEAN)
SERVICE_FILTERS = [
    _param("search", "Free text, ranked by relevance (BM25F); not every word has to occur. A service matching "
           "any of the words is found; those matching more of them, and in weightier fields (the service "
           "name, then the organization, taxonomy terms, the description and place names), come first. "
           "Words are lemmatized, diacritics are optional (\"pomoc na domu\" finds \"pomoč na domu\"), "
           "misspelt words are corrected and a thesaurus adds synonyms and taxonomy terms. At most 500 "
           "characters and 50 words (longer: 400).", {"type": "string", "maxLength": 500}),
    _param("taxonomy_term_id", "Taxonomy term UUID or code (repeatable, comma-separated; all must apply)."),
    _param("taxonomy_id", "Only services with a term of this taxonomy (its UUID or code: "
           + ", ".join(TAXONOMY_NAMES) + ")."),
    _param("organization_id", "Only services of this organization (its UUID or x_source_id)."),
    _param("modified_after", "Only services changed on or after this ISO date or date-time.",
           {"type": "string", "format": "date-time"}),
    _param("minimal", "Only each service's id, name, status and last_modified (name and status because the "
           "official service_list schema requires them).", BOOLEAN),
    FULL,
    _param("municipality", "Available to residents of this municipality (statistical code or name)."),
    _param("target_group", "Target group code (taxonomy ciljne-skupine)."),
    _param("kind", "Kind of help code (taxonomy vrste-pomoci)."),
    _param("lat", "Latitude (WGS84) of the resident, given together with lon. Each item then carries "
           "distance_km (to its nearest public location) and, without search, the nearest come first; "
           "services with no placed location (phone lines, online help, help at home) follow, with "
           "distance_km null. With search, items keep the relevance order.",
           {"type": "number", "minimum": -90, "maximum": 90}),
    _param("lon", "Longitude (WGS84) of the resident; lat and lon must be given together.",
           {"type": "number", "minimum": -180, "maximum": 180}),
    _param("radius_km", "Only services within this many km of lat/lon (needs lat and lon). Services without a "
           "placed location stay when they serve the whole country or a municipality within reach.",
           {"type": "number", "exclusiveMinimum": 0, "maximum": 500}),
]
COVERAGE_PARAMS = [
    _param("by", "Rows of the matrix: target groups or kinds of help.",
           {"type": "string", "enum": ["target_group", "kind"], "default": "target_group"}),
    _param("region", "Slug of a statistical region (e.g. zasavska), or slovenija for the whole country; "
           "default: the region this site is set up for."),
]
COUNTS = {"local": {"type": "integer"}, "regional": {"type": "integer"}, "national": {"type": "integer"},
          "total": {"type": "integer"},
          "per_10000": {"type": ["number", "null"], "description": "All services per 10,000 residents."},
          "gap": {"type": "boolean", "description": "No local or regional service."}}
COVERAGE_CSV = ("One line per term and municipality, UTF-8 with a byte-order mark, columns region, by, term_code, "
                "term_name, municipality_code, municipality_name, population, local, regional, national, total, "
                "per_10000, gap.")

SCHEMAS = {
    "Place": {"type": "object", "required": ["address", "lat", "lon", "precision"], "properties": {
        "name": {"type": ["string", "null"]}, "address": {"type": "string"}, "lat": {"type": "number"},
        "lon": {"type": "number"},
        "precision": {"type": "string", "enum": ["settlement", "postcode", "municipality", "region"]},
        "municipality_id": {"type": ["integer", "null"]}, "municipality": {"type": ["string", "null"]},
        "postcode": {"type": ["string", "null"]}}},
    "Error": {"type": "object", "required": ["error", "message"], "properties": {
        "error": {"type": "string"}, "status": {"type": "integer"}, "message": {"type": "string"}}},
    "Page": {"type": "object", "required": ["total_items", "total_pages", "page_number", "size", "first_page",
                                            "last_page", "empty", "contents"], "properties": {
        "total_items": {"type": "integer"}, "total_pages": {"type": "integer"},
        "page_number": {"type": "integer"},
        "size": {"type": "integer", "description": "Number of items in this page."}, "first_page": {"type": "boolean"},
        "last_page": {"type": "boolean"}, "empty": {"type": "boolean"},
        "contents": {"type": "array", "items": {}}}},
    # HSDS objects: the official schemas, by their published URL (as the official openapi.json refers to them)
    "Taxonomy": _hsds("taxonomy.json"),
    "TaxonomyTerm": _hsds("taxonomy_term.json"),
    "Service": _hsds("service.json"),
    "ServiceListItem": _hsds("compiled/service_list.json"),
    "ServiceMinimal": {"allOf": [_hsds("compiled/service_list.json"), {
        "type": "object", "propertyNames": {"enum": ["id", "name", "status", "last_modified", "x_distance_km"]}}],
        "description": "With minimal=true: a service_list item with only id, name, status (which service_list "
                       "requires) and last_modified (the modified date the official parameter names)."},
    "ServiceResult": {"allOf": [{"anyOf": [_ref("ServiceListItem"), _ref("Service"), _ref("ServiceMinimal")]},
                                {"type": "object", "properties": {"x_distance_km": {
        "type": ["number", "null"],
        "description": "Only with lat/lon: km (2 decimals) to the nearest public location; null without one."}}}]},
    "Organization": {"allOf": [_hsds("organization.json"), {"type": "object", "properties": {
        "services": {"type": "array", "items": {"anyOf": [_ref("ServiceListItem"), _ref("Service")]}}}}]},
    "OrganizationListItem": _hsds("compiled/organization_list.json"),
    "ServiceAtLocation": {"allOf": [_hsds("service_at_location.json"), {"type": "object", "properties": {
        "service": _ref("Service")}}]},
    "ServiceAtLocationListItem": _hsds("compiled/service_at_location_list.json"),
    "CoverageCounts": {"type": "object", "required": list(COUNTS), "properties": COUNTS},
    "Coverage": {"type": "object", "required": ["region", "by", "generated", "definitions", "municipalities", "rows"],
                 "properties": {
        "region": {"type": "object", "required": ["slug", "name", "population"], "properties": {
            "slug": {"type": "string"}, "name": {"type": "string"}, "population": {"type": "integer"}}},
        "by": {"type": "string", "enum": ["target_group", "kind"]},
        "generated": {"type": "string", "format": "date"},
        "definitions": {"type": "object", "additionalProperties": {"type": "string"},
                        "description": "What local, regional, national, gap and per_10000 mean."},
        "municipalities": {"type": "array", "items": {
            "type": "object", "required": ["code", "name", "slug", "population", "services"], "properties": {
                "code": {"type": "integer", "description": "Statistical code."}, "name": {"type": "string"},
                "slug": {"type": "string"}, "population": {"type": ["integer", "null"]},
                "services": _ref("CoverageCounts")}}},
        "rows": {"type": "array", "items": {
            "type": "object", "required": ["code", "name", "gaps", "cells"], "properties": {
                "code": {"type": "string"}, "name": {"type": "string"},
                "name_en": {"type": ["string", "null"]},
                "gaps": {"type": "integer", "description": "Municipalities where this term is a gap."},
                "cells": {"type": "array", "items": {"allOf": [_ref("CoverageCounts"), {
                    "type": "object", "required": ["municipality"],
                    "properties": {"municipality": {"type": "integer"}}}]}}}}}}},
}


def openapi_document() -> dict:
    """Return the OpenAPI 3.1 document of the API."""
    id_param = [_param("id", "Stable identifier.", where="path")]
    return {
        "openapi": "3.1.0",
        "info": {"title": "Infotočka HSDS API", "version": "3.0",
                 "description": "Read-only Open Referral HSDS 3.0 API of the Infotočka social-care directory."},
        "servers": [{"url": "/api/v1"}],
        "paths": {
            "/": _get("API version and HSDS profile", _json({"type": "object", "properties": {
                "version": {"type": "string"}, "profile": {"type": "string"},
                "openapi_url": {"type": "string", "format": "uri"}}}), bad_request=False),
            "/services": _get("Search services", _json({"allOf": [_page_of("ServiceResult"), {
                "type": "object", "properties": SEARCH_UNDERSTOOD}]}), SERVICE_FILTERS + PAGING),
            "/services/{id}": _get("One fully nested service", _json(_ref("Service")), id_param, True, merged=True),
            "/organizations": _get("List organizations", _json(_page_of("OrganizationListItem")),
                                   [SEARCH, FULL, FULL_SERVICE] + PAGING),
            "/organizations/{id}": _get("One organization with its services", _json(_ref("Organization")),
                                        id_param + [FULL_SERVICE], True, merged=True),
            "/service_at_locations": _get(
                "Services at their locations, in the order of /services", _json(_page_of("ServiceAtLocationListItem")),
                SERVICE_FILTERS[:5] + [FULL] + PAGING + [
                    _param("postcode", "A Slovene postcode: only services whose areas include its municipality "
                           "(or that serve the whole country)."),
                    _param("proximity", "With postcode: only locations within this many metres of its centre "
                           "(a safe house counts as its municipality's seat).",
                           {"type": "integer", "minimum": 1, "maximum": 500000})]),
            "/service_at_locations/{id}": _get(
                "One service at a location, fully nested (by UUID or x_source_id)", _json(_ref("ServiceAtLocation")),
                id_param, True, description="A service_at_location (official service_at_location.json) with its "
                "location and, under `service`, its fully nested service. The official openapi.json refers to "
                "compiled/service.json here, a file the official schemas do not have (docs/hsds-profile.md)."),
            "/taxonomies": _get("List taxonomies: the directory's three, then those imported from other systems",
                                _json(_page_of("Taxonomy")), [SEARCH] + PAGING),
            "/taxonomies/{id}": _get("One taxonomy (by UUID or code)", _json(_ref("Taxonomy")), id_param, True),
            "/taxonomy_terms": _get("List taxonomy terms: ours, then those imported from other systems",
                                    _json(_page_of("TaxonomyTerm")), [SEARCH] + PAGING + [
                _param("taxonomy_id", "Only terms of this taxonomy (its UUID or code)."),
                _param("parent_id", "Only the terms directly under this term (UUID or id; ours are flat)."),
                _param("top_only", "Only the top terms: all of ours, and the imported ones without a parent.",
                       BOOLEAN)]),
            "/taxonomy_terms/{id}": _get("One taxonomy term (by UUID or code)", _json(_ref("TaxonomyTerm")),
                                         id_param, True),
            "/geocode": _get("Places (settlements, postcodes, municipalities, regions) matching q, best first",
                             _json({"type": "object", "required": ["query", "results"], "properties": {
                                 "query": {"type": "string"},
                                 "results": {"type": "array", "minItems": 1, "maxItems": 10,
                                             "items": _ref("Place")}}}),
                             [{**_param("q", "A place name (any case, with or without č/š/ž), postcode or "
                                             "municipality; at most 200 characters are read."), "required": True}],
                             description="Uses the built-in gazetteer; a missing q or a place it does not know "
                                         "is a 400."),
            "/coverage": _get(
                "Coverage matrix of a region: services per term and municipality",
                {"description": "The matrix as JSON, or as CSV with format=csv", "content": {
                    "application/json": {"schema": _ref("Coverage")},
                    "text/csv": {"schema": {"type": "string", "description": COVERAGE_CSV}}}},
                COVERAGE_PARAMS + [_param("format", "json, or csv for the same table as /coverage.csv.",
                                          {"type": "string", "enum": ["json", "csv"], "default": "json"})],
                description="An unknown region, by or format is a 400."),
            "/coverage.csv": _get("Coverage matrix of a region as CSV", _file("text/csv", COVERAGE_CSV),
                                  COVERAGE_PARAMS, description="An unknown region or by is a 400."),
            "/export.json": _get("The whole directory as HSDS 3.0 JSON (every service, fully nested)",
                                 _json({"type": "array", "items": _ref("Service")}), bad_request=False,
                                 description="Confidential addresses are left out."),
            "/export.zip": _get("The whole directory as an HSDS tabular data package",
                                _file("application/zip", "A zip of datapackage.json and one CSV per HSDS table",
                                      {"type": "string", "format": "binary"}), bad_request=False,
                                description="Confidential addresses are left out."),
            "/openapi.json": _get("This document", _json({"type": "object"}), bad_request=False),
            **demand.openapi_paths(_get, _param, _json),
        },
        "components": {
            "schemas": {**SCHEMAS, **demand.SCHEMAS},
            "responses": {"BadRequest": _json(_ref("Error"), "A malformed or unknown parameter"),
                          "NotFound": _json(_ref("Error"), "No such record")},
        },
    }
