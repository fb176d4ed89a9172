"""Near-me: distance order, the radius, the phone-and-online group, parsing the origin, km format."""
import pytest
from werkzeug.datastructures import MultiDict

from infotocka.extensions import db
from infotocka.geo import format_km, near
from infotocka.geo.distance import OriginError, parse_origin
from infotocka.models import Service

TRBOVLJE = (46.149696, 15.049064)
HELPLINES = {"svc-sos-telefon", "svc-tom-telefon", "svc-zaupni-telefon-116123", "svc-klic-v-dusevni-stiski",
             "svc-v-nujnih-primerih"}


def all_ids() -> list[str]:
    return list(db.session.scalars(db.select(Service.id).order_by(Service.id)))


def test_nearest_first_and_nothing_dropped(app, sample):
    ids = all_ids()
    placed, remote = near(ids, *TRBOVLJE)
    distances = [km for _, km in placed]
    assert distances == sorted(distances)
    assert placed[0][1] < 0.5  # CSD Trbovlje sits at the town centre
    assert placed[0][0].id.startswith("svc-csd-trbovlje")
    assert len(placed) + len(remote) == len(ids)
    assert HELPLINES <= {s.id for s in remote}
    assert not HELPLINES & {s.id for s, _ in placed}


def test_radius_drops_far_services_but_keeps_phone_lines(app, sample):
    ids = all_ids()
    placed, remote = near(ids, *TRBOVLJE, radius_km=10)
    assert placed and all(km <= 10 for _, km in placed)
    names = {s.id for s, _ in placed}
    assert not any(i.startswith("svc-csd-kranj") for i in names)  # Kranj is ~60 km away
    assert any(i.startswith("svc-csd-trbovlje") for i in names)
    assert HELPLINES <= {s.id for s in remote}
    # Help bound to a far area (Kranj food distribution) is not offered within 10 km of Trbovlje;
    # help at home in Trbovlje (no address) is placed at the seat of the municipality it serves.
    assert "svc-csd-kranj-razdelilnica-hrane" not in names | {s.id for s in remote}
    assert "svc-du-trbovlje-pomoc-na-domu" in names


def test_order_from_kranj_differs(app, sample):
    placed, _ = near(all_ids(), 46.2389, 14.3556)
    assert placed[0][0].id.startswith("svc-csd-kranj")


def test_accepts_services_as_well_as_ids(app, sample):
    services = db.session.scalars(db.select(Service).order_by(Service.id)).all()
    by_objects = near(services, *TRBOVLJE, 20)
    by_ids = near([s.id for s in services], *TRBOVLJE, 20)
    assert [(s.id, km) for s, km in by_objects[0]] == [(s.id, km) for s, km in by_ids[0]]
    assert [s.id for s in by_objects[1]] == [s.id for s in by_ids[1]]
    assert near([], *TRBOVLJE) == ([], [])


def test_confidential_location_counts_as_its_municipality_seat(app, sample):
    from infotocka.models import Location

    home = db.session.get(Location, "loc-dso-izlake")
    home.confidential, home.municipality_id = True, 142
    db.session.flush()
    service = next(s for s in db.session.scalars(db.select(Service)) if home in s.locations)
    placed, _ = near([service], *TRBOVLJE)
    zagorje_seat = (46.139818, 14.990422)
    from geopy.distance import geodesic
    assert placed[0][1] == pytest.approx(geodesic(TRBOVLJE, zagorje_seat).km)


@pytest.mark.parametrize("lang, text", [("sl", "3,2 km"), ("en", "3.2 km")])
def test_km_in_the_locale_format(app, lang, text):
    with app.test_request_context(f"/?lang={lang}"):
        from flask_babel import refresh
        refresh()
        assert format_km(3.2149) == text
        assert format_km(None) == ""


def test_parse_origin_from_coordinates_place_and_postcode(app):
    with app.test_request_context("/"):
        origin = parse_origin(MultiDict({"lat": "46.15", "lon": "15,05", "radius_km": "10"}))
        assert (origin.lat, origin.lon, origin.radius_km, origin.precision) == (46.15, 15.05, 10, "device")
        place = parse_origin(MultiDict({"kraj": "v Zagorju", "lat": "1", "lon": "1"}))  # a typed place wins
        assert place.label == "Zagorje ob Savi"
        assert parse_origin(MultiDict({"kraj": "1420"})).precision == "postcode"
        assert parse_origin(MultiDict({})) is None


@pytest.mark.parametrize("args, fragment", [
    ({"lat": "91", "lon": "15"}, "obsega"),
    ({"lat": "46", "lon": "-181"}, "obsega"),
    ({"lat": "abc", "lon": "15"}, "lat"),
    ({"lat": "46"}, "lon"),
    ({"lat": "nan", "lon": "15"}, "lat"),
    ({"kraj": "Atlantida"}, "Atlantida"),
    ({"kraj": "Trbovlje", "radius_km": "0"}, "Polmer"),
    ({"kraj": "Trbovlje", "radius_km": "tri"}, "Polmer"),
])
def test_parse_origin_rejects_bad_input_with_a_message(app, args, fragment):
    with app.test_request_context("/"):
        with pytest.raises(OriginError, match=fragment):
            parse_origin(MultiDict(args))


def test_a_service_without_a_point_is_placed_by_its_town_or_the_seat_it_serves(app, sample):
    placed, remote = near(all_ids(), *TRBOVLJE)
    order = [s.id for s, _ in placed]
    km = dict((s.id, d) for s, d in placed)
    # no coordinates, only "Radovljica" in the address: placed at Radovljica, not sunk to the end
    assert km["svc-csd-radovljica-dsp"] == pytest.approx(km["svc-csd-kranj-dsp"], abs=25)
    assert order.index("svc-csd-radovljica-dsp") < order.index("svc-csd-jesenice-dsp") or \
        km["svc-csd-radovljica-dsp"] >= km["svc-csd-jesenice-dsp"]
    # help at home in Trbovlje (no address): as near as Trbovlje's own CSD, before anything in Hrastnik
    assert km["svc-du-trbovlje-pomoc-na-domu"] < 0.5
    assert order.index("svc-du-trbovlje-pomoc-na-domu") < order.index("svc-dom-hrastnik-institucionalno-varstvo")
    assert {s.id for s in remote} == HELPLINES


def test_by_relevance_keeps_the_better_match_first_within_a_band_of_distance(app, sample):
    ranked = ["svc-dso-izlake-institucionalno-varstvo",  # 9 km, the best match
              "svc-vdc-zasavje-varstvo-zaposlitev",  # 4.7 km
              "svc-dom-hrastnik-institucionalno-varstvo"]  # 2.7 km
    by_distance, _ = near(ranked, *TRBOVLJE)
    by_relevance, _ = near(ranked, *TRBOVLJE, by_relevance=True)
    assert [s.id for s, _ in by_distance] == list(reversed(ranked))
    # 2.7 and 4.7 km are both "2 to 5 km": the better match first; 9 km is farther off
    assert [s.id for s, _ in by_relevance] == [ranked[1], ranked[2], ranked[0]]
