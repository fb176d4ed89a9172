"""Place understanding: a municipality, settlement, postcode or bilingual name in the query
("dom za starejše v Litiji", "Capodistria", "1420") is the resident's place, not a search word.

`understand` splits the query text into (place, remaining text) with the offline gazetteer;
the engine then ranks services located there first, then those serving it, then regional and
national ones (engine._tiers)."""
import re
from dataclasses import dataclass

from ..extensions import db
from ..geo import names
from ..geo.gazetteer import POST_OFFICE, Gazetteer, get_gazetteer
from .words import MAX_TEXT, TOKEN_PATTERN

MAX_WORDS = 4  # the longest place name tried ("Šmarje pri Jelšah", "Sveti Andraž v Slovenskih goricah")
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
# Words before a place that go with it ("v Kopru", "občina Litija", "blizu Trbovelj").
LEADING = frozenset({*names.LEADING, "obcina", "obcini", "obcine", "mestna", "mo", "za", "okolje"})
# "za" leads a place ("pomoč na domu za Trbovlje") but far more often a need's object ("šola za starše")
LEADING_AMBIGUOUS = LEADING - {"za"}
# Everyday words that are also place names ("starše" = parents, "tabor" = camp, "Rdečega križa"): a place
# only after a word like "v" or "občina" ("v Taboru", not "za starše"), or capitalised after the first word.
AMBIGUOUS = frozenset({
    "dom", "domu", "doma", "center", "centra", "pomoc", "pomoci", "starse", "starsi", "starsa", "tabor", "taboru",
    "tabora", "kriz", "kriza", "krizu", "krize", "rob", "robu", "sredisce", "srediscu", "visoko", "visoka", "crna",
    "crni", "sava", "savi", "mirna", "vas", "vasi", "gora", "gori", "polje", "log", "most", "breg", "brdo", "hrib",
    "dol", "dob", "lipa", "trata", "sela", "selo", "zavod", "dobrova", "jama", "dolina", "loka", "zaloga",
})


@dataclass(frozen=True)
class UnderstoodPlace:
    name: str  # as the gazetteer knows it: "Litija", "1420 Trbovlje", "Izlake"
    municipality_id: int
    municipality: str
    words: str  # the words of the query naming it ("v Litiji")


def _accepts(place) -> bool:
    if place.municipality_id is None:
        return False
    if place.kind == "settlement":
        return place.tier >= POST_OFFICE  # a seat or a post-office village, not every hamlet
    return place.kind in ("municipality", "postcode")


def _candidates(g: Gazetteer, key: str, led: bool):
    if re.fullmatch(r"\d{4}", key):
        found = g.postcodes.get(key)
        return [found] if found else []
    if key in g.exact:
        return [p for p in g.exact[key] if _accepts(p)]
    # an inflected form ("v Kopru") of a municipality or its seat; of a village only after "v", "na"...
    # ("v Izlakah"): village names inflect into everyday words
    tier = POST_OFFICE if led else POST_OFFICE + 1
    return [p for p in g.inflected.get(key, ()) if _accepts(p) and (p.kind == "municipality" or p.tier >= tier)]


def _clear(words: list, keys: list[str], start: int) -> bool:
    """Whether a one-word name that is also an everyday word is meant as a place here."""
    if keys[start] not in AMBIGUOUS:
        return True
    return (start > 0 and keys[start - 1] in LEADING_AMBIGUOUS) or (start > 0 and words[start].group()[0].isupper())


def _find(g: Gazetteer, words: list, keys: list[str]) -> tuple[int, int, object] | None:
    """Return (start, end, place) of the longest place name among the word keys, leftmost first."""
    for size in range(min(MAX_WORDS, len(keys)), 0, -1):
        for start in range(len(keys) - size + 1):
            led = start > 0 and keys[start - 1] in LEADING
            found = _candidates(g, " ".join(keys[start:start + size]), led)
            if found and (size > 1 or _clear(words, keys, start)):
                return start, start + size, found[0]
    return None


def understand(text: str, gazetteer: Gazetteer | None = None) -> tuple[UnderstoodPlace | None, str]:
    """Return the place a query names (if any) and the query without it."""
    words = list(_WORD.finditer(text or ""))
    if not words:
        return None, text
    g = gazetteer or get_gazetteer()
    keys = [names.key(w.group()) for w in words]
    hit = _find(g, words, keys)
    if hit is None:
        return None, text
    start, end, place = hit
    while start > 0 and keys[start - 1] in LEADING:  # "v Litiji", "občina Litija"
        start -= 1
    cut_from, cut_to = words[start].start(), words[end - 1].end()
    rest = " ".join((text[:cut_from] + " " + text[cut_to:]).split())
    municipality = g.municipality_by_id.get(place.municipality_id)
    label = place.address if place.kind == "postcode" else place.name
    return UnderstoodPlace(label, place.municipality_id, municipality.name if municipality else "",
                           text[cut_from:cut_to]), rest


def named(text: str, gazetteer: Gazetteer | None = None) -> frozenset[int]:
    """Return the positions (in `words.tokens` order) of the words of a message that name a place, so that
    they are not read as crisis words: "Tepe", "Nožice" and "Samotorica" are villages as well as "beats",
    "knives" and "suicide". A name counts only when written as one:
    * several words, each capitalised but for a preposition ("Kranjska Gora", "Bača pri Modreju");
    * one capitalised word right after a word that leads a place ("v Tepah", "iz Nožic", "kraj Tepe"), and not
      an everyday word (`AMBIGUOUS`: "na Mostu" stays "most", the bridge of "Sem na Mostu. Skočila bom.").
    Any village counts, not only those `understand` takes as the resident's place. Otherwise a word is a word:
    "pomoč na domu, Tepe" still alarms; in doubt the crisis phrases hear it."""
    found = [m.group() for m in re.finditer(TOKEN_PATTERN, (text or "")[:MAX_TEXT])]
    if not found:
        return frozenset()
    g = gazetteer or get_gazetteer()
    keys = [names.key(w) for w in found]
    out: set[int] = set()

    def places(key: str) -> list:
        return g.exact.get(key) or g.inflected.get(key) or []

    for start, word in enumerate(found):
        if start in out or not word.istitle():
            continue
        for size in range(min(MAX_WORDS, len(keys) - start), 1, -1):
            capitalised = all(w.istitle() or w in names.PREPOSITIONS for w in found[start:start + size])
            if capitalised and places(" ".join(keys[start:start + size])):
                out.update(range(start, start + size))
                break
        else:
            found_places = places(keys[start])
            everyday = keys[start] in AMBIGUOUS or any(names.key(p.name) in AMBIGUOUS for p in found_places)
            if start and keys[start - 1] in LEADING and found_places and not everyday:
                out.add(start)
    return frozenset(out)


def region_of(municipality_id: int) -> tuple[int, ...]:
    """Return the municipalities of the region a municipality belongs to (itself included)."""
    from ..models import Municipality
    region = db.select(Municipality.region_id).where(Municipality.id == municipality_id).scalar_subquery()
    return tuple(db.session.scalars(db.select(Municipality.id).where(Municipality.region_id == region)))
