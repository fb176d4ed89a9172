"""Safety mode (registered app-wide): which pages carry "Hiter izhod", and what residents may see of a location.

A page is a violence page when it is about the target group "Žrtve nasilja": a listing
tagged with it, a provider offering such a listing, a search or kiosk view filtered to it,
a search for violence or any other crisis (search/crisis.py), or a page that says so (`quick_exit=True`, e.g. a slip with such a
listing). Confidential locations (safe houses) never show an address or a map pin; residents
reach them by phone only."""
from flask import Flask, has_request_context, request
from jinja2 import pass_context

from . import params
from .models import Location, Organization, Service
from .search import crisis
from .text import fold

VIOLENCE = "zrtve-nasilja"
VIOLENCE_WORDS = ("nasilj", "zloraba", "varna hisa", "varne hise", "trgovina z ljudmi")
FILTER_ARGS = (params.TARGET_GROUP, params.NEED)  # the search's target groups, the kiosk's need tiles
TEXT_ARGS = (params.TEXT,)  # what a resident typed, on the web and at the kiosk


def is_violence_service(service) -> bool:
    """Tell whether a listing is tagged for victims of violence."""
    return isinstance(service, Service) and any(t.code == VIOLENCE for t in service.terms)


def offers_violence_help(organization) -> bool:
    """Tell whether a provider has a listing tagged for victims of violence."""
    return isinstance(organization, Organization) and any(map(is_violence_service, organization.services))


def _request_is_about_violence() -> bool:
    if any(VIOLENCE in value or value == "nasilje"
           for arg in FILTER_ARGS for value in request.args.getlist(arg)):
        return True
    typed = " ".join(request.args.get(arg, "") for arg in TEXT_ARGS)
    text = fold(typed)
    return any(word in text for word in VIOLENCE_WORDS) or bool(crisis.detect(typed))


def needs_quick_exit(values: dict) -> bool:
    """Tell whether a page rendered with these template values needs the "Hiter izhod" button."""
    explicit = values.get("quick_exit")
    if explicit is not None:
        return bool(explicit)
    if values.get("crisis_numbers"):  # the search recognised a crisis, perhaps only by meaning
        return True
    if is_violence_service(values.get("service")) or offers_violence_help(values.get("organization")):
        return True
    return has_request_context() and _request_is_about_violence()


def public_address(location):
    """Return the address residents may see: none for a confidential location."""
    if not isinstance(location, Location) or location.confidential:
        return None
    return location.address


def shows_pin(location) -> bool:
    """Tell whether a location may appear as a map pin."""
    return isinstance(location, Location) and not location.confidential and location.has_point


def public_locations(service) -> list:
    """Return a service's locations that may be shown with an address or pin."""
    return [loc for loc in service.locations if not loc.confidential]


def has_confidential_location(service) -> bool:
    """Tell whether a service is reached only by phone because its location is secret."""
    return any(loc.confidential for loc in service.locations)


def init_app(app: Flask) -> None:
    @pass_context
    def quick_exit_here(context) -> bool:
        return needs_quick_exit(dict(context.items()))

    app.jinja_env.globals.update(
        quick_exit_here=quick_exit_here, public_address=public_address, shows_pin=shows_pin,
        public_locations=public_locations, has_confidential_location=has_confidential_location,
        is_violence_service=is_violence_service,
    )
