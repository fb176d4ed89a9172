"""The optional Nominatim geocoder against stand-in servers on 127.0.0.1, and fill_coordinates."""
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

from infotocka.extensions import db
from infotocka.geo import fill_coordinates, geocode, get_gazetteer, get_geocoder
from infotocka.geo.nominatim import CachedNominatim, precision_of
from infotocka.models import Address, GeocodeCache, Location

HIT = [{
    "place_id": 1, "osm_type": "node", "osm_id": 42, "lat": "46.1528", "lon": "15.0531",
    "display_name": "Trg revolucije 11, 1420 Trbovlje, Slovenija", "class": "place", "type": "house",
    "addresstype": "place", "address": {"house_number": "11", "road": "Trg revolucije", "town": "Trbovlje",
                                        "postcode": "1420", "country_code": "si"},
}]


class StandIn(BaseHTTPRequestHandler):
    """Answers /search like Nominatim; `mode` picks a hit, nothing, an error or a hang."""

    mode = "hit"
    requests: list = []

    def do_GET(self):  # noqa: N802
        url = urlsplit(self.path)
        type(self).requests.append((url.path, parse_qs(url.query), self.headers.get("User-Agent")))
        if self.mode == "slow":
            time.sleep(5)
        if self.mode == "error":
            self.send_response(503)
            self.end_headers()
            return
        body = json.dumps(HIT if self.mode == "hit" else []).encode()
        try:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def log_message(self, *args):
        pass


@pytest.fixture
def nominatim():
    handler = type("Handler", (StandIn,), {"mode": "hit", "requests": []})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield handler, f"http://127.0.0.1:{server.server_port}/nominatim"
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


@pytest.fixture
def nominatim_app(make_app, nominatim):
    handler, url = nominatim
    app = make_app(GEOCODER="nominatim", NOMINATIM_URL=url, NOMINATIM_USER_AGENT="infotocka-test/1.0",
                   NOMINATIM_TIMEOUT=0.5, NOMINATIM_MIN_DELAY=0)
    with app.app_context():
        yield app, handler


def located(id_="loc-test", **address) -> Location:
    location = Location(id=id_, location_type="physical", confidential=False)
    location.addresses = [Address(**address)]
    db.session.add(location)
    return location


def test_asks_the_configured_server_and_caches_the_answer(nominatim_app):
    app, handler = nominatim_app
    assert isinstance(get_geocoder(), CachedNominatim)
    found = geocode("Trg revolucije 11, 1420 Trbovlje")
    assert (found.latitude, found.longitude) == (46.1528, 15.0531)
    assert found.raw["precision"] == "address"
    assert found.raw["municipality_id"] == 129  # from the nearest GURS settlement
    path, query, agent = handler.requests[0]
    assert path == "/nominatim/search"
    assert query["countrycodes"] == ["si"] and agent == "infotocka-test/1.0"
    db.session.commit()
    assert db.session.scalar(db.select(db.func.count()).select_from(GeocodeCache)) == 1
    again = geocode("trg revolucije 11, 1420 TRBOVLJE")
    assert again.address == found.address
    assert len(handler.requests) == 1  # the second answer came from the database


def test_nothing_found_online_lets_the_gazetteer_answer(nominatim_app):
    app, handler = nominatim_app
    handler.mode = "empty"
    found = geocode("Neznana ulica 3, 1410 Zagorje ob Savi")
    assert (found.address, found.raw["source"]) == ("Zagorje ob Savi", "gazetteer")


@pytest.mark.parametrize("mode", ["slow", "error"])
def test_timeout_or_server_error_falls_back_quickly(nominatim_app, mode):
    app, handler = nominatim_app
    handler.mode = mode
    get_gazetteer()  # built beforehand: only the online part is timed
    start = time.perf_counter()
    found = geocode("Trg revolucije 11, 1420 Trbovlje")
    assert time.perf_counter() - start < 2.5  # one 0.5 s timeout, no retries (the server hangs for 5 s)
    assert (found.address, found.raw["source"]) == ("Trbovlje", "gazetteer")
    db.session.commit()
    assert db.session.scalar(db.select(db.func.count()).select_from(GeocodeCache)) == 0  # failures not cached


def test_unreachable_server_never_blocks_filling_a_location(make_app):
    app = make_app(GEOCODER="nominatim", NOMINATIM_URL="http://127.0.0.1:9", NOMINATIM_TIMEOUT=0.5,
                   NOMINATIM_MIN_DELAY=0)
    with app.app_context():
        location = located(address_1="Cesta 1", postal_code="1420", city="Trbovlje")
        fill_coordinates(location)
        assert location.has_point and location.geo_precision == "settlement_centre"
        assert location.municipality_id == 129


def test_fill_coordinates_stores_street_precision_from_nominatim(nominatim_app):
    location = located(address_1="Trg revolucije 11", postal_code="1420", city="Trbovlje")
    fill_coordinates(location)
    assert (location.latitude, location.longitude, location.geo_precision) == (46.1528, 15.0531, "address")
    assert location.municipality_id == 129


def test_town_only_address_is_answered_offline(nominatim_app):
    app, handler = nominatim_app
    location = located(city="Izlake", postal_code="1411")
    fill_coordinates(location)
    assert location.geo_precision == "settlement_centre" and location.municipality_id == 142
    assert handler.requests == []


def test_fill_coordinates_with_the_gazetteer(app):
    location = located(address_1="Ulica 1", postal_code="1410", city="Zagorje ob Savi")
    fill_coordinates(location)
    assert location.geo_precision == "settlement_centre" and location.municipality_id == 142
    kept = located("loc-kept", city="Trbovlje")
    kept.latitude, kept.longitude, kept.geo_precision = 46.15, 15.05, "building"
    fill_coordinates(kept)
    assert (kept.latitude, kept.geo_precision, kept.municipality_id) == (46.15, "building", 129)
    unknown = located("loc-unknown", address_1="Nekje 5", city="Atlantida")
    fill_coordinates(unknown)
    assert not unknown.has_point and unknown.geo_precision is None
    virtual = Location(id="loc-virtual", location_type="virtual", confidential=False)
    fill_coordinates(virtual)
    assert not virtual.has_point


def test_fill_coordinates_never_raises(app, monkeypatch):
    import infotocka.geo.geocoding as geocoding

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(geocoding.GazetteerGeocoder, "geocode", broken)
    location = located(city="Trbovlje")
    fill_coordinates(location)
    assert not location.has_point


@pytest.mark.parametrize("raw, precision", [
    (HIT[0], "address"),
    ({"addresstype": "road", "address": {"road": "Cesta"}}, "street"),
    ({"addresstype": "town", "address": {"town": "Trbovlje"}}, "settlement"),
    ({"addresstype": "postcode", "address": {}}, "postcode"),
    ({"addresstype": "municipality", "address": {}}, "municipality"),
])
def test_precision_of_nominatim_results(raw, precision):
    assert precision_of(raw) == precision
