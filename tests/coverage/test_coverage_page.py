"""The public coverage page /pokritost: real tables, marked gaps, links to search, 400 on bad input."""
import re

import pytest


@pytest.fixture
def get_page(client, sample):
    def get(query=""):
        response = client.get("/pokritost" + query)
        return response, response.get_data(as_text=True)
    return get


def test_default_region_is_zasavska_with_both_matrices(get_page):
    response, html = get_page()
    assert response.status_code == 200
    assert "Zasavska" in html
    assert html.count('<table class="cov-matrix"') == 2
    assert '<th scope="col">' in html and '<th scope="row">' in html
    assert "<caption" in html and "<tfoot>" in html


def test_cells_link_to_the_matching_search(get_page):
    _, html = get_page()
    assert "/iskanje?obcina=34&amp;skupina=zrtve-nasilja" in html
    assert "/iskanje?obcina=129&amp;pomoc=institucionalno-varstvo" in html


def test_gaps_are_marked_in_text_not_only_colour(get_page):
    _, html = get_page()
    assert "vrzel: ni storitev" in html  # e.g. perpetrators of violence everywhere
    assert "vrzel: le nacionalne" in html  # victims of violence in Hrastnik and Zagorje
    assert "cov-gap" in html


def test_cell_shows_local_regional_national_split(get_page):
    _, html = get_page()
    row = re.search(r"<th scope=\"row\">Žrtve nasilja.*?</tr>", html, re.S).group(0)
    cells = re.findall(r'<td class="cov-cell[^"]*">(.*?)</td>', row, re.S)
    assert len(cells) == 4
    assert "lok.&nbsp;1 · reg.&nbsp;0 · nac.&nbsp;2" in cells[2]  # Trbovlje
    assert ">3<" in cells[2]


def test_per_10000_row_and_populations(get_page):
    _, html = get_page()
    assert "Storitev na 10.000 prebivalcev" in html
    assert "29,8" in html  # Hrastnik: 27 services, 9,058 residents
    assert "9.058 prebivalcev" in html


def test_choropleth_map_for_a_chosen_term(get_page):
    _, html = get_page("?map=zrtve-nasilja")
    svg = re.search(r"<svg class=\"cov-map\".*?</svg>", html, re.S).group(0)
    assert svg.count("<path") == 4
    assert 'fill="url(#cov-hatch)"' not in svg  # no gap: a CSD unit in three towns, Litija's serves it
    assert "Hrastnik: 1" in svg and "Trbovlje: 1" in svg
    _, html = get_page("?map=migranti")
    svg = re.search(r"<svg class=\"cov-map\".*?</svg>", html, re.S).group(0)
    assert 'fill="url(#cov-hatch)"' in svg  # the gaps are hatched: nothing for migrants serves Litija
    assert "Litija: 0" in svg


def test_freshness_report_is_shown(get_page):
    _, html = get_page()
    assert "Ažurnost podatkov" in html
    assert "Po vrstah izvajalcev" in html


def test_other_regions_and_the_whole_country(get_page):
    response, html = get_page("?region=gorenjska")
    assert response.status_code == 200 and "Kranjska Gora" in html and "Trbovlje</th>" not in html
    response, html = get_page("?region=slovenija&map=starejsi")
    assert response.status_code == 200 and "Vsa Slovenija" in html


@pytest.mark.parametrize("query", ["?region=atlantida", "?map=ni-taka", "?region=../../etc"])
def test_bad_parameters_give_a_400_page(get_page, query):
    response, html = get_page(query)
    assert response.status_code == 400
    assert response.mimetype == "text/html"


def test_home_region_from_configuration(make_app):
    app = make_app(HOME_REGION="gorenjska", HOME_MUNICIPALITY="kranj")
    with app.app_context():
        html = app.test_client().get("/pokritost").get_data(as_text=True)
    assert "Pokritost s storitvami: Gorenjska" in html
    assert "domača občina" in html


def test_readable_without_javascript(get_page):
    _, html = get_page()
    assert "coverage.css" in html
    assert "<script" not in html.split("<main", 1)[1].split("</main>", 1)[0]


def test_map_geojson_for_the_interactive_map(client, sample):
    response = client.get("/pokritost/zemljevid.geojson?regija=zasavska&zemljevid=zrtve-nasilja")
    assert response.status_code == 200
    data = response.get_json()
    assert data["type"] == "FeatureCollection" and data["term"] == "zrtve-nasilja"
    props = {f["properties"]["name"]: f["properties"] for f in data["features"]}
    assert (props["Hrastnik"]["nearby"], props["Hrastnik"]["gap"], props["Hrastnik"]["level"]) == (1, False, 1)
    assert (props["Litija"]["regional"], props["Litija"]["national"]) == (1, 2)
    assert props["Trbovlje"]["url"] == "/iskanje?obcina=129&skupina=zrtve-nasilja"
    gaps = client.get("/pokritost/zemljevid.geojson?regija=zasavska&zemljevid=migranti").get_json()
    litija = next(f["properties"] for f in gaps["features"] if f["properties"]["name"] == "Litija")
    assert (litija["nearby"], litija["gap"], litija["level"]) == (0, True, 0)  # nothing for migrants serves Litija
    assert client.get("/pokritost/zemljevid.geojson?zemljevid=ni-taka").status_code == 400


def test_page_enhances_the_svg_map_with_leaflet(get_page):
    _, html = get_page()
    assert "js/coverage-map.js" in html and "leaflet.js" in html
    assert 'data-geojson="/pokritost/zemljevid.geojson?regija=zasavska&amp;zemljevid=vsi"' in html
