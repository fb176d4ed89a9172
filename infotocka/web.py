"""Register every blueprint; the one place that lists the app's URL spaces."""
from flask import Flask


def init_app(app: Flask) -> None:
    from .public.views import bp as public_bp

    app.register_blueprint(public_bp)

    from .api import bp as api_bp, views as _api_views  # noqa: F401 - the views attach their routes to bp

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
