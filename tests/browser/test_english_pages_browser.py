"""English pages: the directory's own Slovene texts (names, descriptions, addresses, hours, notes) are
marked lang="sl" wherever they show, so a screen reader reads them with a Slovene voice.

The test crawls the English pages of every public kind (results, service, organization, municipality,
region, kiosk, slips, report form, map popups) and checks each text node that is, or starts, a
directory text."""
import pytest
from playwright.sync_api import expect

from infotocka.extensions import db
from infotocka.models import Organization, Service

PAGES = [
    "/iskanje?q=dom+za+starej%C5%A1e+v+Litiji", "/iskanje?q=prva+socialna+pomo%C4%8D", "/iskanje?q=mo%C5%BE+me+tepe",
    "/iskanje?q=pomo%C4%8D&obcina=trbovlje", "/storitev/svc-csd-trbovlje-dsp", "/storitev/svc-test-varna-hisa",
    "/storitev/svc-tocka-starejse-svetovanje", "/storitev/svc-sos-telefon", "/storitev/svc-dom-tisje-enota-litija",
    "/izvajalec/org-csd-zasavje-trbovlje", "/izvajalec/org-dom-tisje", "/obcina/trbovlje", "/obcina/litija",
    "/regija/zasavska", "/storitev/svc-csd-trbovlje-dsp/prijavi-napako",
    "/listek?storitve=svc-sos-telefon,svc-csd-trbovlje-dsp&obcina=trbovlje",
    "/kiosk/trbovlje", "/kiosk/trbovlje/iskanje?potreba=starejsi", "/kiosk/trbovlje/iskanje?potreba=pravna-pomoc",
    "/kiosk/trbovlje/storitev/svc-csd-trbovlje-dsp", "/kiosk/trbovlje/storitev/svc-test-varna-hisa",
]
MIN_CHARS = 6  # shorter texts ("CSD", a postcode) say nothing about a language


def _texts(service: Service) -> set[str]:
    org = service.organization
    values = {service.name, service.description, service.easy_read, service.eligibility_description,
              service.application_process, service.fees_description, service.alert,
              org.name, org.short_name, org.description}
    values |= {s.description for s in service.schedules} | {p.description for p in service.phones}
    for location in service.locations:
        values |= {location.name, location.description, location.transportation}
        values |= {a.address_1 for a in location.addresses}
    return values


@pytest.fixture(scope="module")
def directory_texts(live_server) -> list[str]:
    """Every Slovene text of the served directory a page may show, longest first."""
    with live_server.app.app_context():
        found = set()
        for service in db.session.scalars(db.select(Service)):
            found |= _texts(service)
        for org in db.session.scalars(db.select(Organization)):
            found |= {o for o in (org.name, org.description, (org.extra or {}).get("x_unverified")) if o}
        db.session.remove()
    return sorted({t.strip() for t in found if t and len(t.strip()) >= MIN_CHARS}, key=len, reverse=True)


UNMARKED = """(texts) => {
    const bad = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const parent = node.parentElement;
        if (!parent || parent.closest('script, style, [hidden], noscript')) continue;
        const shown = node.textContent.replace(/\\s+/g, ' ').trim().replace(/(\\.\\.\\.|…)$/, '').trim();
        if (shown.length < 6) continue;
        const hit = texts.find(t => t === shown || (shown.length >= 20 && t.startsWith(shown)) || shown.includes(t));
        if (!hit) continue;
        const lang = (parent.closest('[lang]') || document.documentElement).getAttribute('lang');
        if (lang !== 'sl') bad.push(parent.tagName.toLowerCase() + '.' + parent.className + ': ' + shown.slice(0, 60));
    }
    return bad;
}"""


@pytest.mark.parametrize("url", PAGES)
def test_directory_texts_on_english_pages_are_marked_slovene(page, directory_texts, url):
    page.goto(url + ("&" if "?" in url else "?") + "lang=en")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    unmarked = page.evaluate(UNMARKED, directory_texts)
    assert not unmarked, f"{url}:\n" + "\n".join(unmarked)


def test_map_popups_on_english_pages_are_marked_slovene(page):
    page.goto("/storitev/svc-csd-trbovlje-dsp?lang=en")
    page.locator(".leaflet-marker-icon").first.click()
    link = page.locator(".leaflet-popup-content a").first
    expect(link).to_have_text("Denarna socialna pomoč in druge pravice iz javnih sredstev")
    assert link.evaluate("el => el.closest('[lang]').getAttribute('lang')") == "sl"


def test_the_crawl_does_catch_unmarked_text(page, directory_texts):
    """Guard against a check that finds nothing: an unmarked service name must be reported."""
    page.goto("/o-storitvi?lang=en")
    page.evaluate("name => { const p = document.createElement('p'); p.textContent = name;"
                  " document.querySelector('main').append(p); }", "Denarna socialna pomoč in druge pravice iz javnih sredstev")
    assert page.evaluate(UNMARKED, directory_texts)
