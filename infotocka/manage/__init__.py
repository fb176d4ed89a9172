"""The editing side: providers keep their listings, staff moderate, audit, reports and freshness."""
from flask import Blueprint, Flask

bp = Blueprint("manage", __name__, url_prefix="/urejanje")


@bp.after_request
def _private(response):
    """Editing pages show unpublished data: never cache them."""
    response.headers["Cache-Control"] = "no-store"
    return response


def register_blueprints(app: Flask) -> None:
    """Register /urejanje, the public "Prijavi napako" form and "Za izvajalce"."""
    # importing these modules attaches their routes to bp
    from . import confirm, duplicate_views, freshness, import_views, moderation, users, views  # noqa: F401
    from .join_views import join_bp
    from .reports import public_bp

    app.register_blueprint(bp)
    app.register_blueprint(public_bp)
    app.register_blueprint(join_bp)
