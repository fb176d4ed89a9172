"""The query parameters of the web pages: Slovene names, and the older names still accepted.

Every page reads only the names below; a request that still uses an old name (a bookmark, a printed
QR code, a link from another site) is read as if it used the new one, before any view sees it. The
JSON API (/api/) keeps its own English, HSDS-style names and is left alone. README lists them all."""
from flask import Flask, request
from werkzeug.datastructures import ImmutableMultiDict, MultiDict

TEXT = "q"  # what the resident typed (web and kiosk)
MUNICIPALITY = "obcina"  # filter to one municipality; the kiosk's and the slip's municipality
HOME = "doma"  # the resident's place (a municipality) the results are ranked for; "0" = none
TARGET_GROUP = "skupina"
KIND = "pomoc"  # kind of help
PROVIDER_TYPE = "izvajalec"
DISMISSED = "brez"  # understood needs the resident switched off
TRAIT = "lastnost"  # open now, free, wheelchair access
LANGUAGE = "jezik"  # the language a service is offered in
PAGE = "stran"
PLACE = "kraj"  # near me: a typed place, postcode or municipality
LAT, LON, RADIUS = "sirina", "dolzina", "polmer"  # near me: the device's position and the distance in km
NEED = "potreba"  # a kiosk need tile
BACK = "nazaj"  # the kiosk detail page's way back to its results
SERVICES = "storitve"  # the services on a printable slip, comma-separated
REGION = "regija"  # coverage and demand pages
MAP = "zemljevid"  # the term the coverage map shows
PERIOD = "obdobje"  # the demand period
UI_LANGUAGE = "lang"  # the interface language, on every page and in the API alike (kept as it is)

SEARCH = {  # SearchQuery's filters → their parameters on the search page
    "municipality": MUNICIPALITY, "target_group": TARGET_GROUP, "kind": KIND, "provider_type": PROVIDER_TYPE,
    "trait": TRAIT, "language": LANGUAGE,
}
OLD_NAMES = {
    "municipality": MUNICIPALITY, "place": HOME, "target_group": TARGET_GROUP, "kind": KIND,
    "provider_type": PROVIDER_TYPE, "trait": TRAIT, "language": LANGUAGE, "page": PAGE,
    "lat": LAT, "lon": LON, "radius_km": RADIUS, "ids": SERVICES, "region": REGION, "map": MAP,
}


def renamed(args: MultiDict) -> MultiDict:
    """Return the query arguments with every old name replaced by its Slovene name (values kept in order)."""
    items = [(OLD_NAMES.get(name, name), value) for name, value in args.items(multi=True)]
    return ImmutableMultiDict(items)


def _accept_old_names() -> None:
    if not request.path.startswith("/api/") and any(name in OLD_NAMES for name in request.args.keys()):
        request.args = renamed(request.args)


def init_app(app: Flask) -> None:
    app.before_request(_accept_old_names)  # registered first: every other hook sees the new names
