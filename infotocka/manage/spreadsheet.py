"""Spreadsheets of listings (CSV or XLSX, one row per service, Slovene column names): read, map, turn rows into
the listing form's data so each row is validated exactly like the form."""
import csv
import io
import re
import zipfile

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from openpyxl import Workbook, load_workbook
from werkzeug.datastructures import MultiDict

from ..extensions import db
from ..models import KINDS_OF_HELP, Municipality, TaxonomyTerm
from ..text import fold

# (key, column name in the template, example value)
COLUMNS = [
    ("organization", _l("Organizacija"), "Društvo Sončnica Hrastnik"),
    ("registration", _l("Matična številka"), "1234567000"),
    ("tax_number", _l("Davčna številka"), "12345678"),
    ("name", _l("Storitev"), "Družabništvo za starejše"),
    ("description", _l("Opis"), "Prostovoljci obiskujejo osamljene starejše na domu."),
    ("kinds", _l("Vrste pomoči"), "Druženje in prosti čas"),
    ("target_groups", _l("Ciljne skupine"), "Starejši"),
    ("phone", _l("Telefon"), "03 56 52 100"),
    ("email", _l("E-naslov"), "info@soncnica.si"),
    ("url", _l("Spletna stran"), "https://www.soncnica.si/"),
    ("address", _l("Naslov"), "Trg svobode 11"),
    ("postal_code", _l("Poštna številka"), "1430"),
    ("city", _l("Kraj"), "Hrastnik"),
    ("areas", _l("Občine"), "Hrastnik, Trbovlje"),
    ("hours", _l("Delovni čas"), "pon–pet 8:00–12:00; sre 13:00–17:00"),
]
DAYS = {"pon": "MO", "tor": "TU", "sre": "WE", "cet": "TH", "pet": "FR", "sob": "SA", "ned": "SU"}
DAY_ORDER = list(DAYS.values())
_INTERVAL = re.compile(r"(\d{1,2}(?:[:.]\d{2})?)\s*[-–]\s*(\d{1,2}(?:[:.]\d{2})?)")


class SheetError(ValueError):
    """The file cannot be read as a spreadsheet (message is for people)."""


def column_names() -> list[str]:
    return [str(label) for _key, label, _example in COLUMNS]


def workbook(rows: list[list], title: str) -> bytes:
    """Return rows as an XLSX file with one sheet."""
    book = Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_text(rows: list[list]) -> str:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue()


def example_rows() -> list[list[str]]:
    """Return the template: the column names and one example row."""
    return [column_names(), [example for _key, _label, example in COLUMNS]]


