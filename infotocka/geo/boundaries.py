"""The shipped municipality boundaries (simplified GURS polygons, data/municipalities.geojson)."""
import json
from pathlib import Path

from flask import current_app

_KEY = "infotocka.boundaries"


def municipality_boundaries() -> dict[int, dict]:
    """Return statistical code → GeoJSON feature, read once per application."""
    cache = current_app.extensions.get(_KEY)
    if cache is None:
        path = Path(current_app.config["DATA_DIR"]) / "municipalities.geojson"
        with path.open(encoding="utf-8") as fh:
            collection = json.load(fh)
        cache = {f["properties"]["id"]: f for f in collection["features"]}
        current_app.extensions[_KEY] = cache
    return cache
