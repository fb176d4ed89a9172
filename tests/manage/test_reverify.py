"""Re-verification without a login: a signed one-click link in the reminder that works once and expires;
cadence by provider type; the freshness page's per-row and bulk action; reminders at most once a day."""
import re
from datetime import date, timedelta

import pytest

from infotocka.auth import tokens
from infotocka.extensions import db
from infotocka.models import AuditEntry, Service

from .test_freshness import _age, _all_pages


@pytest.fixture
def mailbox(app, smtp):
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp.port, MAIL_FROM="infotocka@example.si")
    return smtp


def _links(text: str, label: str) -> list[str]:
    return [re.sub(r"^https?://[^/]+", "", url) for url in re.findall(label + r": (\S+)", text)]


def _assure_link(text: str, service) -> str:
    """Return the one-click link of this listing (listed with its edit link)."""
    edits = _links(text, "Uredi")
    return _links(text, "Podatki so še točni")[edits.index(f"/urejanje/storitev/{service.id}/uredi")]


def _reminded(app, mailbox, service):
    _age(service.id, 800)
    result = app.test_cli_runner().invoke(args=["remind-stale", "--send"])
    assert result.exit_code == 0, result.output
    text = "\n".join(t for m, t in zip(mailbox.messages, mailbox.texts()) if "urednik@csd.si" in m.rcpt_tos)
    return text


def test_one_click_link_confirms_once_without_a_login(app, accounts, listings, mailbox):
    service, _ = listings
    text = _reminded(app, mailbox, service)
    link = _assure_link(text, service)
    client = app.test_client()  # nobody is signed in
    page = client.get(link)
    assert page.status_code == 200 and service.name in page.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Service, service.id).assured_date < date.today() - timedelta(days=700)  # GET changes nothing
    assert client.post(link).status_code == 200
    db.session.expire_all()
    assert db.session.get(Service, service.id).assured_date == date.today()
    entry = db.session.scalar(db.select(AuditEntry).where(AuditEntry.action == "assure"))
    assert entry.user_email == "urednik@csd.si"
    again = client.post(link)
    assert again.status_code == 404 and "že uporabljena" in again.get_data(as_text=True)


def test_one_click_link_expires(app, accounts, listings, mailbox, monkeypatch):
    service, _ = listings
    link = _assure_link(_reminded(app, mailbox, service), service)
    later = tokens.clock() + app.config["ASSURE_LINK_MAX_AGE"] + 60
    monkeypatch.setattr(tokens, "clock", lambda: later)
    response = app.test_client().post(link)
    assert response.status_code == 410 and "potekla" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Service, service.id).assured_date != date.today()


def test_forged_link_and_missing_csrf_are_refused(make_app, app, accounts, listings, mailbox):
    service, _ = listings
    link = _assure_link(_reminded(app, mailbox, service), service)
    assert app.test_client().get(link[:-3] + "abc").status_code == 404
    app.config["WTF_CSRF_ENABLED"] = True
    assert app.test_client().post(link).status_code == 400
    db.session.expire_all()
    assert db.session.get(Service, service.id).assured_date != date.today()


def test_remind_stale_sends_at_most_once_a_day(app, accounts, listings, mailbox):
    service, _ = listings
    _reminded(app, mailbox, service)
    first = len(mailbox.messages)
    assert first >= 1
    result = app.test_cli_runner().invoke(args=["remind-stale", "--send"])
    assert result.exit_code == 0 and "0 reminders sent" in result.output
    assert len(mailbox.messages) == first


def test_cadence_depends_on_the_provider_type(as_role, listings, app):
    csd, ngo = listings
    _age(csd.id, 200)
    _age(ngo.id, 200)  # an NGO: confirmed every 180 days by default
    staff = as_role("staff")
    page = _all_pages(staff)
    assert f'value="{ngo.id}"' in page and f'value="{csd.id}"' not in page
    app.config["STALE_AFTER_DAYS"] = 150
    assert f'value="{csd.id}"' in _all_pages(staff)


def test_freshness_page_confirms_one_row_or_the_selected_ones(as_role, listings):
    csd, ngo = listings
    _age(csd.id, 800)
    _age(ngo.id, 800)
    staff = as_role("staff")
    page = staff.get("/urejanje/svezina").get_data(as_text=True)
    assert "remind-stale" not in page  # no shell command for staff
    assert staff.post("/urejanje/svezina/potrdi", data={"one": csd.id, "selected": [ngo.id]}).status_code == 303
    db.session.expire_all()
    assert db.session.get(Service, csd.id).assured_date == date.today()
    assert db.session.get(Service, ngo.id).assured_date != date.today()  # only the row whose button was pressed
    assert staff.post("/urejanje/svezina/potrdi", data={"selected": [ngo.id]}).status_code == 303
    db.session.expire_all()
    assert db.session.get(Service, ngo.id).assured_date == date.today()
    assert as_role("editor").post("/urejanje/svezina/potrdi", data={"one": csd.id}).status_code == 403
