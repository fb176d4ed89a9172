"""An editor fills in hours and areas with the new widgets, keyboard only, at 320 and 1280 px."""
import re

import pytest
from playwright.sync_api import expect

from .backoffice import assert_no_sideways_scroll, ensure_user, sign_in

pytestmark = pytest.mark.browser
SERVICE = "svc-csd-trbovlje-dsp"


@pytest.mark.parametrize("width", [320, 1280])
def test_editor_fills_in_hours_and_areas_with_the_keyboard(page, live_server, artifacts, width):
    from infotocka.extensions import db
    from infotocka.models import Revision

    page.set_viewport_size({"width": width, "height": 900})
    editor = ensure_user(live_server, f"urednik-obrazec-{width}@example.org", "editor")
    sign_in(page, editor)
    assert_no_sideways_scroll(page, "dashboard")
    page.goto(f"/urejanje/storitev/{SERVICE}/uredi")
    assert_no_sideways_scroll(page, "form")

    rows = page.locator(".schedule-row")
    count = rows.count()
    last = rows.nth(count - 1)  # the spare blank row
    last.get_by_label("pon–pet").press("Space")
    for day in ("pon", "tor", "sre", "čet", "pet"):
        expect(last.get_by_label(day, exact=True)).to_be_checked()
    last.get_by_label("Od", exact=True).fill("7.00")
    last.get_by_label("Do", exact=True).fill("12:00")

    page.get_by_role("button", name="Dodaj časovno obdobje").press("Enter")
    expect(rows).to_have_count(count + 1)
    added = rows.nth(count)
    expect(added.get_by_label("pon–pet")).to_be_focused()  # focus moves into the new row
    added.get_by_label("pon", exact=True).press("Space")
    added.get_by_label("Od", exact=True).fill("13")
    added.get_by_label("Do", exact=True).fill("15.30")

    search = page.get_by_label("Poišči občino")
    search.fill("hrastn")
    expect(page.locator("#obcina-najdenih")).to_have_text(re.compile("1"))
    hrastnik = page.get_by_label("Hrastnik", exact=True)
    expect(hrastnik).to_be_visible()
    expect(page.get_by_label("Trbovlje", exact=True)).to_be_hidden()
    hrastnik.press("Space")
    search.press("Enter")  # does not submit the form
    expect(page).to_have_url(re.compile(r"/uredi$"))
    assert_no_sideways_scroll(page, "form filled in")
    artifacts.screenshot(page, f"backoffice-form-{width}.png", full_page=True)
    artifacts.screenshot(page.locator("fieldset[data-list=schedules]"), f"backoffice-hours-{width}.png")
    artifacts.screenshot(page.locator(".area-picker"), f"backoffice-areas-{width}.png")

    page.get_by_role("button", name="Shrani in pošlji v potrditev").press("Enter")
    expect(page.locator(".flash-success")).to_be_visible()
    with live_server.app.app_context():
        revision = db.session.scalar(db.select(Revision).where(Revision.entity_id == SERVICE,
                                                               Revision.state == "pending"))
        # (the listing's office hours in words, a schedule without days, stay beside the new rows)
        hours = [(s.get("byday"), s.get("opens_at"), s.get("closes_at")) for s in revision.data["schedules"]]
        areas = {a["name"] for a in revision.data.get("service_areas", ())}
        revision.state = "superseded"  # leave the listing free for the next test
        db.session.commit()
        db.session.remove()
    assert ("MO,TU,WE,TH,FR", "07:00", "12:00") in hours and ("MO", "13:00", "15:30") in hours
    assert "Hrastnik" in areas


def test_form_errors_are_summarised_with_links_and_work_without_javascript(browser, live_server, base_url,
                                                                            artifacts):
    context = browser.new_context(java_script_enabled=False, base_url=base_url, locale="sl-SI",
                                  viewport={"width": 320, "height": 800})
    page = context.new_page()
    sign_in(page, ensure_user(live_server, "urednik-brez-js@example.org", "editor"))
    page.goto(f"/urejanje/storitev/{SERVICE}/uredi")
    expect(page.get_by_label("Poišči občino")).to_be_hidden()  # the search box needs JavaScript
    row = page.locator(".schedule-row").last
    row.get_by_label("pon–pet").check()
    row.get_by_label("Od", exact=True).fill("osem")
    page.get_by_label("Ime storitve").fill("")
    page.get_by_role("button", name="Shrani in pošlji v potrditev").click()
    summary = page.locator(".error-summary")
    expect(summary).to_contain_text("Vpišite ime storitve.")
    expect(summary).to_contain_text("Čas vpišite kot UU:MM")
    assert_no_sideways_scroll(page, "errors")
    artifacts.screenshot(page, "backoffice-form-errors-nojs.png", full_page=True)
    summary.get_by_role("link", name=re.compile("Ime storitve")).click()
    expect(page).to_have_url(re.compile("#name$"))
    rows = page.locator(".schedule-row").count()
    page.get_by_role("button", name="Dodaj časovno obdobje").click()  # a real submit without JavaScript
    expect(page.locator(".schedule-row")).to_have_count(rows + 1)
    context.close()
