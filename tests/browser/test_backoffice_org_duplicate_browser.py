"""An organization entered twice is caught (on import, by its registration number) and merged on the duplicates
page with the keyboard: its service moves to the kept organization and its old address leads there."""
import re

import pytest
from openpyxl import Workbook
from playwright.sync_api import expect

from .backoffice import assert_no_sideways_scroll, ensure_user, sign_in
from .test_accessibility_browser import serious

pytestmark = pytest.mark.browser
KEPT = "org-csd-gorenjska-kranj"
REGISTRATION = "5055555000"


def _registered(live_server) -> str:
    """Give the kept organization its AJPES registration number; return its name."""
    from infotocka.extensions import db
    from infotocka.models import Organization
    with live_server.app.app_context():
        org = db.session.get(Organization, KEPT)
        org.extra = {**(org.extra or {}), "organization_identifiers": [
            {"identifier_type": "AJPES matična številka", "identifier": REGISTRATION}]}
        db.session.commit()
        name = org.name
        db.session.remove()
    return name


@pytest.mark.parametrize("width", [320, 1280])
def test_an_organization_entered_twice_is_caught_and_merged(page, live_server, artifacts, tmp_path, width):
    kept = _registered(live_server)
    again, service = f"Društvo CSD Kranj {width}", f"Svetovanje za svojce {width}"
    book = Workbook()
    for row in (["Organizacija", "Matična številka", "Storitev", "Opis", "Vrste pomoči"],
                [again, REGISTRATION, service, "Pogovor s svojci.", "informiranje-svetovanje"]):
        book.active.append(row)
    book.save(tmp_path / "kranj.xlsx")
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, ensure_user(live_server, f"osebje-dvojnik-{width}@example.org", "staff"))
    page.get_by_role("link", name="Uvoz preglednice").press("Enter")
    page.get_by_label("Datoteka CSV ali XLSX").set_input_files(tmp_path / "kranj.xlsx")
    page.get_by_role("button", name="Naloži in preveri").press("Enter")
    row = page.locator("#vrstica-2")
    expect(row).to_contain_text(f"Morda ta organizacija že obstaja: {kept} (enaka matična številka)")
    choice = row.get_by_label("Kaj naj naredimo z vrstico 2?")
    choice.focus()
    page.keyboard.press("ArrowDown")  # "not the same": the duplicate gets in, as it would by mistake
    expect(choice).to_have_value("new")
    page.get_by_role("button", name="Uvozi 1 vrstico brez napak").press("Enter")
    expect(page.get_by_role("status")).to_contain_text("Uvožena je 1 storitev.")

    page.get_by_role("link", name="Dvojniki").press("Enter")
    pair = page.locator(".report", has_text=again)
    expect(pair).to_contain_text("Zakaj: enaka matična številka")
    old = pair.get_by_role("link", name=again).get_attribute("href")
    assert_no_sideways_scroll(page, f"duplicates at {width}")
    assert not serious(page)
    artifacts.screenshot(page, f"backoffice-org-duplicate-{width}.png", full_page=True)
    pair.get_by_role("button", name=f"Ohrani »{kept}«, združi »{again}« vanjo").press("Enter")
    expect(page.locator(".flash-success")).to_contain_text("stari naslov vodi na ohranjeni vnos")
    expect(page.locator(".report", has_text=again)).to_have_count(0)

    page.goto(old)
    expect(page).to_have_url(re.compile(f"/izvajalec/{KEPT}$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(kept)
    expect(page.locator("main")).to_contain_text(service)  # the duplicate's service moved along
