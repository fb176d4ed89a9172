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
