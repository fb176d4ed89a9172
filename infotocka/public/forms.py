"""The resident search form (GET) and its translation into a SearchQuery."""
from flask import current_app
from flask_babel import gettext as _, lazy_gettext as _l
from wtforms import Form, IntegerField, SelectMultipleField, StringField
from wtforms.validators import NumberRange, Optional

from ..directory import queries
from ..errors import BadParameter
from ..models import KINDS_OF_HELP, PROVIDER_TYPES, TARGET_GROUPS
from ..search import SearchQuery

FILTERS = {"target_group": TARGET_GROUPS, "kind": KINDS_OF_HELP, "provider_type": PROVIDER_TYPES}


class SearchForm(Form):
    """Bound to request.args; no CSRF because searching changes nothing."""

    q = StringField(_l("Kaj potrebujete?"))
    municipality = StringField(_l("Občina"))
    target_group = SelectMultipleField(_l("Komu je namenjeno"))
    kind = SelectMultipleField(_l("Vrsta pomoči"))
    provider_type = SelectMultipleField(_l("Vrsta izvajalca"))
    brez = SelectMultipleField(_l("Izključene potrebe"))  # understood needs the resident switched off
    page = IntegerField(_l("Stran"), default=1, validators=[Optional(), NumberRange(min=1, max=10_000)])


def search_form(args, locale: str) -> SearchForm:
    """Bind the form to the query string, with taxonomy choices in the current language."""
    form = SearchForm(args)
    for name, taxonomy in FILTERS.items():
        getattr(form, name).choices = [(t.code, t.name(locale)) for t in queries.terms(taxonomy)]
    form.brez.choices = [c for name in FILTERS for c in getattr(form, name).choices]
    return form


def _first_error(form: SearchForm) -> str:
    name = next(iter(form.errors))
    return _("Neveljavna vrednost v polju »%(label)s«.", label=getattr(form, name).label.text)


def search_query(form: SearchForm):
    """Validate the bound form; return (SearchQuery, municipality or None) or raise BadParameter."""
    if not form.validate():
        raise BadParameter(_first_error(form))
    municipality = None
    if form.municipality.data:
        municipality = queries.resolve_municipality(form.municipality.data)
        if municipality is None:
            raise BadParameter(_("Neznana občina: %(value)s", value=form.municipality.data))
    query = SearchQuery(
        text=(form.q.data or "").strip()[:200],
        municipality=municipality.id if municipality else None,
        target_group=form.target_group.data or [], kind=form.kind.data or [],
        provider_type=form.provider_type.data or [], page=form.page.data or 1, dismissed=form.brez.data or [],
        per_page=current_app.config["PER_PAGE"],
    )
    return query, municipality
