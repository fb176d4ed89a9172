"""What the search understood, on the results page, the kiosk and the API: chips, crisis help, quick exit."""
import re
from urllib.parse import quote_plus

from infotocka.search import SearchQuery, search

STORY = "mama je neozdravljivo bolna, rabimo pomoč na domu in nekoga za pogovor"
STORY_NEEDS = {"paliativna-oskrba", "pomoc-na-domu", "dusevno-zdravje"}
SUICIDE = "ne morem več, rad bi zaspal in se ne zbudil"
SUICIDE_LINES = {"svc-zaupni-telefon-116123", "svc-klic-v-dusevni-stiski"}


def html(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def chips(page: str) -> dict[str, bool]:
    """Return need code → switched on, for each chip on the page."""
    found = re.findall(r'class="understood-chip( understood-chip-off)?" href="[^"]*" data-need="([^"]+)"', page)
    return {code: not off for off, code in found}


def chip_url(page: str, code: str) -> str:
    return re.search(rf'href="([^"]*)" data-need="{code}"', page).group(1).replace("&amp;", "&")


def card_ids(page: str) -> list[str]:
    return re.findall(r'data-service-id="([^"]+)"', page)


def test_a_story_shows_its_needs_and_covers_them_in_the_first_five(client, directory):
    result = search(SearchQuery(text=STORY, per_page=5))
    assert STORY_NEEDS <= set(result.understood)
    from infotocka.directory.queries import services_by_ids
    covered = {t.code for s in services_by_ids(result.ids) for t in s.terms}
    assert STORY_NEEDS <= covered
    page = html(client, "/iskanje?q=" + quote_plus(STORY))
    assert "Razumeli smo:" in page and "Paliativna oskrba" in page and "Pomoč na domu" in page
    assert STORY_NEEDS <= {code for code, on in chips(page).items() if on}


def test_a_need_switched_off_stays_shown_and_stops_ranking(client, directory):
    page = html(client, "/iskanje?q=" + quote_plus(STORY))
    first = card_ids(page)[0]
    off = html(client, chip_url(page, "pomoc-na-domu"))
    assert chips(off)["pomoc-na-domu"] is False and chips(off)["paliativna-oskrba"] is True
    assert "Izključeno, vključi znova:" in off
    assert card_ids(off)[0] != first == "x-pomoc-na-domu-mb"
    back = html(client, chip_url(off, "pomoc-na-domu"))
    assert chips(back)["pomoc-na-domu"] is True and card_ids(back)[0] == first


def test_an_unknown_need_code_is_a_clear_400(client, directory):
    response = client.get("/iskanje?q=hrana&brez=ni-take-kode")
    assert response.status_code == 400 and "Izključene potrebe" in response.get_data(as_text=True)


def test_a_crisis_message_shows_help_numbers_quick_exit_and_lines_first(client, directory):
    page = html(client, "/iskanje?q=" + quote_plus(SUICIDE))
    assert "Niste sami" in page and 'href="tel:116123"' in page.split('id="krizna-pomoc"')[1]
    assert "Hiter izhod" in page
    assert set(card_ids(page)[:2]) == SUICIDE_LINES
    ordinary = html(client, "/iskanje?q=" + quote_plus("dom za starejše"))
    assert "Niste sami" not in ordinary and "Hiter izhod" not in ordinary


def test_the_kiosk_shows_the_same_chips_and_crisis_help(client, directory):
    page = html(client, "/kiosk/iskanje?q=" + quote_plus("partner mi grozi"))
    assert "Niste sami" in page and "080 11 55" in page and "Hiter izhod" in page
    assert re.findall(r'/kiosk/storitev/([^?"]+)', page)[0] == "svc-sos-telefon"
    story = html(client, "/kiosk/iskanje?q=" + quote_plus(STORY))
    assert STORY_NEEDS <= set(chips(story))
    off = html(client, chip_url(story, "paliativna-oskrba"))
    assert chips(off)["paliativna-oskrba"] is False and "/kiosk/iskanje" in chip_url(story, "paliativna-oskrba")


def test_the_api_puts_crisis_lines_first_and_says_what_it_understood(client, directory):
    body = client.get("/api/v1/services?search=" + quote_plus("he threatens to kill me") + "&per_page=3").get_json()
    assert body["contents"][0]["id"] == "svc-sos-telefon" and body["crisis"] == ["nasilje"]
    body = client.get("/api/v1/services?search=" + quote_plus(STORY)).get_json()
    assert STORY_NEEDS <= set(body["understood_needs"]) and body["crisis"] == []
