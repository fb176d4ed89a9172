"""Unmet demand: a privacy-preserving log of what residents look for, and demand × supply reports."""
from flask import Blueprint

bp = Blueprint("demand", __name__)


def init_app(app) -> None:
    """Register the staff tally (/urejanje/povprasevanje) and the demand reports under /pokritost."""
    from . import views  # noqa: F401 - attach the routes to bp
    app.register_blueprint(bp)
