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
