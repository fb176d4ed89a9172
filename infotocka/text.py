"""Small text helpers shared by import, search, geocoding and URLs."""
import re
import unicodedata

_FOLD = str.maketrans({"č": "c", "š": "s", "ž": "z", "ć": "c", "đ": "d",
                       "Č": "C", "Š": "S", "Ž": "Z", "Ć": "C", "Đ": "D"})


def fold(text: str) -> str:
    """Lower-case and strip diacritics ("Škofja Loka" → "skofja loka")."""
    text = text.translate(_FOLD)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def slugify(text: str) -> str:
    """Return a URL slug: folded, non-alphanumerics collapsed to hyphens."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")


def whole_number(text: str | None, maximum: int = 2**31 - 1) -> int | None:
    """Return the whole number written in ASCII digits, or None (other digits like "²", too large, not a number).

    str.isdigit() accepts "²" and "١", which int() refuses or the database cannot hold: a 500, not a 4xx."""
    text = (text or "").strip()
    if not (text.isascii() and text.isdigit()) or len(text) > len(str(maximum)):
        return None
    value = int(text)
    return value if value <= maximum else None


# A spreadsheet runs a cell starting with one of these as a formula (=HYPERLINK(…), @SUM(…), +cmd|…).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?[\d .,()/-]*\d[\d .,()/-]*")  # "-3", "+386 3 56 52 100": data, not a formula


def spreadsheet_safe(cell: str) -> str:
    """Neutralise a CSV text cell a spreadsheet would run as a formula, by prefixing a quote (OWASP)."""
    if cell.startswith(_FORMULA_START) and not _PLAIN_NUMBER.fullmatch(cell):
        return "'" + cell
    return cell


def from_spreadsheet_safe(cell: str) -> str:
    """Undo spreadsheet_safe when reading back a CSV this application wrote."""
    if cell.startswith("'") and cell[1:].startswith(_FORMULA_START) and not _PLAIN_NUMBER.fullmatch(cell[1:]):
        return cell[1:]
    return cell
