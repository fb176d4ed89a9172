"""The resident search form (GET) and its translation into a SearchQuery."""
from flask import current_app
from flask_babel import gettext as _, lazy_gettext as _l
from wtforms import IntegerField, SelectMultipleField, StringField
from wtforms.validators import NumberRange, Optional

from ..directory import queries
from ..errors import BadParameter
from ..forms import PlainForm
from ..manage.forms import LANGUAGE_CHOICES
from ..models import KINDS_OF_HELP, PROVIDER_TYPES, TARGET_GROUPS
from .. import params
from ..search import SearchQuery

FILTERS = {"target_group": TARGET_GROUPS, "kind": KINDS_OF_HELP, "provider_type": PROVIDER_TYPES}
TRAIT_LABELS = {"open": _l("Odprto zdaj"), "free": _l("Brezplačno"), "wheelchair": _l("Dostop z invalidskim vozičkom")}


class SearchForm(PlainForm):
    """Bound to request.args; no CSRF because searching changes nothing. Fields keep their names in code,
    while the query string uses the Slovene parameter names (infotocka/params.py)."""

    q = StringField(_l("Kaj potrebujete?"), name=params.TEXT)
    municipality = StringField(_l("Občina"), name=params.MUNICIPALITY)
    place = StringField(_l("Kraj"), name=params.HOME)  # a municipality (ranks, never filters); "0" = none
    target_group = SelectMultipleField(_l("Komu je namenjeno"), name=params.TARGET_GROUP)
    kind = SelectMultipleField(_l("Vrsta pomoči"), name=params.KIND)
    provider_type = SelectMultipleField(_l("Vrsta izvajalca"), name=params.PROVIDER_TYPE)
    brez = SelectMultipleField(_l("Izključene potrebe"), name=params.DISMISSED)  # needs switched off
    trait = SelectMultipleField(_l("Dostop in cena"), name=params.TRAIT)
    language = SelectMultipleField(_l("Jezik"), name=params.LANGUAGE)
    page = IntegerField(_l("Stran"), default=1, validators=[Optional(), NumberRange(min=1, max=10_000)],
                        name=params.PAGE)


def search_form(args, locale: str) -> SearchForm:
    """Bind the form to the query string, with taxonomy choices in the current language."""
    form = SearchForm(args)
    for name, taxonomy in FILTERS.items():
        getattr(form, name).choices = [(t.code, t.name(locale)) for t in queries.terms(taxonomy)]
    form.brez.choices = [c for name in FILTERS for c in getattr(form, name).choices]
    form.trait.choices = list(TRAIT_LABELS.items())
    form.language.choices = LANGUAGE_CHOICES
    return form


def _first_error(form: SearchForm) -> str:
    name = next(iter(form.errors))
    return _("Neveljavna vrednost v polju »%(label)s«.", label=getattr(form, name).label.text)


def _chosen_place(value: str | None):
    """Return the municipality the resident chose as their place (None for none or "0": no place)."""
    if not value or value == "0":
        return None
    found = queries.resolve_municipality(value)
    if found is None:
        raise BadParameter(_("Neznan kraj: %(value)s", value=value[:100]))
    return found


def search_query(form: SearchForm):
    """Validate the bound form; return (SearchQuery, municipality or None) or raise BadParameter."""
    if not form.validate():
        raise BadParameter(_first_error(form))
    municipality = None
    if form.municipality.data:
        municipality = queries.resolve_municipality(form.municipality.data)
        if municipality is None:
            raise BadParameter(_("Neznana občina: %(value)s", value=form.municipality.data))
    place = _chosen_place(form.place.data)
    query = SearchQuery(
        text=(form.q.data or "").strip()[:200],
        municipality=municipality.id if municipality else None,
        place=place.id if place else None, find_place=not form.place.data,
        target_group=form.target_group.data or [], kind=form.kind.data or [],
        provider_type=form.provider_type.data or [], page=form.page.data or 1, dismissed=form.brez.data or [],
        trait=form.trait.data or [], language=form.language.data or [],
        per_page=current_app.config["PER_PAGE"],
    )
    return query, municipality


def place_shown(result, query: SearchQuery):
    """Return (place name, municipality) the results are ranked for, understood or chosen; or None."""
    if result.place is not None:
        return result.place.name, queries.resolve_municipality(result.place.municipality_id)
    if query.place is not None:
        found = queries.resolve_municipality(query.place)
        return found.display_name, found
    return None


def home_of(result, query: SearchQuery) -> int | None:
    """Return the resident's municipality code: chosen, understood from the text, or None."""
    if query.municipality is not None:
        return query.municipality
    return result.place.municipality_id if result.place is not None else query.place
