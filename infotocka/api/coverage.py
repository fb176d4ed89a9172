"""Open-data downloads: coverage matrices (JSON, CSV) and the whole directory (HSDS JSON, data package)."""
from datetime import date

from flask import Response, jsonify, request
from flask_babel import gettext as _

from ..coverage.area import resolve_area
from ..coverage.download import matrix_to_csv, matrix_to_json
from ..coverage.matrix import BY, coverage_matrix
from ..directory.datapackage import datapackage_bytes
from ..directory.hsds_export import export_directory
from ..errors import BadParameter
from . import bp


def _requested_matrix():
    by = request.args.get("by") or "target_group"
    if by not in BY:
        raise BadParameter(_("Parameter by mora biti target_group ali kind."))
    return coverage_matrix(resolve_area(request.args.get("region")), by)


def _download(body, mimetype: str, filename: str) -> Response:
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _csv_response(matrix) -> Response:
    filename = f"pokritost-{matrix.area.slug}-{matrix.by}.csv"
    return _download("\ufeff" + matrix_to_csv(matrix), "text/csv", filename)


@bp.get("/coverage")
def coverage():
    """Return a coverage matrix as JSON (or CSV with ?format=csv)."""
    fmt = request.args.get("format") or "json"
    if fmt not in ("json", "csv"):
        raise BadParameter(_("Parameter format mora biti json ali csv."))
    matrix = _requested_matrix()
    return _csv_response(matrix) if fmt == "csv" else jsonify(matrix_to_json(matrix))


@bp.get("/coverage.csv")
def coverage_csv():
    """Return a coverage matrix as CSV, one line per term and municipality."""
    return _csv_response(_requested_matrix())


@bp.get("/export.json")
def export_json():
    """Return every service as HSDS 3.0 JSON (confidential addresses left out)."""
    return jsonify(export_directory(public=True))


@bp.get("/export.zip")
def export_zip():
    """Return the directory as an HSDS tabular data package (datapackage.json and one CSV per table)."""
    filename = f"infotocka-hsds-{date.today().isoformat()}.zip"
    return _download(datapackage_bytes(public=True), "application/zip", filename)
