"""Map plumbing: Leaflet from the XStatic packages, municipality boundaries, template helpers, CLI."""

import click
import xstatic.pkg.leaflet as xs_leaflet
import xstatic.pkg.leaflet_markercluster as xs_cluster
from flask import Blueprint, Flask, abort, current_app, jsonify, url_for
from flask_babel import lazy_gettext as _l

from ..extensions import db
from ..models import Location, Municipality
from .distance import RADIUS_CHOICES, format_km, location_point
from .boundaries import municipality_boundaries
from .geocoding import fill_coordinates, is_approximate

bp = Blueprint("geo", __name__, url_prefix="/geo")
OSM_ATTRIBUTION = '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap contributors</a>'
GURS_ATTRIBUTION = _l("Kraji in meje občin: GURS (CC BY 4.0)")

@bp.get("/obcina/<int:municipality_id>.geojson")
def municipality_boundary(municipality_id: int):
    """Return one municipality's simplified GURS boundary as a GeoJSON Feature."""
    feature = municipality_boundaries().get(municipality_id) or abort(404)
    response = jsonify(feature)
    response.headers["Cache-Control"] = "public, max-age=86400"
    return response


def service_markers(services) -> list[dict]:
    """Return the map markers for services: one per placed, non-confidential location."""
    markers = []
    for service in services:
        for location in service.locations:
            if location.confidential or location_point(location) is None:
                continue
            markers.append({
                "id": service.id, "title": service.name,
                "place": location.name or (location.address.one_line() if location.address else ""),
                "lat": round(location.latitude, 6), "lon": round(location.longitude, 6),
                "approx": is_approximate(location),
                "url": url_for("public.service", service_id=service.id),
            })
    return markers


def map_settings() -> dict:
    """Return the tile layer settings handed to map.js."""
    return {"tiles": current_app.config["TILE_URL"], "attribution": OSM_ATTRIBUTION,
            "maxZoom": int(current_app.config["TILE_MAX_ZOOM"])}


def municipality_choices() -> list[str]:
    """Return the municipality names offered in the near-me place field."""
    return list(db.session.scalars(db.select(Municipality.name).order_by(Municipality.name)))


@click.command("geocode")
@click.option("--all", "redo", is_flag=True, help="Geocode again locations that already have a point.")
def geocode_command(redo: bool):
    """Fill missing coordinates of locations from their addresses."""
    filled = 0
    for location in db.session.scalars(db.select(Location)):
        if redo and location.geo_precision not in (None, "building", "address"):
            location.latitude = location.longitude = None
        before = location.has_point
        fill_coordinates(location)
        filled += location.has_point and not before
    db.session.commit()  # a moved location's services are logged for the index (directory/changes.py)
    click.echo(f"geocoded: {filled}")


def init_app(app: Flask) -> None:
    """Serve Leaflet from the installed XStatic packages and register the map helpers."""
    app.register_blueprint(Blueprint("leaflet", __name__, static_folder=xs_leaflet.BASE_DIR,
                                     static_url_path="/static/vendor/leaflet"))
    app.register_blueprint(Blueprint("markercluster", __name__, static_folder=xs_cluster.BASE_DIR,
                                     static_url_path="/static/vendor/leaflet-markercluster"))
    app.register_blueprint(bp)
    app.jinja_env.filters["km"] = format_km
    app.jinja_env.globals.update(
        service_markers=service_markers, map_settings=map_settings, is_approximate=is_approximate,
        municipality_choices=municipality_choices, radius_choices=RADIUS_CHOICES,
        gurs_attribution=GURS_ATTRIBUTION,
    )
    app.cli.add_command(geocode_command)
