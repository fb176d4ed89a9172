"""What the search understood, shown above the results of the web search and the kiosk.

* Chips: the needs read in the resident's words ("Razumeli smo: paliativna oskrba · pomoč
  na domu"), each a plain link that switches the need off (or on again) via `?brez=code`.
* Crisis help: for a message signalling a crisis, the emergency numbers that matter most
  (safety.py turns on the quick exit for the same message).
"""
from dataclasses import dataclass

from .. import params
from ..directory import queries
from ..search.crisis import numbers
from .templating import EMERGENCY_NUMBERS, url_toggle
MAX_CHIPS = 5


@dataclass(frozen=True)
class Chip:
    code: str
    label: str
    on: bool
    url: str  # the same search with this need switched off (or on again)


def need_chips(result, dismissed: list[str], locale: str) -> list[Chip]:
    """Return one chip per understood need, in the order understood."""
    codes = result.understood[:MAX_CHIPS] + [c for c in dismissed if c not in result.understood[:MAX_CHIPS]]
    terms = queries.terms_by_code(codes)
    return [Chip(code, terms[code].name(locale), code not in dismissed, url_toggle(params.DISMISSED, code))
            for code in codes if code in terms]


def crisis_help(categories: list[str]) -> list[tuple[str, str]]:
    """Return (number, label) of the emergency numbers for these crisis categories, most urgent first."""
    labels = dict(EMERGENCY_NUMBERS)
    return [(n, labels[n]) for n in numbers(categories) if n in labels]


def understanding(result, dismissed: list[str], locale: str) -> dict:
    """Return the template values of the understanding partials."""
    return {"chips": need_chips(result, dismissed, locale), "crisis_numbers": crisis_help(result.crisis)}
