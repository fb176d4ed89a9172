"""GET /api/v1/service_at_locations[/{id}]: services at their locations, filtered like /services, and by
a Slovene `postcode` (its municipality must be served) and `proximity` (metres from the postcode's centre)."""
from flask import abort, jsonify, request
from flask_babel import gettext as _
from geopy.distance import geodesic

from ..directory.hsds_export import location_to_hsds, service_to_hsds
from ..directory.hsds_ids import publish
from ..directory.queries import find_by_hsds_id
from ..errors import BadParameter
from ..extensions import db
from ..geo.distance import location_point
from ..models import PostalCode, ServiceAtLocation
from ..search.base import EVERY_MATCH
from ..text import whole_number
from . import bp, params
from ..directory.loading import services_by_ids
from .views import find_service_ids, one_to_one

MAX_PROXIMITY_M = 500_000


def sal_to_hsds(sal: ServiceAtLocation, full: bool) -> dict:
    """Return a service at a location in the exchange form (list members only unless full)."""
    service = publish(service_to_hsds(sal.service))
    location = publish(location_to_hsds(sal.location), "location")
    own = next(s for s in service.get("service_at_locations", []) if s["id"] == sal.uuid)
    data = {**own, "service_id": service["id"], "location_id": location["id"]}
    if full:
        return {**data, "location": location, "service": {k: v for k, v in service.items()
                                                          if k != "service_at_locations"}}
    data = {k: v for k, v in data.items() if k.startswith("x_") or not isinstance(v, (list, dict))}
    return {**data, "location": one_to_one(location), "service": one_to_one(service)}


def _postcode() -> PostalCode | None:
    raw = request.args.get("postcode", "").strip()
    if not raw:
        return None
    found = db.session.get(PostalCode, raw)
    if found is None:
        raise BadParameter(_("Neznana poštna številka %(value)s.", value=raw[:10]), parameter="postcode")
    return found


def _proximity() -> float | None:
    raw = request.args.get("proximity", "").strip()
    if not raw:
        return None
    metres = whole_number(raw)
    if metres is None or not 0 < metres <= MAX_PROXIMITY_M:
        raise BadParameter(_("Parameter proximity mora biti število metrov od 1 do %(max)d.", max=MAX_PROXIMITY_M),
                           parameter="proximity")
    return float(metres)


def _kept(sal: ServiceAtLocation, postcode: PostalCode | None, metres: float | None) -> bool:
    if postcode is None:
        return True
    service = sal.service
    if not service.is_national and postcode.municipality_id not in {m.id for m in service.areas}:
        return False
    if metres is None:
        return True
    point = location_point(sal.location)
    return point is not None and geodesic(point, (postcode.lat, postcode.lon)).m <= metres


def _matching() -> list[ServiceAtLocation]:
    postcode, metres = _postcode(), _proximity()
    if metres is not None and postcode is None:
        raise BadParameter(_("Parameter proximity potrebuje postcode."), parameter="proximity")
    ids, _total, _understood = find_service_ids(1, EVERY_MATCH)
    return [sal for service in services_by_ids(ids, purpose="hsds") for sal in service.service_at_locations
            if _kept(sal, postcode, metres)]


@bp.get("/service_at_locations")
def service_at_locations():
    """List services at locations, in the order of /services."""
    page, per_page = params.paging()
    full = params.flag("full")
    found = _matching()
    if params.ndjson():
        return params.ndjson_response(found, lambda rows: rows, lambda sal: sal_to_hsds(sal, full))
    contents = [sal_to_hsds(sal, full) for sal in found[(page - 1) * per_page:page * per_page]]
    return jsonify(params.page_envelope(contents, len(found), page, per_page))


@bp.get("/service_at_locations/<sal_id>")
def service_at_location(sal_id: str):
    """Return one service at a location, fully nested, by its UUID or its x_source_id."""
    sal = find_by_hsds_id(ServiceAtLocation, sal_id)
    if sal is None:
        abort(404, description=f"No service_at_location with id {sal_id!r}.")
    return jsonify(sal_to_hsds(sal, True))
