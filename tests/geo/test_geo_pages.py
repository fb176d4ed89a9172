"""Near-me and maps on the pages and in the API: data attributes, groups, 400s, no pin for hidden places."""
import json
import re
from html import unescape

import pytest

from infotocka.extensions import db
from infotocka.models import Location


def markers_in(html: str) -> list[dict]:
    found = re.search(r'data-markers="([^"]*)"', html)
    return json.loads(unescape(found.group(1))) if found else []


def test_leaflet_is_served_from_our_own_static_files(client):
    for url in ("/static/vendor/leaflet/leaflet.js", "/static/vendor/leaflet/leaflet.css",
                "/static/vendor/leaflet/images/marker-icon.png",
                "/static/vendor/leaflet-markercluster/leaflet.markercluster.js",
                "/static/vendor/leaflet-markercluster/MarkerCluster.Default.css",
                "/static/js/map.js", "/static/js/nearme.js", "/static/css/map.css"):
        response = client.get(url)
        response.close()  # static files are streamed
        assert response.status_code == 200, url


def test_municipality_boundary_endpoint(client):
    feature = client.get("/geo/obcina/129.geojson").get_json()
    assert feature["type"] == "Feature" and feature["properties"]["name"] == "Trbovlje"
    assert feature["geometry"]["type"] in ("Polygon", "MultiPolygon")
    assert client.get("/geo/obcina/145.geojson").status_code == 404


def test_results_page_sorted_by_distance_with_phone_group_and_map(client, sample):
    page = client.get("/iskanje?kraj=Trbovlje&radius_km=10")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Razdalje merimo od: Trbovlje" in html
    assert "Pomoč po telefonu in spletu" in html
    kms = [float(k.replace(",", ".")) for k in re.findall(r"(\d+,\d) km od izbranega kraja", html)]
    assert kms and kms == sorted(kms) and max(kms) <= 10
    markers = markers_in(html)
    assert markers and all({"id", "lat", "lon", "title", "url"} <= set(m) for m in markers)
    assert 'src="/static/vendor/leaflet/leaflet.js"' in html and "<script>" not in html
    assert "tile.openstreetmap.org" in unescape(html)  # the tile URL, handed over as data


def test_results_page_with_browser_position_and_text(client, sample):
    html = client.get("/iskanje?q=pomoč&lat=46.2389&lon=14.3556").get_data(as_text=True)
    assert "Razdalje merimo od vaše lokacije." in html
    first_card = re.search(r'data-service-id="([^"]+)"', html).group(1)
    assert first_card.startswith("svc-csd-kranj")


@pytest.mark.parametrize("args, message", [("kraj=Atlantida", "Atlantida"), ("lat=95&lon=15", "obsega")])
def test_results_page_explains_an_unusable_place(client, sample, args, message):
    page = client.get(f"/iskanje?{args}")
    assert page.status_code == 400  # the form again, with its error summarised and linked to the field
    html = page.get_data(as_text=True)
    assert message in html and 'class="error-summary" role="alert"' in html and 'href="#kraj"' in html


def test_api_services_near_a_point(client, sample):
    body = client.get("/api/v1/services?lat=46.149696&lon=15.049064&radius_km=15&per_page=100").get_json()
    items = body["contents"]
    placed = [i["x_distance_km"] for i in items if i["x_distance_km"] is not None]
    assert placed == sorted(placed) and max(placed) <= 15
    assert items[0]["x_distance_km"] < 0.5
    assert any(i["x_distance_km"] is None for i in items)  # phone lines come last, without a distance
    assert body["total_items"] == len(items)
    nones = [i for i, item in enumerate(items) if item["x_distance_km"] is None]
    assert nones == list(range(len(items) - len(nones), len(items)))


def test_api_services_with_text_keeps_relevance_but_adds_distance(client, sample):
    body = client.get("/api/v1/services?search=dom&lat=46.149696&lon=15.049064").get_json()
    assert body["contents"] and all("x_distance_km" in i for i in body["contents"])
    plain = client.get("/api/v1/services?search=dom").get_json()
    assert "x_distance_km" not in plain["contents"][0]


@pytest.mark.parametrize("query", ["lat=91&lon=15", "lat=46&lon=200", "lat=x&lon=15", "lat=46", "radius_km=5",
                                   "lat=46&lon=15&radius_km=-1"])
def test_api_services_rejects_bad_coordinates(client, query):
    response = client.get(f"/api/v1/services?{query}")
    assert response.status_code == 400
    assert response.get_json()["message"]


def test_api_geocode(client):
    body = client.get("/api/v1/geocode?q=Log").get_json()
    assert len(body["results"]) == 6
    assert {r["precision"] for r in body["results"]} == {"settlement"}
    first = client.get("/api/v1/geocode?q=1420").get_json()["results"][0]
    assert first == {"name": "Trbovlje", "address": "1420 Trbovlje", "lat": pytest.approx(46.149696),
                     "lon": pytest.approx(15.049064), "precision": "postcode", "municipality_id": 129,
                     "municipality": "Trbovlje", "postcode": "1420"}
    for bad in ("/api/v1/geocode?q=Atlantida", "/api/v1/geocode", "/api/v1/geocode?q=%20"):
        response = client.get(bad)
        assert response.status_code == 400 and response.get_json()["message"]


def test_service_page_map_hides_confidential_places(client, sample):
    html = client.get("/storitev/svc-csd-trbovlje-dsp").get_data(as_text=True)
    markers = markers_in(html)
    assert [m["id"] for m in markers] == ["svc-csd-trbovlje-dsp"]
    assert markers[0]["approx"] is True
    assert "središče kraja" in html
    location = db.session.get(Location, "loc-csd-trbovlje")
    location.confidential = True
    db.session.commit()
    html = client.get("/storitev/svc-csd-trbovlje-dsp").get_data(as_text=True)
    assert markers_in(html) == []
    assert "46.149696" not in html and "data-markers" not in html


def test_municipality_page_outlines_the_municipality(client, sample):
    html = client.get("/obcina/trbovlje").get_data(as_text=True)
    assert 'data-boundary-url="/geo/obcina/129.geojson"' in html


def test_geocode_command_fills_missing_points(app, sample):
    location = db.session.get(Location, "loc-csd-trbovlje")
    location.latitude = location.longitude = location.geo_precision = None
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["geocode"])
    assert result.exit_code == 0 and "geocoded: 1" in result.output
    db.session.refresh(location)
    assert location.has_point and location.geo_precision == "settlement_centre"


def test_geocode_command_logs_the_change_for_the_search_index(app, sample):
    from infotocka.models import Change, ServiceAtLocation
    location = db.session.get(Location, "loc-csd-trbovlje")
    location.latitude = location.longitude = location.geo_precision = None
    db.session.commit()
    services = set(db.session.scalars(db.select(ServiceAtLocation.service_id)
                                      .where(ServiceAtLocation.location_id == location.id)))
    last = db.session.scalar(db.select(db.func.max(Change.seq))) or 0
    assert app.test_cli_runner().invoke(args=["geocode"]).exit_code == 0
    logged = set(db.session.scalars(db.select(Change.entity_id).where(Change.seq > last)))
    assert services and services <= logged
