"""What the search understood, in a real browser: need chips that switch off without JavaScript,
and crisis help (numbers, quick exit) on a 360 px phone."""
import re
from urllib.parse import quote_plus

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

STORY = "mama je neozdravljivo bolna, rabimo pomoč na domu in nekoga za pogovor"
CRISIS = "ne morem več, rad bi zaspal in se ne zbudil"


def test_need_chips_render_and_switch_off_by_keyboard(page):
    page.goto("/iskanje?q=" + quote_plus(STORY))
    chips = page.locator("[data-understood]")
    expect(chips).to_contain_text("Razumeli smo:")
    for label in ("Paliativna oskrba", "Pomoč na domu"):
        expect(page.get_by_role("link", name=f"Izključi potrebo: {label}")).to_be_visible()
    page.get_by_role("link", name="Izključi potrebo: Pomoč na domu").focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"brez=pomoc-na-domu"))
    switched = page.get_by_role("link", name="Izključeno, vključi znova: Pomoč na domu")
    expect(switched).to_be_visible()
    expect(page.get_by_role("link", name="Izključi potrebo: Paliativna oskrba")).to_be_visible()
    switched.click()
    expect(page).not_to_have_url(re.compile(r"brez="))
    expect(page.get_by_role("link", name="Izključi potrebo: Pomoč na domu")).to_be_visible()


def test_the_kiosk_shows_the_same_chips(page):
    page.goto("/kiosk/trbovlje/iskanje?q=" + quote_plus(STORY))
    expect(page.get_by_role("link", name="Izključi potrebo: Paliativna oskrba")).to_be_visible()
    page.get_by_role("link", name="Izključi potrebo: Paliativna oskrba").click()
    expect(page).to_have_url(re.compile(r"/kiosk/trbovlje/iskanje\?.*brez=paliativna-oskrba"))
    expect(page.get_by_role("link", name="Izključeno, vključi znova: Paliativna oskrba")).to_be_visible()


@pytest.mark.parametrize("url", ["/iskanje?q=", "/kiosk/trbovlje/iskanje?q="])
def test_a_crisis_message_on_a_360_px_phone(browser, live_server, url):
    context = browser.new_context(viewport={"width": 360, "height": 740}, base_url=live_server.url, locale="sl-SI")
    context.route(re.compile(r"^(?!http://127\.0\.0\.1[:/]).*"), lambda route: route.abort())
    page = context.new_page()
    page.goto(url + quote_plus(CRISIS))
    expect(page.get_by_role("link", name="Hiter izhod")).to_be_in_viewport()
    help_box = page.locator("[data-crisis]")
    expect(help_box.get_by_role("heading")).to_have_text("Niste sami. Pomoč je na voljo takoj.")
    number = help_box.locator('a[href="tel:116123"]')
    number.scroll_into_view_if_needed()
    expect(number).to_be_visible()
    expect(number).to_contain_text("116 123")
    box = number.bounding_box()
    assert box["height"] >= 44 and box["x"] >= 0 and box["x"] + box["width"] <= 360
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 1, f"{url} scrolls sideways at 360 px ({overflow} px)"
    context.close()