def rejected_rows(rows: list[list[str]], problems: dict[int, list[str]]) -> list[list[str]]:
    """Return the header and the rows that were not imported, as sent, with the reasons in a last column
    (`problems` by row number; the header is row 1), so the sender can fix them and send them again."""
    reason = str(_("Razlog, da vrstica ni uvožena"))
    width = len(rows[0])
    return [rows[0] + [reason]] + [(rows[number - 1] + [""] * width)[:width] + ["; ".join(found)]
                                   for number, found in sorted(problems.items())]


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def read_sheet(filename: str, data: bytes) -> list[list[str]]:
    """Return the rows of a CSV or XLSX file as lists of strings (the first row is the header)."""
    try:
        if filename.lower().endswith(".xlsx"):
            sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]
            rows = [[_cell(v) for v in row] for row in sheet.iter_rows(values_only=True)]
        elif filename.lower().endswith(".csv"):
            text = data.decode("utf-8-sig")
            dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t") if text.strip() else csv.excel
            rows = [[_cell(v) for v in row] for row in csv.reader(io.StringIO(text), dialect)]
        else:
            raise SheetError(_("Naložite datoteko CSV ali XLSX."))
    except (UnicodeDecodeError, csv.Error, OSError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        if isinstance(exc, SheetError):
            raise
        raise SheetError(_("Datoteke ni mogoče prebrati kot preglednice CSV (UTF-8) ali XLSX.")) from exc
    rows = [row for row in rows if any(row)]
    if len(rows) < 2:
        raise SheetError(_("V preglednici ni vrstic s podatki (prva vrstica so imena stolpcev)."))
    return rows


def guess_mapping(header: list[str]) -> dict[str, int | None]:
    """Map each template column to the sheet column with the same name (ignoring case and diacritics)."""
    folded = [fold(h) for h in header]
    return {key: (folded.index(fold(str(label))) if fold(str(label)) in folded else None)
            for key, label, _example in COLUMNS}


def row_values(row: list[str], mapping: dict[str, int | None]) -> dict[str, str]:
    return {key: (row[i] if i is not None and i < len(row) else "") for key, i in mapping.items()}


def _split(value: str) -> list[str]:
    return [part.strip() for part in re.split(r"[,;\n]", value or "") if part.strip()]


def _terms(value: str, problems: list[str]) -> list[str]:
    terms = db.session.scalars(db.select(TaxonomyTerm)).all()
    by_name = {fold(t.name_sl): t.code for t in terms} | {t.code: t.code for t in terms}
    codes = []
    for part in _split(value):
        code = by_name.get(fold(part))
        if code is None:
            problems.append(_("Neznana vrsta pomoči ali ciljna skupina: %(name)s", name=part))
        else:
            codes.append(code)
    return codes


def _areas(value: str, problems: list[str]) -> list[str]:
    if not value or fold(value) in ("vsa slovenija", "slovenija"):
        return []
    names = {fold(m.name): str(m.id) for m in db.session.scalars(db.select(Municipality))}
    ids = []
    for part in _split(value):
        if fold(part) in names:
            ids.append(names[fold(part)])
        else:
            problems.append(_("Neznana občina: %(name)s", name=part))
    return ids


def _days(text: str) -> list[str] | None:
    days = set()
    for part in re.split(r"\s*,\s*|\s+in\s+", text.strip()):
        ends = [fold(p)[:3] for p in re.split(r"\s*[-–]\s*", part) if p]
        if not ends or any(e not in DAYS for e in ends):
            return None
        first, last = DAY_ORDER.index(DAYS[ends[0]]), DAY_ORDER.index(DAYS[ends[-1]])
        days |= set(DAY_ORDER[first:last + 1])
    return [d for d in DAY_ORDER if d in days]


def _hours(value: str, problems: list[str]) -> list[dict]:
    """Parse "pon–pet 8:00–12:00, 13:00–15:00; sob 9–12" into schedule rows."""
    rows = []
    for part in [p.strip() for p in (value or "").split(";") if p.strip()]:
        match = _INTERVAL.search(part)
        days = _days(part[:match.start()]) if match else None
        if not match or not days:
            problems.append(_("Delovnega časa »%(text)s« ne razumemo; pišite npr. »pon–pet 8:00–12:00«.", text=part))
            continue
        rows += [{"days": days, "opens_at": a, "closes_at": b} for a, b in _INTERVAL.findall(part[match.start():])]
    return rows


def form_data(values: dict[str, str]) -> tuple[MultiDict, list[str]]:
    """Return the listing form's POST data for one row, and the problems found before the form validates it."""
    problems: list[str] = []
    terms = _terms(values.get("kinds", ""), problems), _terms(values.get("target_groups", ""), problems)
    areas = _areas(values.get("areas", ""), problems)
    data = MultiDict({"name": values.get("name", ""), "description": values.get("description", ""),
                      "status": "active", "email": values.get("email", ""), "url": values.get("url", ""),
                      "phones-0-number": values.get("phone", ""), "phones-0-type": "voice",
                      "locations-0-address_1": values.get("address", ""),
                      "locations-0-postal_code": values.get("postal_code", ""),
                      "locations-0-city": values.get("city", "")})
    kinds = [c for c in terms[0] + terms[1] if _is_kind(c)]
    data.setlist("kinds", kinds)
    data.setlist("target_groups", [c for c in terms[0] + terms[1] if not _is_kind(c)])
    data.setlist("municipalities", areas)
    if not areas:
        data["whole_country"] = "y"
    for i, row in enumerate(_hours(values.get("hours", ""), problems)):
        data.setlist(f"schedules-{i}-days", row["days"])
        data[f"schedules-{i}-opens_at"], data[f"schedules-{i}-closes_at"] = row["opens_at"], row["closes_at"]
    if not values.get("organization"):
        problems.append(_("Vpišite organizacijo."))
    return data, problems


def _is_kind(code: str) -> bool:
    term = db.session.get(TaxonomyTerm, code)
    return term is not None and term.taxonomy == KINDS_OF_HELP
