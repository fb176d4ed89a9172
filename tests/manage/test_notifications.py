"""People are told: the editor on approval (with a link) and rejection (with the staff message), the
organization's editors when a report arrives; a report is closed with a note. Mail goes to a local SMTP server."""
import re
from urllib.parse import urlsplit

import pytest

from infotocka.extensions import db
from infotocka.models import AuditEntry, ProblemReport, Revision

from .conftest import edit_data


@pytest.fixture
def mailbox(app, smtp):
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp.port, MAIL_FROM="infotocka@example.si")
    return smtp


def _propose(as_role, service, **changes):
    editor = as_role("editor")
    assert editor.post(f"/urejanje/storitev/{service.id}/uredi", data=edit_data(service, **changes)).status_code == 302
    return db.session.scalar(db.select(Revision).where(Revision.state == "pending"))


def test_editor_is_mailed_a_link_when_the_change_is_approved(as_role, listings, mailbox, app):
    service, _ = listings
    revision = _propose(as_role, service, name="Odobreno ime")
    assert not mailbox.messages  # nothing is sent for a proposal
    assert as_role("staff").post(f"/urejanje/predlog/{revision.id}/odobri").status_code == 302
    assert [m.rcpt_tos for m in mailbox.messages] == [["urednik@csd.si"]]
    text = mailbox.texts()[0]
    assert "Odobreno ime" in text and "odobrilo" in text
    link = re.search(r"(http://\S+)", text).group(1)
    path = urlsplit(link).path  # an absolute link from BASE_URL
    assert path == f"/storitev/{service.id}"
    assert "Odobreno ime" in app.test_client().get(path).get_data(as_text=True)


def test_editor_is_mailed_the_staff_message_when_the_change_is_rejected(as_role, listings, mailbox):
    service, _ = listings
    revision = _propose(as_role, service, name="Zavrnjeno ime")
    response = as_role("staff").post(f"/urejanje/predlog/{revision.id}/zavrni",
                                     data={"comment": "Telefonska številka ni pravilna, preverite jo."})
    assert response.status_code == 302
    assert [m.rcpt_tos for m in mailbox.messages] == [["urednik@csd.si"]]
    text = mailbox.texts()[0]
    assert "Telefonska številka ni pravilna, preverite jo." in text
    assert f"/urejanje/predlog/{revision.id}" in text


def test_a_report_is_mailed_to_the_organizations_editors_without_the_residents_contact(app, listings,
                                                                                      accounts, mailbox):
    service, other = listings
    response = app.test_client().post(f"/storitev/{service.id}/prijavi-napako", data={
        "topic": "hours", "message": "Ob petkih je zaprto.", "contact": "ana@example.si"})
    assert response.status_code == 200
    assert [m.rcpt_tos for m in mailbox.messages] == [["urednik@csd.si"]]  # not the other organization's editor
    text = mailbox.texts()[0]
    assert "Napačen delovni čas" in text and "Ob petkih je zaprto." in text
    assert f"/urejanje/storitev/{service.id}/uredi" in text
    assert "ana@example.si" not in text


def test_a_failing_mail_server_does_not_undo_the_decision(as_role, listings, app, mailbox):
    service, _ = listings
    revision = _propose(as_role, service, name="Ime brez pošte")
    app.config["MAIL_PORT"] = 1  # nothing listens there
    assert as_role("staff").post(f"/urejanje/predlog/{revision.id}/odobri").status_code == 302
    db.session.expire_all()
    assert db.session.get(Revision, revision.id).state == "approved"


def test_report_links_to_the_edit_form_and_is_closed_with_a_note(app, listings, as_role):
    service, _ = listings
    app.test_client().post(f"/storitev/{service.id}/prijavi-napako",
                           data={"topic": "phone", "message": "Številka ne deluje."})
    report = db.session.scalar(db.select(ProblemReport))
    staff = as_role("staff")
    page = staff.get("/urejanje/prijave").get_data(as_text=True)
    assert f'href="/urejanje/storitev/{service.id}/uredi"' in page
    response = staff.post(f"/urejanje/prijave/{report.id}/resi", data={"note": "Številko smo popravili."})
    assert response.status_code == 302
    db.session.expire_all()
    closed = db.session.get(ProblemReport, report.id)
    assert not closed.is_open and closed.resolution_note == "Številko smo popravili."
    entry = db.session.scalar(db.select(AuditEntry).where(AuditEntry.action == "resolve"))
    assert entry.new_value == "Številko smo popravili."
    assert "Številko smo popravili." in staff.get(f"/urejanje/storitev/{service.id}/zgodovina").get_data(as_text=True)


def test_a_too_long_note_keeps_the_report_open(app, listings, as_role):
    service, _ = listings
    app.test_client().post(f"/storitev/{service.id}/prijavi-napako",
                           data={"topic": "phone", "message": "Številka ne deluje."})
    report = db.session.scalar(db.select(ProblemReport))
    response = as_role("staff").post(f"/urejanje/prijave/{report.id}/resi", data={"note": "x" * 2001},
                                     follow_redirects=True)
    assert "Največ 2000 znakov." in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(ProblemReport, report.id).is_open
