"""What comes first, beyond relevance: crisis help, and one service for each understood need.

* A message signalling a crisis (crisis.py) gets the crisis lines and shelters of its
  categories first, whether or not their text matches: phone lines before shelters,
  those located in the chosen municipality first, then by name.
* A story with several needs ("nega doma, paliativa, nekdo za pogovor") gets, among the
  first results, the best-ranked service of each understood need before a second
  service of any one need.
"""
from .crisis import BY_CODE
from .snapshot import Snapshot

CODE_FIELDS = ("target_group", "kind", "provider_type")
MAX_CRISIS = 5  # crisis services put first; the rest follow by relevance
MAX_GUESSED_CRISIS = 3  # the same when only the meaning of the message (no phrase) signals the crisis: the first
# three are those of the full order (crisis@3 as with five), two places of the first five are left to the words
DIVERSE_TOP = 5  # the first results that should cover the understood needs
DIVERSE_WINDOW = 30  # how deep to look for a service of a need missing from the top


def tagged(snap: Snapshot, code: str) -> frozenset[int]:
    """Return the docnums of services carrying a taxonomy code."""
    found: frozenset[int] = frozenset()
    for name in CODE_FIELDS:
        found = found | snap.docs(name, code)
    return found


def crisis_docs(categories: list[str], snap: Snapshot, allowed: set[int] | None, located=None,
                scores: dict[int, float] | None = None) -> list[int]:
    """Return the docnums of the crisis services of these categories, in the order to show them: per
    category and kind (lines, then shelters), those in the resident's municipality first, then those
    that answer the message best (`scores`: the fused relevance of the hits), then by name; with several
    categories, their services in turn (each category's first not yet shown, then the next ...)."""
    keys = snap.sort_keys
    scores = scores or {}
    per_category: list[list[int]] = []
    for category in categories:
        mine: list[int] = []
        for group in BY_CODE[category].service_codes:
            docs = set(snap.universe)
            for code in group:
                docs &= tagged(snap, code)
            if allowed is not None:
                docs &= allowed
            docs -= set(mine)
            mine += sorted(docs, key=lambda d: (located is not None and d not in located, -scores.get(d, 0.0),
                                                keys[d]))
        per_category.append(mine)
    # several kinds of crisis ("otrok ima modrice, oče tepe mamo"): take each kind's best in turn, so the
    # first three hold help for every kind signalled
    out: list[int] = []
    queues = [iter(mine) for mine in per_category]
    while queues and len(out) < MAX_CRISIS:
        for queue in list(queues):
            doc = next((d for d in queue if d not in out), None)
            if doc is None:
                queues.remove(queue)
            elif len(out) < MAX_CRISIS:
                out.append(doc)
    return out


def diversify(ranked: list[int], needs: list[str], snap: Snapshot) -> list[int]:
    """Reorder the first results so each understood need has its best service among them.

    Within the first DIVERSE_TOP, the best-ranked service of each need (looked for in the
    first DIVERSE_WINDOW) comes first, keeping rank order; the others follow in rank order."""
    if len(needs) < 2 or not ranked:
        return ranked
    window = ranked[:DIVERSE_WINDOW]
    picked: list[int] = []
    for code in needs:
        docs = tagged(snap, code)
        if any(d in docs for d in picked):
            continue
        best = next((d for d in window if d in docs), None)
        if best is not None and len(picked) < DIVERSE_TOP:
            picked.append(best)
    chosen = set(picked)
    rest = [d for d in window if d not in chosen]
    top = sorted(picked + rest[:max(0, DIVERSE_TOP - len(picked))], key=window.index)
    shown = set(top)
    return top + [d for d in window if d not in shown] + ranked[DIVERSE_WINDOW:]
