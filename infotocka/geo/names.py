"""Place-name keys: folding, abbreviations and the locative forms residents type ("v Zagorju")."""
import re
from itertools import product

from ..text import fold

# Words that start a prepositional tail of a name ("Zagorje ob Savi", "Šmarje pri Jelšah"): never inflected.
PREPOSITIONS = frozenset({"ob", "pri", "na", "v", "nad", "pod", "za", "od", "in"})
# Leading words a resident may put before a place ("v Zagorju", "blizu Trbovelj", "okolica Kranja").
LEADING = ("v", "na", "pri", "iz", "ob", "blizu", "okolica", "okolici", "kraj", "kraju", "kraja", "mesto", "obmocje")
MUNICIPALITY_WORDS = ("mestna obcina", "obcina", "mo")


def key(text: str) -> str:
    """Return the lookup key of a name: folded, punctuation and hyphens as single spaces."""
    return " ".join(re.sub(r"[^0-9a-z]+", " ", fold(text or "")).split())


def variants(name: str) -> set[str]:
    """Return the keys under which a name is found (itself, "Sv." for "Sveti/Sveta/Sveto")."""
    base = key(name)
    out = {base}
    words = base.split()
    if words and words[0] in ("sveti", "sveta", "sveto"):
        out.add(" ".join(["sv", *words[1:]]))
    return out


def strip_leading(query_key: str) -> list[str]:
    """Return the query without a leading preposition or filler word, if it has one."""
    out = []
    for word in LEADING:
        if query_key.startswith(word + " "):
            out.append(query_key[len(word) + 1:])
    return out


def strip_municipality(query_key: str) -> str | None:
    """Return the name part of "občina Trbovlje" / "MO Koper", or None when it is not such a query."""
    for word in MUNICIPALITY_WORDS:
        if query_key.startswith(word + " "):
            return query_key[len(word) + 1:]
    return None


def _word_forms(word: str) -> set[str]:
    """Return plausible locative (and genitive) forms of one folded word."""
    forms = set()
    if len(word) < 3:
        return forms
    last = word[-1]
    if last == "a":  # Ljubljana → Ljubljani, Škofja Loka → Škofji Loki; genitive Ljubljane
        forms |= {word[:-1] + "i", word[:-1] + "e"}
    elif last == "e":  # Zagorje → Zagorju, Trbovlje → Trbovljah, Slovenske Konjice → Slovenskih Konjicah
        forms |= {word[:-1] + "u", word[:-1] + "ah", word[:-1] + "ih", word[:-1] + "a"}
    elif last == "o":  # Novo mesto → Novem mestu, Laško → Laškem
        forms |= {word[:-1] + "u", word[:-1] + "em", word[:-1] + "a"}
    elif last == "i":  # Loški Potok → Loškem Potoku, Hrvatini → Hrvatinih
        forms |= {word[:-1] + "em", word + "h", word[:-1] + "ega"}
    else:  # Kranj → Kranju, Hrastnik → Hrastniku; fleeting e: Koper → Kopru, Žalec → Žalcu
        forms |= {word + "u", word + "a"}
        if len(word) > 3 and word[-2] == "e":
            forms |= {word[:-2] + last + "u", word[:-2] + last + "a"}
    return forms


def inflections(name_key: str, limit: int = 3) -> set[str]:
    """Return inflected keys of a name key, inflecting the words before any preposition."""
    words = name_key.split()
    head = []
    for word in words:
        if word in PREPOSITIONS:
            break
        head.append(word)
    tail = words[len(head):]
    if not head or len(head) > limit:
        return set()
    options = [sorted({w} | _word_forms(w)) for w in head]
    out = {" ".join([*combo, *tail]) for combo in product(*options)}
    out.discard(name_key)
    return out


def short_alias(name_key: str) -> str | None:
    """Return the part of a name before its prepositional tail ("zagorje ob savi" → "zagorje")."""
    words = name_key.split()
    for i, word in enumerate(words[1:], start=1):
        if word in PREPOSITIONS and i < len(words) - 1:
            alias = " ".join(words[:i])
            return alias if len(alias) >= 4 else None
    return None
