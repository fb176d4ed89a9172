"""/api/v1/demand: the demand × supply report as JSON (aggregates only; 1 to 4 are "< 5")."""
from flask import jsonify, request

from ..coverage.area import resolve_area
from ..demand.download import report_to_json
from ..demand.period import parse_period
from ..demand.report import demand_report
from . import bp


@bp.get("/demand")
def demand():
    """Return enquiries per municipality and need in a period, beside the services that exist."""
    report = demand_report(resolve_area(request.args.get("region")), parse_period(request.args.get("period")))
    return jsonify(report_to_json(report))


def openapi_paths(get, param, json) -> dict:
    """Return the OpenAPI path item of /demand (built with openapi.py's helpers)."""
    return {"/demand": get(
        "Demand × supply of a region: enquiries per municipality and need in a period",
        json({"$ref": "#/components/schemas/Demand"}),
        [param("region", "Region slug, or slovenija (default: the deployment's home region)."),
         param("period", "A year (2026), quarter (2026-Q4) or month (2026-11); default: the current year.")],
        description="Aggregate counts only; counts from 1 to 4 are the string \"< 5\" and their share is null. "
                    "An unknown region or malformed period is a 400.")}


SUPPLY = {"type": "object", "properties": {k: {"type": ["integer", "null"]}
                                           for k in ("local", "regional", "national")}}
CELL = {"type": "object", "properties": {
    "need": {"type": ["string", "null"], "description": "taxonomy code; null: no need understood"},
    "need_name": {"type": "string"},
    "municipality": {"type": ["integer", "null"], "description": "null in the region's totals"},
    "municipality_name": {"type": ["string", "null"]},
    "enquiries": {"type": "string", "description": "a whole number, or \"< 5\" for 1 to 4"},
    "not_found_locally_percent": {"type": ["integer", "null"]},
    "services": SUPPLY, "shortfall": {"type": "boolean"}}}
SCHEMAS = {"Demand": {"type": "object", "required": ["region", "period", "totals", "cells"], "properties": {
    "region": {"type": "object", "properties": {"slug": {"type": "string"}, "name": {"type": "string"}}},
    "period": {"type": "object", "properties": {k: {"type": "string"} for k in ("key", "start", "end", "label")}},
    "definitions": {"type": "object", "additionalProperties": {"type": "string"}},
    "totals": {"type": "array", "items": CELL}, "cells": {"type": "array", "items": CELL}}}}
