"""The public coverage page /pokritost: matrices, a choropleth and the freshness report."""
from urllib.parse import urlencode

from flask import abort, g, jsonify, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.routing import BuildError

from ..demand.period import parse_period, recent_periods
from ..demand.report import demand_report, demand_version
from .. import params, precomputed
from ..directory.queries import terms
from ..errors import BadParameter
from . import bp
from .area import NATIONAL, home_municipality, regions, resolve_area
from .choropleth import choropleth, choropleth_geojson, heat_level
from .freshness import freshness_report
from .matrix import BY, coverage_matrix, scoped_services

def search_links():
    """Return a function giving the resident search URL of one matrix cell (built once per page)."""
    try:
        base = url_for("public.search")
    except BuildError:  # the search page registers under another name in some deployments
        base = "/iskanje"

    terms: dict[tuple[str, str], str] = {}  # the encoded "&param=code" part, once per term (thousands of cells)

    def search_url(municipality_id: int, by: str, code: str) -> str:
        suffix = terms.get((by, code))
        if suffix is None:
            suffix = terms[by, code] = "&" + urlencode({params.SEARCH[by]: code})
        return base + "?" + urlencode({params.MUNICIPALITY: municipality_id}) + suffix
    return search_url


def _map_row(matrices: dict, code: str | None):
    """Return (by, row) of the term the map shows; the first target group by default."""
    if not code:
        return "target_group", matrices["target_group"].rows[0] if matrices["target_group"].rows else None
    for by, matrix in matrices.items():
        if (row := matrix.row(code)) is not None:
            return by, row
    raise BadParameter(_("Neznana ciljna skupina ali vrsta pomoči: %(code)s", code=code))


def _coverage(area, scoped=None):
    """Return both matrices and the (by, row) the map shows, from the request's ?zemljevid=."""
    scoped = scoped if scoped is not None else scoped_services(area)
    matrices = {by: coverage_matrix(area, by, scoped) for by in BY}
    return matrices, *_map_row(matrices, request.args.get(params.MAP))


def _demand(area, scoped, matrices) -> dict:
    """Return the demand section's values: the report of ?obdobje= and the periods to pick from."""
    period = parse_period(request.args.get(params.PERIOD))
    return {"demand": demand_report(area, period, scoped, matrices), "demand_periods": recent_periods(period)}


def _page() -> str:
    area = resolve_area(request.args.get(params.REGION))
    scoped = scoped_services(area)  # load the services and place them once for the whole page
    matrices, map_by, map_row = _coverage(area, scoped)
    return render_template(
        "coverage/index.html", area=area, regions=regions(), national=NATIONAL, matrices=matrices,
        map_by=map_by, map_row=map_row, map=choropleth(map_row) if map_row else None,
        freshness=freshness_report(area, scoped=scoped), home=home_municipality(), search_url=search_links(),
        heat_level=heat_level, **_demand(area, scoped, matrices),
    )


@bp.get("/pokritost")
def index():
    """The coverage page: checked here, rendered once per data version, region, map term and language."""
    area = resolve_area(request.args.get(params.REGION))
    code = request.args.get(params.MAP) or ""
    if code and not any(term.code == code for by in BY for term in terms(BY[by])):
        raise BadParameter(_("Neznana ciljna skupina ali vrsta pomoči: %(code)s", code=code))
    period = parse_period(request.args.get(params.PERIOD))  # checked before anything is built
    # the demand section changes with every counted search: its version is part of the key
    key = f"{area.slug}|{code}|{g.lang}|{period.key}|{demand_version()}"
    return precomputed.respond("coverage-page", key, lambda fh: fh.write(_page().encode("utf-8")),
                               "text/html; charset=utf-8")


@bp.get("/pokritost/zemljevid.geojson")
def map_geojson():
    """Return the choropleth's municipalities with their counts, for the interactive map."""
    area = resolve_area(request.args.get(params.REGION))
    _, by, row = _coverage(area)
    if row is None:
        abort(404)
    search_url = search_links()
    return jsonify(choropleth_geojson(row, lambda code: search_url(code, by, row.term.code)))
