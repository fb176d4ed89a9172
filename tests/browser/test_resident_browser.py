"""Resident pages in a real browser: search with filters, a service page, language, keyboard only."""
import re

import pytest
from playwright.sync_api import expect

from .conftest import block_outside

pytestmark = pytest.mark.browser


def results_total(page) -> int:
    return int(re.search(r"\d+", page.locator(".results-count").inner_text()).group())


def test_search_with_filters_from_home(page, artifacts):
    page.goto("/")
    artifacts.screenshot(page, "home.png", full_page=True)
    page.locator(".hero").get_by_label("Kaj potrebujete?").fill("pomoč")
    page.locator(".hero").get_by_role("button", name="Išči").click()
    expect(page).to_have_url(re.compile(r"/iskanje\?q=pomo"))
    everything = results_total(page)
    assert everything > 0

    option = page.locator(".facet").filter(has_text="Komu je namenjeno").locator("a.facet-option").first
    option.click()
    expect(page).to_have_url(re.compile(r"skupina="))
    expect(page.locator(".facet-option[aria-current='true']")).to_have_count(1)
    narrowed = results_total(page)
    assert 0 < narrowed <= everything
    assert page.locator(".service-card").count() == min(narrowed, 20)
    artifacts.screenshot(page, "results.png", full_page=True)


def test_target_group_tile_and_municipality(page):
    page.goto("/")
    page.locator(".tiles").get_by_role("link", name="Starejši").click()
    expect(page).to_have_url(re.compile(r"skupina=starejsi"))
    page.get_by_text("Občina in bližina").click()  # folded away, so the first result fits a phone's screen
    page.get_by_label("Občina, v kateri živite").select_option("trbovlje")
    page.locator(".search-form").get_by_role("button", name="Išči").click()
    expect(page).to_have_url(re.compile(r"obcina=trbovlje"))
    expect(page).to_have_url(re.compile(r"skupina=starejsi"))
    assert results_total(page) > 0


def test_service_page(page, live_server, artifacts):
    page.goto("/storitev/svc-sos-telefon")
    expect(page.get_by_role("heading", level=1)).to_contain_text("SOS telefon")
    expect(page.locator(".phones")).to_contain_text("080 11 55")
    expect(page.get_by_role("button", name="Natisni")).to_be_visible()
    expect(page.get_by_role("button", name="Kopiraj povezavo")).to_be_visible()
    mail = page.get_by_role("link", name="Pošlji povezavo po e-pošti")
    assert mail.get_attribute("href").startswith("mailto:?subject=")
    assert "/storitev/svc-sos-telefon" in mail.get_attribute("href")
    expect(page.locator(".share .qr-url")).to_have_text(f"{live_server.url}/storitev/svc-sos-telefon")
    expect(page.locator(".share svg.qr")).to_be_visible()
    artifacts.screenshot(page, "service.png", full_page=True)

    page.emulate_media(media="print")
    expect(page.locator(".share svg.qr")).to_be_visible()
    expect(page.locator(".site-nav")).to_be_hidden()
    expect(page.get_by_role("button", name="Natisni")).to_be_hidden()
    page.emulate_media(media="screen")


def test_copy_link(page, context, live_server):
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto("/storitev/svc-sos-telefon")
    page.get_by_role("button", name="Kopiraj povezavo").click()
    expect(page.locator("[data-share-status]")).to_have_text("Povezava je kopirana.")


def test_public_slip_prints_with_qr(page, artifacts):
    page.goto("/listek?storitve=svc-sos-telefon,svc-csd-trbovlje-dsp&obcina=trbovlje")
    expect(page.locator(".slip-entry")).to_have_count(2)
    page.emulate_media(media="print")
    expect(page.locator(".slip-qr svg.qr").first).to_be_visible()
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.locator(".site-footer")).to_be_hidden()
    artifacts.screenshot(page, "slip-print.png", full_page=True)


