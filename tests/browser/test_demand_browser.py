"""The demand side in real Chromium: the coverage page's demand section, the printable report and the
staff tally render, work by keyboard and mouse, and have no serious or critical axe violations.
Screenshots go to test-artifacts/demand-*.png when asked (`make screenshots`)."""
import re
from datetime import date

import pytest
from playwright.sync_api import expect

from infotocka.demand.log import count
from infotocka.extensions import db
from infotocka.models import DemandCount

from .test_accessibility_browser import serious  # the same axe rules as every page

pytestmark = pytest.mark.browser

PAST = date(2025, 3, 10)  # a month no other browser test searches in
TRBOVLJE, HRASTNIK = 129, 34
STAFF_EMAIL, STAFF_PASSWORD = "osebje-povprasevanje@example.org", "dolgo-in-varno-geslo-43"


@pytest.fixture(scope="module")
def enquiries(live_server):
    """Seven searches about dementia in Trbovlje and three in Hrastnik, in March 2025 (no service in Zasavje)."""
    with live_server.app.app_context():
        if not db.session.scalar(db.select(DemandCount).where(DemandCount.day == PAST)):
            for _ in range(7):
                count(["demenca"], TRBOVLJE, "none", "web", PAST)
            for _ in range(3):
                count(["demenca"], HRASTNIK, "regional", "kiosk", PAST)
        db.session.remove()


def _clean(page, name, artifacts):
    page.wait_for_load_state("load")
    artifacts.screenshot(page, f"demand-{name}.png", full_page=True)
    found = serious(page)
    assert not found, f"{name}: " + "\n".join(found)


def test_the_coverage_page_shows_demand_beside_supply(page, enquiries, artifacts):
    page.goto("/pokritost?regija=zasavska&obdobje=2025-03#povprasevanje")
    section = page.locator("#povprasevanje")
    expect(section.get_by_role("heading", name="Povpraševanje in ponudba")).to_be_visible()
    row = section.locator("#dem-cells tr", has_text="Trbovlje").filter(has_text="Osebe z demenco")
    expect(row).to_contain_text("7")
    expect(row).to_contain_text("primanjkljaj: ni lokalne ne regionalne storitve")
    expect(section.locator("#dem-cells tr", has_text="Hrastnik")).to_contain_text("< 5")
    expect(section.locator("#dem-totals tr", has_text="Osebe z demenco")).to_contain_text("> 7")
    _clean(page, "coverage", artifacts)
    artifacts.screenshot(section, "demand-coverage-section.png")

    section.get_by_label("Obdobje").select_option("2025")  # the period picker, by its label
    section.get_by_role("button", name="Prikaži obdobje").press("Enter")
    expect(page).to_have_url(re.compile(r"obdobje=2025(&|#|$)"))
    expect(page.locator("#dem-totals tr", has_text="Osebe z demenco")).to_contain_text("> 7")


def test_the_printable_report_summarises_and_prints_clean(page, enquiries, artifacts):
    page.goto("/pokritost/povprasevanje/porocilo?regija=zasavska&obdobje=2025-03")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Zasavska")
    expect(page.locator(".dem-summary")).to_contain_text(
        "Poizvedbe po potrebi »Osebe z demenco«: > 7. V območju ni nobene lokalne ali regionalne")
    _clean(page, "report", artifacts)
    page.emulate_media(media="print")
    expect(page.locator("form.dem-form").first).to_be_hidden()
    expect(page.locator("#dem-cells")).to_be_visible()
    artifacts.screenshot(page, "demand-report-print.png", full_page=True)


@pytest.fixture(scope="module")
def staff(live_server):
    from infotocka.auth.passwords import hash_password
    from infotocka.models import User
    with live_server.app.app_context():
        if not db.session.scalar(db.select(User).where(User.email == STAFF_EMAIL)):
            db.session.add(User(email=STAFF_EMAIL, name="Osebje", role="staff",
                                password_hash=hash_password(STAFF_PASSWORD)))
            db.session.commit()
        db.session.remove()
    return STAFF_EMAIL


def test_staff_tally_an_enquiry_in_two_taps(page, live_server, staff, artifacts):
    page.goto("/prijava")
    page.locator("#email").fill(staff)
    page.locator("#password").fill(STAFF_PASSWORD)
    page.locator("main form").get_by_role("button", name="Prijava").click()
    page.goto("/urejanje/povprasevanje")
    page.get_by_label("Občina").select_option(label="Hrastnik")
    _clean(page, "tally", artifacts)
    page.get_by_role("checkbox", name="Brezdomci").check()  # tap one
    page.get_by_role("button", name="Napoteno izven regije").click()  # tap two
    expect(page.get_by_role("status")).to_contain_text("Poizvedba je zabeležena")
    with live_server.app.app_context():
        rows = db.session.execute(db.select(DemandCount.need, DemandCount.count).where(
            DemandCount.day == date.today(), DemandCount.channel == "desk",
            DemandCount.municipality == HRASTNIK)).all()
        db.session.remove()
    assert [tuple(r) for r in rows] == [("brezdomci", 1)]
