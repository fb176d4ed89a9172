"""Staff import listings from a spreadsheet: upload, preview with column mapping and per-row checks, confirm."""
import json

from flask import Response, abort, render_template, request
from flask_babel import _
from flask_login import current_user

from ..auth.decorators import staff_required
from . import bp
from .duplicates import REASONS
from .moderation import ConfirmForm
from .onboarding import check_rows, import_rows
from .spreadsheet import (COLUMNS, SheetError, csv_text, example_rows, guess_mapping, read_sheet, rejected_rows,
                          workbook)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@bp.get("/uvoz")
@staff_required
def spreadsheet_import():
    return render_template("manage/import.html", form=ConfirmForm(), columns=COLUMNS, error=None)


def _download(rows: list[list], name: str, ext: str) -> Response:
    """Send rows as a CSV or XLSX attachment."""
    if ext not in ("xlsx", "csv"):
        abort(404)
    body, mimetype = ((workbook(rows, _("Storitve")), XLSX) if ext == "xlsx"
                      else (csv_text(rows), "text/csv; charset=utf-8"))
    return Response(body, mimetype=mimetype, headers={"Content-Disposition": f"attachment; filename={name}.{ext}"})


@bp.get("/uvoz/primer.<ext>")
@staff_required
def spreadsheet_example(ext: str):
    return _download(example_rows(), "infotocka-primer", ext)


def _preview(rows, mapping, status=200):
    return render_template("manage/import_preview.html", form=ConfirmForm(), rows_json=json.dumps(rows),
                           header=rows[0], mapping=mapping, columns=COLUMNS,
                           checks=check_rows(rows, mapping), reasons=REASONS), status


@bp.post("/uvoz")
@staff_required
def spreadsheet_upload():
    form = ConfirmForm()
    upload = request.files.get("datoteka")
    if not form.validate_on_submit() or upload is None or not upload.filename:
        return render_template("manage/import.html", form=form, columns=COLUMNS,
                               error=_("Izberite datoteko CSV ali XLSX.")), 400
    try:
        rows = read_sheet(upload.filename, upload.read())
    except SheetError as exc:
        return render_template("manage/import.html", form=form, columns=COLUMNS, error=str(exc)), 400
    return _preview(rows, guess_mapping(rows[0]))


def _posted_rows() -> list[list[str]]:
    try:
        rows = json.loads(request.form.get("rows") or "")
    except ValueError:
        abort(400)
    if not (isinstance(rows, list) and len(rows) >= 2 and all(isinstance(r, list) for r in rows)):
        abort(400)
    return [[str(cell) for cell in row] for row in rows]


def _posted_mapping(width: int) -> dict:
    mapping = {}
    for key, _label, _example in COLUMNS:
        value = request.form.get(f"map-{key}", "")
        mapping[key] = int(value) if value.isdigit() and int(value) < width else None
    return mapping


def _posted_sheet() -> tuple[list[list[str]], dict]:
    """Return the rows and column mapping a preview posted back (400 without a valid CSRF token)."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
    rows = _posted_rows()
    return rows, _posted_mapping(len(rows[0]))


@bp.post("/uvoz/potrdi")
@staff_required
def spreadsheet_confirm():
    rows, mapping = _posted_sheet()
    if request.form.get("action") != "import":
        return _preview(rows, mapping)
    checks = check_rows(rows, mapping)
    choices = {c.number: request.form.get(f"row-{c.number}", "new") for c in checks}
    imported = import_rows(checks, choices, current_user)
    return render_template("manage/import_report.html", checks=checks, imported=imported, choices=choices,
                           form=ConfirmForm(), rows_json=json.dumps(rows), mapping=mapping)


@bp.post("/uvoz/zavrnjene")
@staff_required
def spreadsheet_rejected():
    """Send back the rows that cannot be imported, as sent, with the reason in a last column."""
    rows, mapping = _posted_sheet()
    checks = check_rows(rows, mapping)
    return _download(rejected_rows(rows, {c.number: c.problems for c in checks if not c.ok}),
                     "zavrnjene-vrstice", request.form.get("format", ""))
