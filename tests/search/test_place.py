"""Place understanding: a place named in the query is the resident's place, not a search word."""
import pytest

from infotocka.search import SearchQuery, search
from infotocka.search.place import understand


def ranked(text: str, **options) -> list[str]:
    return search(SearchQuery(text=text, find_place=True, per_page=100, **options)).ids


@pytest.mark.parametrize("text, municipality, rest", [
    ("v Kopru", "Koper", ""),
    ("Capodistria", "Koper", ""),  # the Italian name of a bilingual municipality
    ("Lendva", "Lendava", ""),  # the Hungarian one
    ("1420", "Trbovlje", ""),  # a postcode
    ("pomoč v Zagorju", "Zagorje ob Savi", "pomoč"),  # a locative form of a name's short part
    ("dom za starejše Litija", "Litija", "dom za starejše"),
    ("starejši v Izlakah", "Zagorje ob Savi", "starejši"),  # a village, placed in its municipality
    ("socialna pomoč Šmartnem pri Litiji", "Šmartno pri Litiji", "socialna pomoč"),
    ('"pomoč na domu" občina Trbovlje', "Trbovlje", '"pomoč na domu"'),
    ("pomoč na domu za Trbovlje", "Trbovlje", "pomoč na domu"),
    ("dnevni center v Staršah", "Starše", "dnevni center"),  # an everyday word led by "v" is the place
])
def test_a_place_in_the_query_is_understood(app, text, municipality, rest):
    place, remaining = understand(text)
    assert place is not None and place.municipality == municipality
    assert remaining == rest


@pytest.mark.parametrize("text", ["pomoč na domu", "tabor za otroke", "otroci in starše", "Rdečega križa",
                                  "center za socialno delo", "dom", "Izlakah",
                                  # "za" leads a place's name, but not a word that is mostly a need's object
                                  "svetovalnica za starse", "šola za starše", "skupina za starše"])
def test_everyday_words_are_not_places(app, text):
    assert understand(text) == (None, text)


def test_the_home_in_the_named_town_comes_first(sample):
    assert ranked("dom za starejše Litija")[0] == "svc-dom-tisje-enota-litija"
    assert ranked("dom za starejse trbovlje")[0] == "svc-du-trbovlje-institucionalno-varstvo"
    assert ranked("dom za starejše v Trbovljah")[0] == "svc-du-trbovlje-institucionalno-varstvo"


def test_the_csd_unit_of_the_named_town_comes_first(sample):
    for text, first in (("center za socialno delo Litija", "svc-csd-litija-"),
                        ("center za socialno delo Trbovlje", "svc-csd-trbovlje-"),
                        ("prva socialna pomoč v Kranju", "svc-csd-kranj-storitve")):
        assert ranked(text)[0].startswith(first), text


def test_located_then_serving_then_regional_then_national(sample):
    ids = ranked("Trbovlje")  # only a place: every service, the resident's own first
    located = ids.index("svc-csd-trbovlje-dsp")
    serving = ids.index("svc-du-trbovlje-pomoc-na-domu")  # no address, serves Trbovlje
    regional = ids.index("svc-vdc-sasa-varstvo-zaposlitev")  # Velenje: another region
    national = ids.index("svc-sos-telefon")
    assert located < serving < national
    assert ids.index("svc-dom-hrastnik-institucionalno-varstvo") < national  # same region (Zasavska)
    assert national < regional  # a far region's service after the national phone lines
    assert len(ids) == 87  # a place ranks, it does not filter


def test_the_result_says_which_place_was_understood(sample):
    result = search(SearchQuery(text="psihološka pomoč v Mozirju", find_place=True))
    assert result.place.municipality == "Mozirje" and result.text == "psihološka pomoč"
    assert result.ids[0] == "svc-posvet-mozirje"


def test_without_find_place_a_place_name_is_a_search_word(sample):
    result = search(SearchQuery(text="Mozirje"))
    assert result.place is None and all("mozirje" in i for i in result.ids[:4])


@pytest.mark.parametrize("forms", [
    ("pomoč na domu Koper", "pomoč na domu v Kopru", "pomoč na domu Capodistria"),  # locative, Italian
    ("dom za starejše Lendava", "dom za starejše v Lendavi", "dom za starejše Lendva"),  # locative, Hungarian
    ("dom za starejše Litija", "dom za starejše v Litiji"),
    ("center za socialno delo Zagorje ob Savi", "center za socialno delo v Zagorju"),
])
def test_every_form_of_a_place_ranks_like_the_place_chosen(sample, forms):
    """The name, its locative and the bilingual name give the same ranking as choosing the place."""
    place, words = understand(forms[0])
    chosen = search(SearchQuery(text=words, place=place.municipality_id, per_page=100)).ids
    for form in forms:
        assert ranked(form) == chosen, form