def test_easy_read_comes_first(page):
    page.goto("/storitev/svc-test-varna-hisa")
    headings = page.locator("main h2").all_inner_texts()
    assert headings[0] == "Na kratko"
    expect(page.locator(".easy-read")).to_contain_text("lahko pri nas varno živite")


def test_language_switch(page):
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "sl"
    page.locator(".lang-switch").get_by_role("link", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator(".lang-switch a[aria-current='true']")).to_have_text("English")
    page.goto("/storitev/svc-sos-telefon")  # the choice is remembered
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.locator(".lang-switch").get_by_role("link", name="Slovenščina").click()
    expect(page.locator("html")).to_have_attribute("lang", "sl")
    expect(page.get_by_role("button", name="Natisni")).to_be_visible()


def test_display_switches_are_remembered(page):
    page.goto("/")
    larger = page.get_by_role("button", name="Večja pisava")
    larger.click()
    expect(larger).to_have_attribute("aria-pressed", "true")
    contrast = page.get_by_role("button", name="Visok kontrast")
    contrast.click()
    page.goto("/o-storitvi")
    expect(page.locator("html")).to_have_class(re.compile(r"\btext-large\b.*\bcontrast-high\b|\bcontrast-high\b.*\btext-large\b"))
    expect(page.get_by_role("button", name="Večja pisava")).to_have_attribute("aria-pressed", "true")
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(0, 0, 0)"
    page.get_by_role("button", name="Večja pisava").click()
    page.get_by_role("button", name="Visok kontrast").click()
    page.reload()
    expect(page.locator("html")).not_to_have_class(re.compile("text-large|contrast-high"))


def tab_until(page, condition: str, limit: int = 150) -> None:
    """Press Tab until document.activeElement satisfies the JS condition `el => ...`."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(el => !!el && ({condition})(el))(document.activeElement)"):
            return
    raise AssertionError(f"Tab never reached {condition}")


def focus_is_visible(page) -> bool:
    return page.evaluate("""() => { const s = getComputedStyle(document.activeElement);
        return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none'; }""")


def test_keyboard_only_from_home_to_service(page):
    page.goto("/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('skip-link')")
    page.keyboard.press("Enter")
    tab_until(page, "el => el.id === 'home-q'")
    assert focus_is_visible(page)
    page.keyboard.type("starejši")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/iskanje\?q=starej"))
    tab_until(page, "el => !!el.closest('.service-card .card-title')")
    assert focus_is_visible(page)
    name = page.evaluate("document.activeElement.textContent.trim()")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/storitev/"))
    expect(page.get_by_role("heading", level=1)).to_have_text(name)


@pytest.mark.parametrize("width,height", [(360, 740), (640, 360)])  # a phone; 1280x720 at 200 % zoom
def test_narrow_phone_and_zoom(browser, live_server, width, height):
    context = browser.new_context(viewport={"width": width, "height": height}, base_url=live_server.url,
                                  locale="sl-SI")
    block_outside(context)
    page = context.new_page()
    for url in ("/", "/iskanje?q=pomoč", "/storitev/svc-sos-telefon", "/kiosk/trbovlje", "/listek?storitve=svc-sos-telefon"):
        page.goto(url)
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 1, f"{url} scrolls sideways at {width} px ({overflow} px)"
    context.close()


def test_a_full_slip_still_fits_one_a4_page(page, artifacts):
    ids = ",".join(["svc-csd-trbovlje-dsp", "svc-sos-telefon", "svc-test-varna-hisa", "svc-csd-trbovlje-varstvo",
                    "svc-csd-kranj-varstvo", "svc-csd-jesenice-varstvo", "svc-csd-zalec-varstvo"])
    page.goto(f"/listek?storitve={ids}")
    expect(page.locator(".slip-entry")).to_have_count(6)  # at most six services per slip
    pdf = page.pdf(format="A4")
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1
    artifacts.save("slip-full.pdf", pdf)
    page.set_viewport_size({"width": 794, "height": 1123})
    page.emulate_media(media="print")
    artifacts.screenshot(page, "slip-full-print.png", full_page=True)
