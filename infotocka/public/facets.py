"""Turn the engine's facet counts into labelled filter links for the results page."""
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from .. import params
from ..directory import queries
from ..search import SearchQuery, SearchResult
from ..manage.forms import LANGUAGE_CHOICES
from .forms import TRAIT_LABELS
from .templating import url_toggle, url_with

TITLES = {
    "municipality": _l("Občina"),
    "target_group": _l("Komu je namenjeno"),
    "kind": _l("Vrsta pomoči"),
    "provider_type": _l("Vrsta izvajalca"),
    "trait": _l("Dostop in cena"),
    "language": _l("Jezik storitve"),
}
MAX_MUNICIPALITIES = 15  # the most useful ones; the form's picker offers all 212


@dataclass
class Option:
    label: str
    count: int
    selected: bool
    url: str


@dataclass
class Facet:
    name: str
    title: str
    options: list[Option]


def _term_facet(name: str, counts: dict[str, int], chosen: list[str], locale: str) -> Facet:
    labels = {code: term.name(locale) for code, term in queries.terms_by_code([*counts, *chosen]).items()}
    codes = sorted(set(counts) | set(chosen), key=lambda c: (-counts.get(c, 0), queries.slovene_key(labels.get(c, c))))
    options = [Option(labels.get(c, c), counts.get(c, 0), c in chosen, url_toggle(params.SEARCH[name], c)) for c in codes]
    return Facet(name, str(TITLES[name]), options)


def _labelled_facet(name: str, counts: dict[str, int], chosen: list[str], labels: dict) -> Facet:
    """A facet over fixed codes with their own labels (traits, languages)."""
    codes = sorted(set(counts) | set(chosen), key=lambda c: (-counts.get(c, 0), str(labels.get(c, c))))
    options = [Option(str(labels.get(c, c)), counts.get(c, 0), c in chosen, url_toggle(params.SEARCH[name], c)) for c in codes]
    return Facet(name, str(TITLES[name]), options)


def _municipality_facet(counts: dict[str, int], chosen: int | None) -> Facet:
    # one municipality at a time: once chosen, only it is offered (for removal)
    found = queries.municipality_names([str(chosen)] if chosen is not None else list(counts))
    codes = [str(code) for code in found]  # an index code the geography does not know is left out
    ranked = sorted(codes, key=lambda c: (-counts.get(c, 0), queries.slovene_key(found[int(c)].name)))
    options = []
    for code in ranked[:MAX_MUNICIPALITIES]:
        selected = int(code) == chosen
        url = url_with(**{params.MUNICIPALITY: None if selected else code, params.PAGE: None})
        options.append(Option(found[int(code)].display_name, counts.get(code, 0), selected, url))
    return Facet("municipality", str(TITLES["municipality"]), options)


def facets_for(result: SearchResult, query: SearchQuery, locale: str) -> list[Facet]:
    """Return the facets to show, each option with its count and a link that toggles it."""
    facets = [_municipality_facet(result.facets.get("municipality", {}), query.municipality)]
    for name in ("target_group", "kind", "provider_type"):
        facets.append(_term_facet(name, result.facets.get(name, {}), getattr(query, name), locale))
    for name, labels in (("trait", TRAIT_LABELS), ("language", dict(LANGUAGE_CHOICES))):
        facets.append(_labelled_facet(name, result.facets.get(name, {}), getattr(query, name), labels))
    return [f for f in facets if f.options]
