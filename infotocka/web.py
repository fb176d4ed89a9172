"""Register every blueprint; the one place that lists the app's URL spaces."""
from flask import Flask, current_app, request
from flask_babel import gettext as _
from werkzeug.exceptions import RequestURITooLarge
from werkzeug.routing import IntegerConverter


class DatabaseInteger(IntegerConverter):
    """`<int:…>` limited to what a database integer column holds: a larger id is a 404, not a 500."""

    def __init__(self, map, fixed_digits=0, min=None, max=2**31 - 1, signed=False):  # noqa: A002 - werkzeug's names
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def _limit_query_string():
    """Refuse an over-long query string at the edge: no page or API call reads more (414)."""
    if len(request.query_string) > current_app.config["MAX_QUERY_STRING"]:
        raise RequestURITooLarge(_("Naslov je predolg: največ %(num)d znakov parametrov.",
                                   num=current_app.config["MAX_QUERY_STRING"]))


def init_app(app: Flask) -> None:
    app.url_map.converters["int"] = DatabaseInteger
    app.before_request(_limit_query_string)
    from .public.views import bp as public_bp

    app.register_blueprint(public_bp)

    from .api import bp as api_bp

    app.register_blueprint(api_bp)  # /api/v1, HSDS 3.0 read API

    from .geo import views as geo_views

    geo_views.init_app(app)  # /geo/…, Leaflet from XStatic under /static/vendor/, map template helpers

    from .auth.views import bp as auth_bp
    from .manage import register_blueprints as register_manage

    app.register_blueprint(auth_bp)
    register_manage(app)

    from . import kiosk

    kiosk.init_app(app)  # /kiosk, /listek, and the slip, share and safety template helpers

    from .coverage import bp as coverage_bp

    app.register_blueprint(coverage_bp)  # /pokritost: regional coverage and gaps

    from . import demand

    demand.init_app(app)  # /urejanje/povprasevanje (staff tally), /pokritost/povprasevanje (demand × supply)
