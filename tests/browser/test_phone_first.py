"""Phone first: on a 360×740 phone the search box and the first result are visible without scrolling;
the emergency numbers are one compact sticky bar; no sticky bar covers the focused element."""
import pytest
from playwright.sync_api import expect

from .conftest import PHONE, block_outside


def _box(page, selector: str) -> dict:
    return page.locator(selector).first.bounding_box()


def test_search_box_and_first_result_above_the_fold(phone, artifacts):
    phone.goto("/iskanje?q=pomo%C4%8D+na+domu")
    artifacts.screenshot(phone, "phone-results.png")
    search = _box(phone, "input[name=q]")
    first = _box(phone, ".results-list .card-title")
    assert search["y"] + search["height"] <= PHONE["height"]
    assert first["y"] + first["height"] <= PHONE["height"], first


def test_home_search_box_above_the_fold(phone, artifacts):
    phone.goto("/")
    artifacts.screenshot(phone, "phone-home.png")
    search = _box(phone, "input[name=q]")
    assert search["y"] + search["height"] <= PHONE["height"] * 0.7


def test_emergency_bar_is_compact_sticky_and_expands(phone, artifacts):
    phone.goto("/iskanje?q=hrana")
    bar = phone.locator("section.emergency")
    assert bar.bounding_box()["height"] <= 60
    assert phone.locator(".emergency-quick a[href='tel:112']").is_visible()
    phone.evaluate("window.scrollTo(0, 1500)")
    assert phone.evaluate("window.scrollY") > 500
    assert bar.bounding_box()["y"] == 0  # still at the top after scrolling
    assert not phone.locator("section.emergency a[href='tel:0801155']").is_visible()
    phone.locator("section.emergency summary").click()
    assert phone.locator("section.emergency a[href='tel:0801155']").is_visible()
    artifacts.screenshot(phone, "phone-emergency-open.png")


def test_danger_pages_list_every_number_open(phone):
    phone.goto("/iskanje?skupina=zrtve-nasilja")
    assert phone.locator(".emergency-open a[href='tel:0801155']").is_visible()


def _focus_hidden_under_bars(page, key: str) -> list[str]:
    """Press `key` (Tab or Shift+Tab) through the page; return the focused elements that end up under any
    sticky or fixed bar (the emergency bar, "Hiter izhod")."""
    hidden = []
    for _ in range(60):
        page.keyboard.press(key)
        found = page.evaluate("""() => {
            const el = document.activeElement;
            if (!el || el === document.body) return null;
            const bars = [...document.querySelectorAll('body *')].filter(b => {
                const pos = getComputedStyle(b).position;
                return (pos === 'sticky' || pos === 'fixed') && b.getBoundingClientRect().height > 0; });
            if (bars.some(bar => bar.contains(el)) || el.classList.contains('skip-link')) return null;
            const box = el.getBoundingClientRect();
            if (box.height === 0) return null;
            const under = bars.filter(bar => { const r = bar.getBoundingClientRect();
                return box.top < r.bottom && box.bottom > r.top && box.left < r.right && box.right > r.left; });
            return under.length ? el.outerHTML.slice(0, 80) + ' at ' + JSON.stringify(box) + ' under '
                + under.map(b => b.className + JSON.stringify(b.getBoundingClientRect())).join(', ')
                + ' scrollY ' + window.scrollY : null;
        }""")
        if found:
            hidden.append(found)
    return hidden


# ordinary pages and danger pages (Hiter izhod and the open numbers above the content)
FOCUS_PAGES = ["/iskanje?q=pomo%C4%8D", "/obcina/trbovlje", "/iskanje?q=mo%C5%BE+me+tepe",
               "/storitev/svc-test-varna-hisa", "/iskanje?skupina=zrtve-nasilja"]


@pytest.mark.parametrize("url", FOCUS_PAGES)
@pytest.mark.parametrize("key", ["Tab", "Shift+Tab"])
def test_no_focused_element_is_hidden_under_a_sticky_bar(phone, url, key):
    phone.goto(url)
    if key == "Shift+Tab":
        phone.keyboard.press("End")  # start from the bottom and walk back up
        # Chromium scrolls to the end smoothly: let it arrive, or the scroll goes on under the focus
        phone.wait_for_function("() => Math.ceil(scrollY + innerHeight) >= document.documentElement.scrollHeight - 1")
    assert _focus_hidden_under_bars(phone, key) == []


