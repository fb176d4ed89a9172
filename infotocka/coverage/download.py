"""Coverage matrices as open data: a JSON document and a long-format CSV table."""
import csv
import io
from datetime import date

from ..text import spreadsheet_safe
from .matrix import Cell, Matrix

DEFINITIONS = {
    "local": "the service has a public physical location in the municipality, or the municipality is its only area",
    "regional": "the municipality is one of several in the service's areas and the service has no location there",
    "national": "the service has no area (whole country) and no location in the municipality",
    "gap": "no local or regional active service for this term in the municipality (national services alone)",
    "per_10000": "all active services available (local + regional + national) per 10,000 residents",
}
CSV_COLUMNS = ("region", "by", "term_code", "term_name", "municipality_code", "municipality_name",
               "population", "local", "regional", "national", "total", "per_10000", "gap")


def _counts(cell: Cell) -> dict:
    return {"local": cell.local, "regional": cell.regional, "national": cell.national,
            "total": cell.total, "per_10000": cell.per_10000, "gap": cell.gap}


def _municipality(cell: Cell) -> dict:
    m = cell.municipality
    return {"code": m.id, "name": m.name, "slug": m.slug, "population": m.population, "services": _counts(cell)}


def matrix_to_json(matrix: Matrix, today: date | None = None) -> dict:
    """Return a matrix as a JSON-ready document."""
    return {
        "region": {"slug": matrix.area.slug, "name": str(matrix.area.name), "population": matrix.area.population},
        "by": matrix.by,
        "generated": (today or date.today()).isoformat(),
        "definitions": DEFINITIONS,
        "municipalities": [_municipality(cell) for cell in matrix.totals],
        "rows": [
            {"code": row.term.code, "name": row.term.name_sl, "name_en": row.term.name_en, "gaps": row.gaps,
             "cells": [{"municipality": cell.municipality.id, **_counts(cell)} for cell in row.cells]}
            for row in matrix.rows
        ],
    }


def matrix_to_csv(matrix: Matrix) -> str:
    """Return a matrix as CSV, one line per term and municipality."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for row in matrix.rows:
        for cell in row.cells:
            m = cell.municipality
            writer.writerow([matrix.area.slug, matrix.by, row.term.code, spreadsheet_safe(row.term.name_sl), m.id,
                             spreadsheet_safe(m.name),
                             m.population if m.population is not None else "", cell.local, cell.regional,
                             cell.national, cell.total, "" if cell.per_10000 is None else cell.per_10000,
                             "true" if cell.gap else "false"])
    return out.getvalue()
