"""Safety mode in a real browser: "Hiter izhod" and confidential locations."""
import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

NEUTRAL = re.compile(r"^https://www\.google\.com/search\?q=vreme")


def test_quick_exit_leaves_no_history(page, live_server):
    page.goto("/")
    page.goto("/storitev/svc-sos-telefon")
    entries = page.evaluate("history.length")
    button = page.get_by_role("link", name="Hiter izhod")
    expect(button).to_be_visible()
    button.click()
    expect(page).to_have_url(NEUTRAL)
    assert page.evaluate("history.length") == entries, "replaced, not added"
    page.go_back()
    expect(page).to_have_url(f"{live_server.url}/")  # the violence page is not in the history


def test_escape_twice_leaves(page, live_server):
    page.goto("/")
    page.goto("/iskanje?target_group=zrtve-nasilja")  # an old-name link (params.OLD_NAMES) still counts
    expect(page.get_by_role("link", name="Hiter izhod")).to_be_visible()
    page.keyboard.press("Escape")
    expect(page).to_have_url(re.compile(r"/iskanje"))  # one press is not enough
    page.keyboard.press("Escape")
    expect(page).to_have_url(NEUTRAL)
    page.go_back()
    expect(page).to_have_url(f"{live_server.url}/")


def test_quick_exit_is_first_in_tab_order(page):
    page.goto("/storitev/svc-test-varna-hisa")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Hiter izhod"


def test_quick_exit_only_on_violence_pages(page):
    for url in ("/", "/storitev/svc-csd-trbovlje-dsp", "/kiosk/trbovlje"):
        page.goto(url)
        expect(page.get_by_role("link", name="Hiter izhod")).to_have_count(0)
    for url in ("/storitev/svc-test-varna-hisa", "/kiosk/trbovlje/iskanje?potreba=nasilje",
                "/izvajalec/org-sos-telefon", "/iskanje?q=nasilje"):
        page.goto(url)
        expect(page.get_by_role("link", name="Hiter izhod")).to_be_visible()


def test_kiosk_quick_exit_returns_to_a_clean_start(page, live_server):
    """A kiosk must not end up on an outside site: its neutral page is its own start screen."""
    page.goto("/kiosk/trbovlje")
    entries = page.evaluate("history.length")
    page.get_by_role("link", name=re.compile("^Nasilje")).click()
    page.locator(".kiosk-card").first.get_by_role("button", name=re.compile("Dodaj na listek")).click()
    expect(page.locator("[data-kiosk-count]")).to_have_text("1")
    page.get_by_role("link", name="Hiter izhod").click()
    expect(page).to_have_url(f"{live_server.url}/kiosk/trbovlje")
    expect(page.locator("[data-kiosk-count]")).to_have_text("0")
    assert page.evaluate("history.length") == entries


def test_confidential_location_shows_no_address_or_pin(page):
    for url in ("/storitev/svc-test-varna-hisa", "/kiosk/trbovlje/storitev/svc-test-varna-hisa",
                "/listek?storitve=svc-test-varna-hisa", "/iskanje?q=varna+hiša", "/obcina/trbovlje"):
        page.goto(url)
        assert "Skrivna ulica" not in page.content(), url
        assert "46.1523" not in page.content(), url
    page.goto("/storitev/svc-test-varna-hisa")
    expect(page.locator("main")).to_contain_text("041 555 123")
    expect(page.locator(".leaflet-marker-icon")).to_have_count(0)
