"""Find probable duplicates without comparing every listing with every other.

Listings that share a blocking key (the same registration or tax number, phone, address, a nearby map cell,
the same organization, or a name word that is not too common) form a block; only names inside a block are
compared, a whole block at once with rapidfuzz's `process.cdist`. Blocks stay small, so the work grows
roughly with the number of listings rather than with its square."""
import re
from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np
from rapidfuzz import fuzz, process

from ..text import fold

CELL = 400  # map cells of 1/400 degree (about 280 m north–south, 190 m east–west in Slovenia)
COMMON_WORD = 200  # a name word shared by more listings than this ("društvo", "center") forms no block
_WORD = re.compile(r"[a-z0-9]{3,}")


def digits(value: str | None) -> str:
    return "".join(c for c in value or "" if c.isdigit())


def phone_key(number: str | None) -> str:
    """Return the comparable part of a phone number (its last 8 digits, so +386 3 … equals 03 …)."""
    return digits(number)[-8:]


def address_key(address: str | None, postal_code: str | None) -> str:
    return fold(address or "").strip() + "|" + (postal_code or "").strip() if address else ""


def cell_keys(latitude: float | None, longitude: float | None) -> list[str]:
    """Return the four overlapping map cells a point lies in: two points closer than half a cell share one."""
    if latitude is None or longitude is None:
        return []
    lat, lon = latitude * CELL, longitude * CELL
    return [f"cell:{int(lat // 1 + a)}:{int(lon // 1 + b)}" for a in (0, int(lat % 1 >= 0.5) or -1)
            for b in (0, int(lon % 1 >= 0.5) or -1)]


def name_words(folded: str) -> set[str]:
    return set(_WORD.findall(folded))


@dataclass
class Listing:
    """What matching needs to know of one service or organization."""
    id: str
    name: str  # folded
    keys: set[str] = field(default_factory=set)  # "tel:…", "adr:…", "cell:…", "org:…", "reg:…", "tax:…"


def similar_names(names: list[str], cutoff: float) -> list[tuple[int, int]]:
    """Return the index pairs (i < j) of names at least `cutoff` similar (rapidfuzz token_set_ratio)."""
    scores = process.cdist(names, names, scorer=fuzz.token_set_ratio, score_cutoff=cutoff, dtype=np.uint8)
    rows, cols = np.nonzero(np.triu(scores, 1))
    return list(zip(rows.tolist(), cols.tolist()))


def _blocks(listings: list[Listing], prefixes: tuple[str, ...]) -> dict[str, list[int]]:
    blocks = defaultdict(list)
    for i, listing in enumerate(listings):
        for key in listing.keys:
            if key.startswith(prefixes):
                blocks[key].append(i)
    return blocks


def _word_blocks(listings: list[Listing]) -> dict[str, list[int]]:
    blocks = defaultdict(list)
    for i, listing in enumerate(listings):
        blocks["name:" + listing.name].append(i)  # the very same name, however common its words
        for word in name_words(listing.name):
            blocks["word:" + word].append(i)
    return {key: members for key, members in blocks.items() if len(members) <= COMMON_WORD or key[0] == "n"}


def pairs_in_blocks(listings: list[Listing], blocks: dict[str, list[int]], cutoff: float | None) -> dict:
    """Return {(i, j): key} for listings in a common block whose names are similar enough (any name when
    `cutoff` is None); the key says why they met."""
    found = {}
    for key, members in blocks.items():
        if len(members) < 2:
            continue
        if cutoff is None:
            close = [(a, b) for a in range(len(members)) for b in range(a + 1, len(members))]
        else:
            close = similar_names([listings[m].name for m in members], cutoff)
        for a, b in close:
            pair = tuple(sorted((members[a], members[b])))
            found.setdefault(pair, key)
    return found


def find_pairs(listings: list[Listing], rules: list[tuple[tuple[str, ...], float | None]],
               name_cutoff: float | None = None) -> dict:
    """Return {(i, j): key} by the rules, strongest first: (key prefixes, name cutoff or None for "any name");
    with `name_cutoff`, names alone that similar count too (key "name:…" or "word:…")."""
    found = {}
    for prefixes, cutoff in rules:
        for pair, key in pairs_in_blocks(listings, _blocks(listings, prefixes), cutoff).items():
            found.setdefault(pair, key)
    if name_cutoff is not None:
        for pair, key in pairs_in_blocks(listings, _word_blocks(listings), name_cutoff).items():
            found.setdefault(pair, key)
    return found


def names_like(name: str, listings: list[Listing], cutoff: float) -> dict[int, float]:
    """Return {index: score} of the listings whose names are at least `cutoff` similar to `name`."""
    matches = process.extract(fold(name), [listing.name for listing in listings], scorer=fuzz.token_set_ratio,
                              score_cutoff=cutoff, limit=None)
    return {index: score for _name, score, index in matches}
