"""The kiosk in a real browser: guided flow, search box, slip, printing and the idle reset."""
import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

START = "/kiosk/trbovlje"


def history_length(page) -> int:
    return page.evaluate("history.length")


def add_first_to_slip(page) -> str:
    """Put the first result on the slip; return its name."""
    card = page.locator(".kiosk-card").first
    name = card.locator("h2 a").inner_text()
    card.get_by_role("button", name=re.compile("Dodaj na listek")).click()
    expect(card.get_by_role("button", name=re.compile("Odstrani z listka"))).to_be_visible()
    return name


def test_guided_flow_need_tile_to_detail(page, live_server, artifacts):
    page.goto(START)
    entries = history_length(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Kaj potrebujete?")
    assert page.locator("a[href*='prijava'], a[href*='urejanje']").count() == 0, "no login links in the kiosk"
    artifacts.screenshot(page, "kiosk-start.png", full_page=True)

    page.get_by_role("link", name=re.compile("^Starejši")).click()
    expect(page).to_have_url(re.compile(r"/kiosk/trbovlje/iskanje\?potreba=starejsi"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Starejši")
    assert page.locator(".kiosk-card").count() > 0
    artifacts.screenshot(page, "kiosk-results.png", full_page=True)

    first = page.locator(".kiosk-card h2 a").first
    name = first.inner_text()
    first.click()
    expect(page).to_have_url(re.compile(r"/kiosk/trbovlje/storitev/"))
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    expect(page.locator(".kiosk-takeaway svg.qr")).to_be_visible()
    artifacts.screenshot(page, "kiosk-detail.png", full_page=True)

    page.get_by_role("link", name="Nazaj", exact=True).click()
    expect(page).to_have_url(re.compile(r"potreba=starejsi"))
    assert history_length(page) == entries, "kiosk navigation replaces history entries instead of adding them"


def test_search_box_and_touch_targets(page):
    page.goto(START)
    box = page.get_by_label("Vpišite, kaj iščete")
    for attr, value in (("autocomplete", "off"), ("spellcheck", "false"), ("enterkeyhint", "search")):
        assert box.get_attribute(attr) == value
    box.fill("pomoč na domu")
    box.press("Enter")
    expect(page).to_have_url(re.compile(r"/kiosk/trbovlje/iskanje\?q=pomo"))
    expect(page.locator(".kiosk-total")).to_contain_text("Najden")
    assert page.locator(".kiosk-card").count() > 0
    sizes = page.eval_on_selector_all(
        "main a, main button, main input, header a, header button, footer button",
        "els => els.filter(e => e.offsetParent).map(e => [e.outerHTML.slice(0, 60), e.getBoundingClientRect().height])",
    )
    small = [(html, h) for html, h in sizes if h < 48]
    assert not small, f"touch targets under 48 px: {small}"


def test_slip_prints_one_a4_page_with_qr_codes(page, artifacts):
    page.goto(START + "/iskanje?potreba=starejsi")
    first = add_first_to_slip(page)
    page.locator(".kiosk-card").nth(1).get_by_role("button", name=re.compile("Dodaj na listek")).click()
    expect(page.locator("[data-kiosk-count]")).to_have_text("2")
    page.get_by_role("link", name=re.compile("Moj listek")).click()
    expect(page).to_have_url(re.compile(r"/kiosk/trbovlje/listek$"))
    expect(page.locator(".slip-entry")).to_have_count(2)
    expect(page.locator(".slip-entry h2").first).to_have_text(first)
    expect(page.get_by_role("button", name="Natisni listek")).to_be_visible()
    expect(page.locator(".slip-footer")).to_contain_text("03 56 52 100")

    page.emulate_media(media="print")
    qrs = page.locator(".slip-qr svg.qr")
    expect(qrs).to_have_count(2)
    for i in range(2):
        expect(qrs.nth(i)).to_be_visible()
    for hidden in (".kiosk-bar", ".kiosk-footer", "nav", "form", "[data-print]"):
        for i in range(page.locator(hidden).count()):
            expect(page.locator(hidden).nth(i)).to_be_hidden()
    expect(page.locator(".slip-footer")).to_be_visible()
    artifacts.screenshot(page, "kiosk-slip-print.png", full_page=True)
    pdf = page.pdf(format="A4", print_background=True)
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1, "the slip fits on one A4 page"
    page.emulate_media(media="screen")


def test_qr_code_links_to_the_public_page(page, live_server):
    page.goto(START + "/storitev/svc-sos-telefon")
    caption = page.locator(".kiosk-takeaway .qr-url")
    expect(caption).to_have_text(f"{live_server.url}/storitev/svc-sos-telefon")
    assert page.locator(".kiosk-takeaway svg.qr title").text_content()


def test_idle_reset_forgets_everything(page, live_config, still_clock):
    page.goto(START)
    start_url, entries = page.url, history_length(page)
    page.get_by_role("link", name=re.compile("^Starejši")).click()
    expect(page).to_have_url(re.compile("potreba=starejsi"))
    add_first_to_slip(page)
    expect(page.locator("[data-kiosk-count]")).to_have_text("1")
    page.get_by_role("button", name="Večja pisava").click()

    with live_config(KIOSK_IDLE_SECONDS=2):  # pages loaded from now on go idle after 2 s
        page.get_by_role("link", name=re.compile("Moj listek")).click()
        expect(page.locator(".slip-entry")).to_have_count(1)
        page.wait_for_load_state("domcontentloaded")  # the slip's idle timers are set
        still_clock.run_for(1_999)
        expect(page.locator("#kiosk-idle")).to_be_visible()  # a warning comes first
        expect(page).to_have_url(re.compile(r"/listek$"))
        still_clock.run_for(1)  # 2 s untouched
        expect(page).to_have_url(start_url)
        expect(page.get_by_role("heading", level=1)).to_have_text("Kaj potrebujete?")
        expect(page.get_by_label("Vpišite, kaj iščete")).to_have_value("")
        expect(page.locator("[data-kiosk-count]")).to_have_text("0")
        assert history_length(page) == entries, "nothing of the session to go back to"
        assert page.evaluate("document.documentElement.classList.contains('text-large')") is False

    page.goto(START + "/listek")
    expect(page.locator(".kiosk-empty")).to_be_visible()
    expect(page.locator(".slip-entry")).to_have_count(0)


def test_idle_reset_clears_typed_text(page, live_config, still_clock):
    with live_config(KIOSK_IDLE_SECONDS=2):
        page.goto(START + "/iskanje?potreba=denar")
        entries = page.evaluate("history.length")
        page.get_by_label("Vpišite, kaj iščete").fill("moj naslov in ime")
        still_clock.run_for(2_000)
        expect(page).to_have_url(re.compile(r"/kiosk/trbovlje$"))
        expect(page.get_by_label("Vpišite, kaj iščete")).to_have_value("")
        assert page.evaluate("history.length") == entries


def test_end_session_button_forgets_the_slip(page):
    page.goto(START + "/iskanje?potreba=denar")
    add_first_to_slip(page)
    page.get_by_role("button", name="Končaj in začni znova").click()
    expect(page).to_have_url(re.compile(r"/kiosk/trbovlje$"))
    expect(page.locator("[data-kiosk-count]")).to_have_text("0")
