"""Open-data downloads: coverage matrices (JSON, CSV) and the whole directory (HSDS JSON, data package).

Each is built once per data version in the background and served as a file (precomputed.py)."""
from datetime import date

from flask import current_app, request
from flask_babel import gettext as _

from .. import precomputed
from ..coverage.area import resolve_area
from ..coverage.download import matrix_to_csv, matrix_to_json
from ..coverage.matrix import BY, coverage_matrix
from ..directory.datapackage import write_datapackage
from ..directory.hsds_export import export_directory
from ..directory.taxonomy_import import imported_vocabularies
from ..errors import BadParameter
from . import bp


def _by() -> str:
    by = request.args.get("by") or "target_group"
    if by not in BY:
        raise BadParameter(_("Parameter by mora biti target_group ali kind."))
    return by


def _requested_matrix():
    return coverage_matrix(resolve_area(request.args.get("region")), _by())


def _coverage_file(fmt: str):
    """Answer the requested matrix as JSON or CSV, validated here, built once per data version."""
    area, by = resolve_area(request.args.get("region")), _by()

    def build(fh):
        matrix = _requested_matrix()
        if fmt == "csv":
            fh.write(("\ufeff" + matrix_to_csv(matrix)).encode("utf-8"))
        else:
            fh.write(current_app.json.dumps(matrix_to_json(matrix), separators=(",", ":")).encode("utf-8"))

    key = f"{area.slug}|{by}|{fmt}"
    if fmt == "csv":
        return precomputed.respond("coverage", key, build, "text/csv", f"pokritost-{area.slug}-{by}.csv")
    return precomputed.respond("coverage", key, build, "application/json")


@bp.get("/coverage")
def coverage():
    """Return a coverage matrix as JSON (or CSV with ?format=csv)."""
    fmt = request.args.get("format") or "json"
    if fmt not in ("json", "csv"):
        raise BadParameter(_("Parameter format mora biti json ali csv."))
    return _coverage_file(fmt)


@bp.get("/coverage.csv")
def coverage_csv():
    """Return a coverage matrix as CSV, one line per term and municipality."""
    return _coverage_file("csv")


def _write_json(fh) -> None:
    """Write every service as HSDS JSON, one at a time (no second copy of the whole text in memory)."""
    fh.write(b"[")
    for i, record in enumerate(export_directory(public=True)):
        fh.write((b"," if i else b"") + current_app.json.dumps(record, separators=(",", ":")).encode("utf-8"))
    fh.write(b"]")


@bp.get("/export.json")
def export_json():
    """Return every service as HSDS 3.0 JSON (confidential addresses left out)."""
    return precomputed.respond("export", "json", _write_json, "application/json")


@bp.get("/export.zip")
def export_zip():
    """Return the directory as an HSDS tabular data package (datapackage.json and one CSV per table)."""
    filename = f"infotocka-hsds-{date.today().isoformat()}.zip"
    return precomputed.respond("export", "zip", lambda fh: write_datapackage(fh, export_directory(public=True), imported_vocabularies()),
                               "application/zip", filename)
