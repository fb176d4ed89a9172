"""Regional coverage: where help is missing, per municipality, target group and kind of help."""
from flask import Blueprint

bp = Blueprint("coverage", __name__)

from . import views  # noqa: E402,F401  (routes register on bp)
