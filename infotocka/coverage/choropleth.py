"""A server-drawn SVG choropleth of an area's municipalities (works without JavaScript and prints)."""
import math
from dataclasses import dataclass

from ..geo.boundaries import municipality_boundaries
from .matrix import Cell, Row

WIDTH = 640  # SVG user units; the height follows the area's shape


def municipality_shapes() -> dict[int, dict]:
    """Return the shipped municipality polygons (data/municipalities.geojson) keyed by statistical code."""
    return {int(code): feature["geometry"] for code, feature in municipality_boundaries().items()}


def _rings(geometry: dict) -> list[list]:
    if geometry["type"] == "Polygon":
        return geometry["coordinates"]
    return [ring for polygon in geometry["coordinates"] for ring in polygon]


def heat_level(count: int) -> int:
    """Return the shade step (0 = gap … 4 = five or more) for a number of local and regional services."""
    return 0 if count <= 0 else 1 if count == 1 else 2 if count == 2 else 3 if count <= 4 else 4


@dataclass
class Shape:
    cell: Cell
    path: str
    label_x: float
    label_y: float

    @property
    def level(self) -> int:
        return heat_level(self.cell.nearby)


@dataclass
class Choropleth:
    width: int
    height: int
    shapes: list[Shape]


def _projector(rings: list[list]):
    lons = [p[0] for ring in rings for p in ring]
    lats = [p[1] for ring in rings for p in ring]
    min_lon, max_lon, min_lat, max_lat = min(lons), max(lons), min(lats), max(lats)  # once, not per point
    k = math.cos(math.radians((min_lat + max_lat) / 2))  # shorten longitude at our latitude
    span_x = max((max_lon - min_lon) * k, 1e-6)
    scale = WIDTH / span_x
    height = max(1, round((max_lat - min_lat) * scale))
    return (lambda lon, lat: ((lon - min_lon) * k * scale, (max_lat - lat) * scale)), height


def choropleth(row: Row) -> Choropleth | None:
    """Return the SVG shapes for one matrix row, shaded by its local and regional services."""
    shapes = municipality_shapes()
    geometries = [(cell, shapes[cell.municipality.id]) for cell in row.cells if cell.municipality.id in shapes]
    if not geometries:
        return None
    project, height = _projector([ring for _, g in geometries for ring in _rings(g)])
    drawn = []
    for cell, geometry in geometries:
        d = " ".join("M" + " L".join("%.1f,%.1f" % project(*p[:2]) for p in ring) + " Z" for ring in _rings(geometry))
        x, y = project(cell.municipality.lon, cell.municipality.lat)
        drawn.append(Shape(cell, d, round(x, 1), round(y, 1)))
    return Choropleth(WIDTH, height, drawn)


def choropleth_geojson(row: Row, link) -> dict:
    """Return one matrix row as a GeoJSON FeatureCollection for the interactive map; link(code) → URL."""
    shapes = municipality_shapes()
    return {"type": "FeatureCollection", "term": row.term.code, "features": [
        {"type": "Feature", "geometry": shapes[cell.municipality.id], "properties": {
            "code": cell.municipality.id, "name": cell.municipality.display_name, "local": cell.local,
            "regional": cell.regional, "national": cell.national, "nearby": cell.nearby, "gap": cell.gap,
            "level": heat_level(cell.nearby), "url": link(cell.municipality.id)}}
        for cell in row.cells if cell.municipality.id in shapes
    ]}
