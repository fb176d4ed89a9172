"""Staff dashboard of listings not verified for 12 months."""
from flask import render_template

from ..auth.decorators import staff_required
from . import bp, queries


@bp.get("/svezina")
@staff_required
def freshness():
    services = queries.stale_services()
    return render_template("manage/freshness.html", services=services,
                           by_organization=queries.stale_by_organization(services),
                           by_municipality=queries.stale_by_municipality(services),
                           cutoff=queries.stale_cutoff())
