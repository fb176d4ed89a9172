"""Places in the API: GET /api/v1/geocode?q=, and lat/lon/radius_km on /api/v1/services."""
from flask import jsonify, request
from flask_babel import gettext as _

from ..errors import BadParameter
from ..geo.distance import OriginError, near, parse_origin
from ..geo.gazetteer import GazetteerGeocoder
from . import bp

MAX_RESULTS = 10
NEAR_PARAMS = ("lat", "lon", "radius_km")


def _as_json(location) -> dict:
    raw = location.raw
    return {"name": raw.get("name"), "address": location.address, "lat": round(location.latitude, 6),
            "lon": round(location.longitude, 6), "precision": raw["precision"],
            "municipality_id": raw.get("municipality_id"), "municipality": raw.get("municipality"),
            "postcode": raw.get("postcode")}


@bp.get("/geocode")
def geocode():
    """Return the best matches for `q`, best first; 400 when `q` is missing or unknown."""
    query = (request.args.get("q") or "").strip()[:200]
    if not query:
        raise BadParameter(_("Manjka parameter q (ime kraja, občine ali poštna številka)."))
    found = GazetteerGeocoder().geocode(query, exactly_one=False, limit=MAX_RESULTS)
    if not found:
        raise BadParameter(_("Kraja »%(place)s« ne poznamo.", place=query))
    return jsonify(query=query, results=[_as_json(loc) for loc in found])


def requested_origin():
    """Return the Origin of `lat`, `lon` (and `radius_km`), None when absent; BadParameter when wrong."""
    if not any(request.args.get(name, "").strip() for name in NEAR_PARAMS):
        return None
    if not (request.args.get("lat", "").strip() and request.args.get("lon", "").strip()):
        raise BadParameter(_("Parametra lat in lon morata biti podana skupaj (radius_km ju potrebuje)."))
    try:
        return parse_origin({name: request.args.get(name) for name in NEAR_PARAMS})
    except OriginError as exc:
        raise BadParameter(str(exc)) from None


def nearby_page(ranked_ids: list[str], origin, page: int, per_page: int, *, keep_rank: bool):
    """Return one page of [(service_id, km | None)] and the total: nearest first unless `keep_rank`.

    Services without a placed location (phone lines, online help) follow the placed ones, km None."""
    placed, remote = near(ranked_ids, origin.lat, origin.lon, origin.radius_km)
    rows = [(s.id, round(km, 2)) for s, km in placed] + [(s.id, None) for s in remote]
    if keep_rank:
        order = {sid: i for i, sid in enumerate(ranked_ids)}
        rows.sort(key=lambda row: order[row[0]])
    return rows[(page - 1) * per_page:page * per_page], len(rows)
