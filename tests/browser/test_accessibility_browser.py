"""axe-core (WCAG 2.1 A/AA rules) on the main pages: no serious or critical violations.
Screenshots of each scanned page go to test-artifacts/ when asked (`make screenshots`)."""
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

AXE = Axe()
OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]},
           "resultTypes": ["violations"]}
EDITOR_EMAIL = "urednica@example.org"
EDITOR_PASSWORD = "dolgo-in-varno-geslo-42"

PUBLIC_PAGES = {
    "home": "/",
    "results": "/iskanje?q=pomoč&skupina=starejsi",
    "service": "/storitev/svc-test-varna-hisa",
    "service-plain": "/storitev/svc-csd-trbovlje-dsp",
    "organization": "/izvajalec/org-csd-zasavje-trbovlje",
    "municipality": "/obcina/trbovlje",
    "kiosk": "/kiosk/trbovlje",
    "kiosk-results": "/kiosk/trbovlje/iskanje?potreba=starejsi",
    "kiosk-detail": "/kiosk/trbovlje/storitev/svc-test-varna-hisa",
    "results-crisis": "/iskanje?q=mo%C5%BE+me+tepe",
    "results-story": "/iskanje?q=neozdravljivo+bolna+pomo%C4%8D+na+domu+nekdo+za+pogovor&brez=pomoc-na-domu",
    "kiosk-crisis": "/kiosk/trbovlje/iskanje?q=nocem+vec+ziveti",
    "slip": "/listek?storitve=svc-sos-telefon,svc-csd-trbovlje-dsp",
    "login": "/prijava",
    "results-place": "/iskanje?q=dom+za+starej%C5%A1e+v+Litiji",  # place understood, CSD unit, collapsed units
    "results-units": "/iskanje?q=prva+socialna+pomo%C4%8D",
    "region": "/regija/zasavska",
    "kiosk-widened": "/kiosk/trbovlje/iskanje?potreba=pravna-pomoc",
    "joining": "/za-izvajalce",
    "results-place-error": "/iskanje?q=hrana&kraj=Atlantida",  # the error summary of the search form
    "results-en": "/iskanje?q=dom+za+starej%C5%A1e+v+Litiji&lang=en",
    "service-en": "/storitev/svc-csd-trbovlje-dsp?lang=en",
    "kiosk-en": "/kiosk/trbovlje/iskanje?potreba=starejsi&lang=en",
    "coverage": "/pokritost",  # the choropleth's municipalities are links inside the map
    "municipality-picker": "/obcina",
    "report-form": "/storitev/svc-csd-trbovlje-dsp/prijavi-napako",
    "kiosk-slip": "/kiosk/trbovlje/listek",
    "results-filtered": "/iskanje?q=pomo%C4%8D&lastnost=free",
}


def serious(page) -> list[str]:
    """Return the serious and critical axe violations of the page, one line each."""
    results = AXE.run(page, options=OPTIONS).response["violations"]
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — " + "; ".join(n["target"][0] for n in v["nodes"][:5])
        for v in results if v["impact"] in ("serious", "critical")
    ]


def scan(page, name: str, artifacts, switches: str = "") -> None:
    page.wait_for_load_state("load")
    artifacts.screenshot(page, f"axe-{name}{switches}.png", full_page=True)
    found = serious(page)
    assert not found, f"{name}{switches}: " + "\n".join(found)


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_public_page_has_no_serious_violations(page, name, artifacts):
    page.goto(PUBLIC_PAGES[name])
    scan(page, name, artifacts)


@pytest.mark.parametrize("name", ["home", "service", "kiosk"])
def test_display_modes_have_no_serious_violations(page, name, artifacts):
    page.goto(PUBLIC_PAGES[name])
    page.get_by_role("button", name="Visok kontrast").click()
    page.get_by_role("button", name="Večja pisava").click()
    scan(page, name, artifacts, "-contrast-large")
    page.evaluate("localStorage.clear()")


@pytest.fixture(scope="module")
def editor(live_server):
    """Create an editor of CSD Trbovlje directly in the served app's database."""
    from infotocka.auth.passwords import hash_password
    from infotocka.extensions import db
    from infotocka.models import Organization, User

    with live_server.app.app_context():
        if not db.session.scalar(db.select(User).where(User.email == EDITOR_EMAIL)):
            user = User(email=EDITOR_EMAIL, name="Urednica Testna", role="editor",
                        password_hash=hash_password(EDITOR_PASSWORD))
            user.organizations.append(db.session.get(Organization, "org-csd-zasavje-trbovlje"))
            db.session.add(user)
            db.session.commit()
        db.session.remove()
    return EDITOR_EMAIL


def test_editing_form_has_no_serious_violations(page, editor, artifacts):
    page.goto("/prijava")
    page.locator("#email").fill(editor)
    page.locator("#password").fill(EDITOR_PASSWORD)
    page.locator("main form").get_by_role("button", name="Prijava").click()
    expect(page).to_have_url(re.compile(r"/urejanje"))
    scan(page, "editing-dashboard", artifacts)
    page.goto("/urejanje/storitev/svc-csd-trbovlje-dsp/uredi")
    expect(page.locator("main form")).to_be_visible()
    scan(page, "editing-form", artifacts)


@pytest.mark.parametrize("url", ["/prijava", "/za-izvajalce"])
def test_forms_with_errors_have_no_serious_violations(page, url, artifacts):
    page.goto(url)
    page.locator("main form button[type=submit]").first.click()
    expect(page.locator(".error-summary")).to_be_focused()
    scan(page, "errors" + url.replace("/", "-"), artifacts)


def test_the_scan_does_catch_problems(page):
    """Guard against a silently broken scanner: a bad page must fail."""
    page.goto("/o-storitvi")
    page.evaluate("""() => {
        const input = document.createElement('input');
        document.querySelector('main').append(input);
        document.documentElement.removeAttribute('lang');
    }""")
    found = " ".join(serious(page))
    assert "label" in found and "html-has-lang" in found
