"""The kiosk never comes up empty: widened tiles, hidden empty tiles, 112/113 and the info point everywhere."""
import re

import pytest

from infotocka.kiosk.needs import NEEDS


def page(client, url: str) -> str:
    return client.get(url).get_data(as_text=True)


def tiles(html: str) -> list[str]:
    return re.findall(r'class="need-tile" href="/kiosk/[^/]+/iskanje\?potreba=([^"]+)"', html)


@pytest.mark.parametrize("town", ["trbovlje", "litija", "hrastnik", "zagorje-ob-savi"])
def test_every_tile_shown_leads_to_services(client, directory, town):
    shown = tiles(page(client, f"/kiosk/{town}"))
    assert shown
    for slug in shown:
        html = page(client, f"/kiosk/{town}/iskanje?potreba={slug}")
        assert "Najdenih 0 storitev" not in html and 'class="kiosk-card"' in html, (town, slug)


def test_tiles_with_nothing_in_the_region_or_the_country_are_not_shown(client, directory):
    shown = tiles(page(client, "/kiosk/trbovlje"))
    # the sample's only shelter and addiction centre are in Kranj (Gorenjska), far from Zasavje
    assert "stanovanje" not in shown and "zasvojenost" not in shown
    assert {"denar", "nasilje", "telefon"} <= set(shown)
    assert "stanovanje" in tiles(page(client, "/kiosk/kranj"))
    assert len(NEEDS) == 12


def test_a_tile_without_a_local_service_shows_regional_ones_and_the_info_point(client, directory, app):
    html = page(client, "/kiosk/trbovlje/iskanje?potreba=pravna-pomoc")
    assert "V občini Trbovlje te pomoči nimamo vpisane" in html
    assert "svc-di-hrastnik-zagovornistvo" in html  # Hrastnik, the same region
    assert app.config["INFO_POINT_PHONE"] in html


@pytest.mark.parametrize("url", ["/kiosk/trbovlje", "/kiosk/trbovlje/iskanje?potreba=denar",
                                 "/kiosk/trbovlje/storitev/svc-csd-trbovlje-dsp", "/kiosk/trbovlje/listek"])
def test_112_113_and_the_info_point_on_every_screen(client, directory, app, url):
    html = page(client, url)
    assert "<strong>112</strong>" in html and "<strong>113</strong>" in html
    assert app.config["INFO_POINT_PHONE"] in html


def test_the_kiosk_municipalitys_own_unit_leads_a_collapsed_result(client, directory):
    html = page(client, "/kiosk/litija/iskanje?potreba=denar")
    ids = re.findall(r'href="/kiosk/litija/storitev/([^"?]+)', html)
    assert ids[0] == "svc-csd-litija-dsp"
    assert sum(1 for i in ids if i.endswith("-dsp")) == 1  # one card for the ten units' service



def cards(html: str, town: str = "trbovlje") -> list[str]:
    return re.findall(rf'<h2><a href="/kiosk/{town}/storitev/([^"?]+)', html)


def total(html: str) -> int:
    return int(re.search(r'class="kiosk-total"[^>]*>Najden\w* (\d+) storit', html).group(1))


def test_tile_results_come_in_relevance_order_not_by_name(client, directory):
    shown = cards(page(client, "/kiosk/trbovlje/iskanje?potreba=starejsi"))
    # services made for older people lead; the CSD's rights office, first by name, is not among the first
    assert shown[0] in {"svc-du-trbovlje-institucionalno-varstvo", "svc-dut-starejsi-za-starejse"}
    assert "svc-du-trbovlje-pomoc-na-domu" in shown[:3]
    assert "svc-csd-trbovlje-dsp" not in shown[:3]


@pytest.mark.parametrize("slug", ["starejsi", "druzina", "nasilje", "telefon", "denar"])
def test_ranking_a_tile_by_its_words_never_drops_a_service(client, directory, slug):
    """The tile's words reorder its services; which services show is still the tile's filter alone."""
    from infotocka.directory import queries
    from infotocka.kiosk.needs import need_by_slug
    from infotocka.search import SearchQuery, search

    need = need_by_slug(slug)
    municipality = queries.resolve_municipality("trbovlje")
    browse = search(SearchQuery(target_group=list(need.target_group), kind=list(need.kind), collapse=True,
                                municipality=municipality.id))
    html = page(client, f"/kiosk/trbovlje/iskanje?potreba={slug}")
    assert total(html) == browse.total > 0
    assert "Razumeli smo" not in html  # no chips for words the resident never typed