def test_a_danger_page_keeps_112_and_the_quick_exit_in_sight_while_scrolling(phone, artifacts):
    phone.goto("/iskanje?q=mo%C5%BE+me+tepe")
    phone.mouse.wheel(0, 2500)
    expect(phone.locator("section.emergency")).to_be_in_viewport()
    phone.wait_for_function("window.scrollY > 500")
    artifacts.screenshot(phone, "phone-danger-scrolled.png")
    exit_box, bar = _box(phone, ".quick-exit"), _box(phone, "section.emergency")
    assert exit_box["y"] == 0 and bar["y"] >= exit_box["y"] + exit_box["height"] - 1  # stacked, not overlapping
    number = phone.locator("section.emergency a[href='tel:112']")
    point = number.bounding_box()
    on_top = phone.evaluate("([x, y]) => document.elementFromPoint(x, y).closest(\"a[href='tel:112']\") !== null",
                            [point["x"] + point["width"] / 2, point["y"] + point["height"] / 2])
    assert on_top, "112 is covered"


@pytest.mark.parametrize("url", ["/iskanje?q=hrana", "/iskanje?q=mo%C5%BE+me+tepe"])
def test_skip_link_shows_above_the_bars(phone, url):
    phone.goto(url)
    skip = phone.locator(".skip-link")
    for _ in range(2):  # on a danger page "Hiter izhod" comes first, then the skip link
        phone.keyboard.press("Tab")
        if skip.evaluate("el => el === document.activeElement"):
            break
    assert skip.evaluate("el => el === document.activeElement")
    box = skip.bounding_box()
    top = phone.evaluate("(() => { const r = document.querySelector('.skip-link').getBoundingClientRect();"
                         " return document.elementFromPoint(r.left + 5, r.top + 5).closest('.skip-link') !== null; })()")
    assert top and box["y"] >= 0


def test_more_numbers_keeps_clear_of_the_screens_edge(phone, artifacts):
    phone.goto("/iskanje?q=hrana")
    artifacts.screenshot(phone, "phone-emergency-bar.png", clip={"x": 0, "y": 0, "width": 360, "height": 60})
    summary = phone.locator("section.emergency summary")
    box = summary.bounding_box()
    assert PHONE["width"] - (box["x"] + box["width"]) >= 12, box  # a finger's margin, not flush with the edge
    assert summary.evaluate("el => el.scrollWidth <= el.clientWidth"), "the label overflows its control"


# every kind of public page, Slovene and English, the kiosk included
PUBLIC_320 = ["/", "/pokritost", "/iskanje?q=dom+za+starej%C5%A1e+v+Litiji", "/iskanje?q=prva+socialna+pomo%C4%8D",
              "/iskanje?q=mo%C5%BE+me+tepe", "/obcina/trbovlje", "/obcina", "/regija/zasavska",
              "/storitev/svc-csd-trbovlje-dsp", "/storitev/svc-test-varna-hisa", "/izvajalec/org-csd-zasavje-trbovlje",
              "/storitev/svc-csd-trbovlje-dsp/prijavi-napako", "/prijava", "/pozabljeno-geslo", "/za-izvajalce",
              "/o-storitvi", "/listek?storitve=svc-sos-telefon,svc-csd-trbovlje-dsp&obcina=trbovlje",
              "/kiosk/trbovlje", "/kiosk/trbovlje/iskanje?potreba=pravna-pomoc",
              "/kiosk/trbovlje/storitev/svc-csd-trbovlje-dsp", "/kiosk/trbovlje/listek",
              "/iskanje?q=pomo%C4%8D+na+domu&lang=en", "/storitev/svc-csd-trbovlje-dsp?lang=en"]


@pytest.mark.parametrize("url", PUBLIC_320)
def test_pages_reflow_at_320_px(browser, live_server, artifacts, url):
    context = browser.new_context(viewport={"width": 320, "height": 640}, base_url=live_server.url, locale="sl-SI")
    block_outside(context)
    page = context.new_page()
    page.goto(url)
    page.wait_for_load_state("load")
    name = url.strip("/").split("?")[0].replace("/", "-") or "home"
    artifacts.screenshot(page, f"w320-{name}.png", full_page=False)
    overflow = page.evaluate("document.documentElement.scrollWidth")
    wide = page.evaluate("""() => [...document.querySelectorAll('body *')]
        .filter(el => el.getBoundingClientRect().right > window.innerWidth + 0.5 && !el.closest('.cov-scroll') && !el.closest('.emergency-more:not([open])') && !el.closest('.leaflet-container'))
        .map(el => el.tagName + '.' + el.className + ' in ' + (el.closest('section,details,ul') || {}).className + ' r=' + Math.round(el.getBoundingClientRect().right)).slice(0, 8)""")
    context.close()
    assert overflow <= 320, f"{url} scrolls sideways: {overflow} px, {wide}"
