"""The offline gazetteer geocoder: names, postcodes, bilingual names, diacritics, inflections, ambiguity."""
import pytest
from geopy.location import Location

from infotocka.geo import geocode, get_gazetteer
from infotocka.geo.gazetteer import GazetteerGeocoder


def test_settlement_by_name_returns_a_geopy_location(geocoder):
    found = geocoder.geocode("Trbovlje")
    assert isinstance(found, Location)
    assert found.address == "Trbovlje"
    assert found.raw["precision"] == "settlement"
    assert found.raw["municipality_id"] == 129
    assert found.latitude == pytest.approx(46.1497, abs=1e-3)
    assert found.longitude == pytest.approx(15.0491, abs=1e-3)


def test_village_knows_its_municipality(geocoder):
    found = geocoder.geocode("Izlake")
    assert found.address == "Izlake, Zagorje ob Savi"
    assert (found.raw["precision"], found.raw["municipality_id"]) == ("settlement", 142)


@pytest.mark.parametrize("query", ["1420", " 1420 ", "SI-1420"])
def test_postcode_alone(geocoder, query):
    found = geocoder.geocode(query)
    assert found.address == "1420 Trbovlje"
    assert found.raw["precision"] == "postcode"
    assert found.raw["postcode"] == "1420"
    assert found.raw["municipality_id"] == 129


def test_postcode_with_town_gives_the_town(geocoder):
    found = geocoder.geocode("1420 Trbovlje")
    assert (found.address, found.raw["precision"]) == ("Trbovlje", "settlement")
    assert geocoder.geocode("1411 Izlake").address == "Izlake, Zagorje ob Savi"


def test_street_address_falls_back_to_the_town_of_its_postcode(geocoder):
    found = geocoder.geocode("Ulica 1, 1410 Zagorje ob Savi")
    assert found.address == "Zagorje ob Savi"
    assert found.raw["precision"] == "settlement"
    assert found.raw["municipality_id"] == 142
    # Unknown town after a known postcode: the postcode answers.
    assert geocoder.geocode("Cesta 5, 1410 Nekjevas").raw["precision"] == "postcode"
    # A street without a house number does not win over the town by a typo-tolerant match.
    assert geocoder.geocode("Trg svobode, Trbovlje").address == "Trbovlje"


@pytest.mark.parametrize("query", ["Koper", "Capodistria", "capodistria", "KOPER"])
def test_bilingual_names(geocoder, query):
    found = geocoder.geocode(query)
    assert found.address == "Koper"
    assert found.raw["municipality_id"] == 50


def test_hungarian_name(geocoder):
    assert geocoder.geocode("Lendva").raw["municipality"] == "Lendava"


@pytest.mark.parametrize("query", ["skofja loka", "Skofja Loka", "ŠKOFJA LOKA", "Škofja  Loka"])
def test_diacritics_and_case_do_not_matter(geocoder, query):
    assert geocoder.geocode(query).address == "Škofja Loka"


@pytest.mark.parametrize("query, address", [
    ("v Zagorju", "Zagorje ob Savi"),
    ("Zagorje", "Zagorje ob Savi"),  # the municipal seat beats the village Zagorje near Pivka
    ("na Izlakah", "Izlake, Zagorje ob Savi"),
    ("v Trbovljah", "Trbovlje"),
    ("v Hrastniku", "Hrastnik"),
    ("v Kopru", "Koper"),
    ("v Ljubljani", "Ljubljana"),
    ("v Novem mestu", "Novo mesto"),
    ("v Škofji Loki", "Škofja Loka"),
    ("v Murski Soboti", "Murska Sobota"),
    ("blizu Celja", "Celje"),
])
def test_locative_and_genitive_forms(geocoder, query, address):
    assert geocoder.geocode(query).address == address


def test_same_name_settlements_best_first_and_all_on_request(geocoder, gazetteer):
    found = geocoder.geocode("Log")
    everything = geocoder.geocode("Log", exactly_one=False)
    assert len(everything) == 6
    assert len({loc.raw["municipality_id"] for loc in everything}) == 6
    assert found.address == everything[0].address
    # No Log is a municipal seat, so the one in the most populous municipality is first.
    populations = [gazetteer.municipality_by_id[loc.raw["municipality_id"]].population for loc in everything]
    assert populations[0] == max(populations)


def test_municipal_seat_wins_over_same_name_villages(geocoder):
    everything = geocoder.geocode("Vrh", exactly_one=False)
    assert len(everything) > 3
    seat_first = geocoder.geocode("Trbovlje", exactly_one=False)
    assert seat_first[0].raw["municipality_id"] == 129


def test_municipality_and_region_queries(geocoder):
    muni = geocoder.geocode("občina Zagorje ob Savi")
    assert (muni.raw["precision"], muni.raw["municipality_id"]) == ("municipality", 142)
    assert geocoder.geocode("Dobrova-Polhov Gradec").raw["precision"] == "municipality"
    region = geocoder.geocode("Zasavje")
    assert (region.raw["precision"], region.address) == ("region", "Zasavska")


def test_typo_is_tolerated_but_nonsense_is_not(geocoder):
    assert geocoder.geocode("Trboulje").address == "Trbovlje"
    for query in ("Xyzzy", "Atlantida", "", "   ", "9999", "12, 34"):
        assert geocoder.geocode(query) is None


def test_reverse_gives_the_nearest_settlement(geocoder):
    found = geocoder.reverse("46.1497, 15.0491")
    assert found.address == "Trbovlje"


def test_built_once_per_app_and_fast(app):
    import time

    first = get_gazetteer()
    assert get_gazetteer() is first
    start = time.perf_counter()
    for query in ("Trbovlje", "1420", "v Zagorju", "Capodistria", "Log") * 20:
        GazetteerGeocoder().geocode(query)
    assert time.perf_counter() - start < 0.5


def test_default_geocoder_is_the_gazetteer(app):
    assert app.config["GEOCODER"] == "gazetteer"
    assert geocode("Hrastnik").raw["source"] == "gazetteer"


def test_sv_abbreviation(geocoder):
    assert geocoder.geocode("Sveta Ana").raw["municipality"] == "Sveta Ana"
    assert geocoder.geocode("Sv. Ana").raw["municipality"] == "Sveta Ana"
