"""The demand × supply report as open data: CSV (for a plan's annex) and JSON (/api/v1/demand).

Counts from 1 to 4 are the text "< 5" here as on the page; a share is empty below 5 enquiries."""
import csv
import io

from .report import DemandCell, DemandReport

CSV_COLUMNS = ("region", "period", "need_code", "need_name", "municipality_code", "municipality_name",
               "enquiries", "not_found_locally_percent", "services_local", "services_regional",
               "services_national", "shortfall")
DEFINITIONS = {
    "enquiries": "searches (web, kiosk, API) and info-point enquiries about the need; 1 to 4 are shown as \"< 5\"",
    "not_found_locally_percent": "share of the enquiries that found no service in the municipality itself "
                                 "(only regional, national or nothing; at the info point: no, partly, referred "
                                 "away); empty below 5 enquiries",
    "services": "active services of this need: local, regional and national, as on the coverage page",
    "shortfall": "at least 5 enquiries and no local or regional service",
}


def _services(cell: DemandCell) -> dict:
    supply = cell.supply
    if supply is None:
        return {"local": None, "regional": None, "national": None}
    return {"local": supply.local, "regional": supply.regional, "national": supply.national}


def cell_to_json(cell: DemandCell) -> dict:
    """Return one cell (or area total) with its counts suppressed as published."""
    return {"need": cell.code or None, "need_name": cell.name(),
            "municipality": cell.municipality.id if cell.municipality else None,
            "municipality_name": cell.municipality.name if cell.municipality else None,
            "enquiries": cell.enquiries_shown, "not_found_locally_percent": cell.share_unmet,
            "services": _services(cell), "shortfall": cell.shortfall}


def report_to_json(report: DemandReport) -> dict:
    return {
        "region": {"slug": report.area.slug, "name": str(report.area.name)},
        "period": {"key": report.period.key, "start": report.period.start.isoformat(),
                   "end": report.period.end.isoformat(), "label": report.period.label},
        "definitions": DEFINITIONS,
        "totals": [cell_to_json(t) for t in report.totals],
        "cells": [cell_to_json(c) for c in report.cells],
    }


def report_to_csv(report: DemandReport) -> str:
    """Return the report as CSV: one line per municipality and need, then the area totals."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for cell in report.cells + report.totals:
        services = _services(cell)
        writer.writerow([
            report.area.slug, report.period.key, cell.code, cell.name(),
            cell.municipality.id if cell.municipality else "", cell.municipality.name if cell.municipality else "",
            cell.enquiries_shown, "" if cell.share_unmet is None else cell.share_unmet,
            *("" if v is None else v for v in services.values()), "true" if cell.shortfall else "false"])
    return out.getvalue()
