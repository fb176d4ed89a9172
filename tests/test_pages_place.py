"""The results page with a place: understood from the query, shown, changeable; near-me without coordinates."""
import re

from tests.test_pages_search import result_links, text


def test_the_page_says_which_place_it_understood_and_ranks_it_first(client, sample):
    html = text(client.get("/iskanje?q=dom+za+starejše+v+Litiji"))
    assert 'Kraj: <strong lang="sl">Litija</strong>' in html
    assert result_links(html)[0] == "svc-dom-tisje-enota-litija"
    assert 'name="q" value="dom za starejše"' in html  # the changer searches the words without the place
    assert "doma=0" in re.search(r'class="place-off"><a href="([^"]+)"', html).group(1)


def test_the_resident_can_change_the_place(client, sample):
    html = text(client.get("/iskanje?q=dom+za+starejše&place=trbovlje"))
    assert result_links(html)[0] == "svc-du-trbovlje-institucionalno-varstvo"
    assert '<option value="trbovlje" selected>' in html


def test_place_0_takes_the_name_as_a_search_word(client, sample):
    html = text(client.get("/iskanje?q=Mozirje&place=0"))
    assert "Kraj:" not in html
    assert "mozirje" in result_links(html)[0]


def test_an_unknown_place_is_a_clear_400(client, sample):
    response = client.get("/iskanje?q=pomoč&place=atlantida")
    assert response.status_code == 400 and "Neznan kraj" in text(response)


def test_near_me_keeps_help_at_home_without_an_address_at_the_top(client, sample):
    html = text(client.get("/iskanje?q=pomoč+na+domu&kraj=1420&radius_km=10"))
    assert result_links(html)[0] == "svc-du-trbovlje-pomoc-na-domu"


def test_one_card_per_service_of_many_units(client, sample):
    html = text(client.get("/iskanje?q=partner+mi+grozi"))
    links = result_links(html)
    family = [sid for sid in links if sid.startswith("svc-csd-") and sid.endswith("-varstvo")]
    assert len(family) == 1  # one card for the same service of twelve CSD units
    assert "tudi v 11 drugih enotah" in html  # the sample has twelve units
    assert html.count("<details class=\"other-units\">") >= 1


def test_the_unit_of_the_residents_place_leads_the_card(client, sample):
    for town, unit in (("Litija", "litija"), ("v Trbovljah", "trbovlje"), ("Kranj", "kranj")):
        html = text(client.get(f"/iskanje?q=prva+socialna+pomoč+{town}"))
        assert result_links(html)[0] == f"svc-csd-{unit}-storitve"
        assert "tudi v 11 drugih enotah" in html


def test_obcina_without_a_choice_offers_a_picker(client, sample):
    response = client.get("/obcina")
    assert response.status_code == 200 and '<select id="obcina" name="obcina" required>' in text(response)
    response = client.get("/obcina?obcina=atlantida")
    assert response.status_code == 404 and "Občine »atlantida« ne poznamo" in text(response)
    assert client.get("/obcina?obcina=trbovlje").headers["Location"].endswith("/obcina/trbovlje")


def test_near_me_by_the_devices_position_keeps_help_at_home_first(client, sample):
    """'Uporabi mojo lokacijo' in Trbovlje: the town's own home help, which has no point of its own,
    leads, with or without a distance limit."""
    for limit in ("", "&radius_km=10"):
        html = text(client.get(f"/iskanje?q=pomoč+na+domu&lat=46.1497&lon=15.0491{limit}"))
        assert result_links(html)[0] == "svc-du-trbovlje-pomoc-na-domu", limit
