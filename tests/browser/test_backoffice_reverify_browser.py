"""Staff send reminders from the freshness page; the editor's one-click link works once, without a login,
and a link that is too old says so."""
import re
from datetime import date

import pytest
from playwright.sync_api import expect

from .backoffice import ensure_user, fits_both_widths, mail, sign_in  # noqa: F401 - mail is a fixture

pytestmark = pytest.mark.browser
SERVICE = "svc-csd-trbovlje-dsp"


def _age(live_server, service_id):
    from infotocka.extensions import db
    from infotocka.models import Service
    with live_server.app.app_context():
        db.session.get(Service, service_id).assured_date = date(2020, 1, 1)
        db.session.commit()
        db.session.remove()


def _assured(live_server, service_id):
    from infotocka.extensions import db
    from infotocka.models import Service
    with live_server.app.app_context():
        value = db.session.get(Service, service_id).assured_date
        db.session.remove()
    return value


def test_one_click_link_works_once_and_expires(browser, page, live_server, base_url, live_config, artifacts, mail):
    editor = ensure_user(live_server, "urednik-opomnik@example.org", "editor")
    _age(live_server, SERVICE)
    sign_in(page, ensure_user(live_server, "osebje-opomnik@example.org", "staff"))
    page.goto("/urejanje/svezina")
    page.get_by_role("button", name="Pošlji opomnike urednikom").press("Enter")
    expect(page.locator(".flash-success")).to_contain_text("Poslanih opomnikov")
    text = next(t for m, t in zip(mail.messages, mail.texts()) if editor in m.rcpt_tos)
    edits = re.findall(r"Uredi: (\S+)", text)
    link = re.findall(r"Podatki so še točni: (\S+)", text)[
        [e.endswith(f"/storitev/{SERVICE}/uredi") for e in edits].index(True)]

    # the editor opens the link in a browser where nobody is signed in
    context = browser.new_context(base_url=base_url, locale="sl-SI", viewport={"width": 320, "height": 800})
    resident = context.new_page()
    resident.goto(link)
    expect(resident.get_by_role("heading", level=1)).to_contain_text("še točni")
    fits_both_widths(resident, "confirm page", artifacts, "backoffice-assure-link")
    assert _assured(live_server, SERVICE) == date(2020, 1, 1)  # opening the link changes nothing
    resident.get_by_role("button", name="Podatki so še točni").press("Enter")
    expect(resident.get_by_role("status")).to_contain_text("Hvala")
    assert _assured(live_server, SERVICE) == date.today()
    resident.goto(link)
    expect(resident.get_by_role("heading", level=1)).to_have_text("Povezava ne velja")

    _age(live_server, SERVICE)  # due again, as when the link was made
    with live_config(ASSURE_LINK_MAX_AGE=-1):  # ... but the link is now too old
        resident.goto(link)
        expect(resident.get_by_role("heading", level=1)).to_have_text("Povezava je potekla")
        fits_both_widths(resident, "expired link page")
    assert _assured(live_server, SERVICE) == date(2020, 1, 1)
    context.close()
