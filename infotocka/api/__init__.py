"""HSDS 3.0 read API under /api/v1."""
from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api/v1")

from . import views  # noqa: E402,F401  (registers the HSDS read endpoints on bp)
from . import geocode  # noqa: E402,F401  (registers /api/v1/geocode on bp)
from . import service_at_locations  # noqa: E402,F401  (registers /api/v1/service_at_locations on bp)
from . import coverage  # noqa: E402,F401  (registers /api/v1/coverage and /api/v1/export.* on bp)
from . import demand  # noqa: E402,F401  (registers /api/v1/demand on bp)
from . import taxonomies  # noqa: E402,F401  (registers /api/v1/taxonomies and /api/v1/taxonomy_terms on bp)
