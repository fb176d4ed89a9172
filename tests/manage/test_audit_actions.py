"""Moderation decisions, resolved reports and account actions leave an audit entry staff can see."""
from infotocka.extensions import db
from infotocka.audit import metadata_for
from infotocka.models import AuditEntry, ProblemReport, Revision

from .conftest import PASSWORD, edit_data, login


def _entries(**where) -> list[AuditEntry]:
    query = db.select(AuditEntry).filter_by(**where).order_by(AuditEntry.id)
    return db.session.scalars(query).all()


def _propose(editor, service, name: str) -> Revision:
    editor.post(f"/urejanje/storitev/{service.id}/uredi", data=edit_data(service, name=name))
    return db.session.scalar(db.select(Revision).where(Revision.entity_id == service.id,
                                                       Revision.state == "pending"))


def test_reject_and_withdraw_are_audited_and_shown_in_the_history(as_role, listings):
    service, _ = listings
    editor, staff = as_role("editor"), as_role("staff")
    rejected = _propose(editor, service, "Napačno ime")
    staff.post(f"/urejanje/predlog/{rejected.id}/zavrni", data={"comment": "Ime naj ostane uradno."})
    withdrawn = _propose(editor, service, "Drugo ime")
    assert editor.post(f"/urejanje/predlog/{withdrawn.id}/umakni").status_code == 302
    db.session.expire_all()
    entries = _entries(entity="service", entity_id=service.id)
    assert [(e.action, e.user_email, e.revision_id) for e in entries] == [
        ("reject", "staff@infotocka.si", rejected.id), ("withdraw", "urednik@csd.si", withdrawn.id)]
    assert entries[0].new_value == "Ime naj ostane uradno."
    history = staff.get(f"/urejanje/storitev/{service.id}/zgodovina").get_data(as_text=True)
    assert "Predlog zavrnjen" in history and "Predlog umaknjen" in history and "Ime naj ostane uradno." in history
    assert metadata_for(service.id) == []  # decisions are internal: not in the HSDS export


def test_resolving_a_report_is_audited_without_its_text(app, as_role, listings):
    service, _ = listings
    report = ProblemReport(service_id=service.id, topic="phone", message="Ana Novak, 031 000 000")
    db.session.add(report)
    db.session.commit()
    staff = as_role("staff")
    assert staff.post(f"/urejanje/prijave/{report.id}/resi").status_code == 302
    [entry] = _entries(entity="service", entity_id=service.id)
    assert (entry.action, entry.user_email, entry.old_value) == ("resolve", "staff@infotocka.si",
                                                                 {"id": report.id, "topic": "phone"})
    assert "Ana Novak" not in str(entry.old_value) + str(entry.new_value)
    assert "Prijava napake rešena" in staff.get(f"/urejanje/storitev/{service.id}/zgodovina").get_data(as_text=True)


def test_account_actions_are_audited_and_listed_for_staff(app, as_role, accounts):
    admin = as_role("admin")
    response = admin.post("/urejanje/uporabniki", data={"email": "nova@csd.si", "role": "staff"})
    assert response.status_code == 200
    invited = db.session.scalar(db.select(AuditEntry.entity_id).where(AuditEntry.action == "invite"))
    created = _entries(entity="user", entity_id=invited, action="create")
    assert {(e.field, e.new_value, e.user_email) for e in created} == {
        ("email", "nova@csd.si", "admin@infotocka.si"), ("role", "staff", "admin@infotocka.si")}
    editor = accounts["editor"]
    admin.post(f"/urejanje/uporabniki/{editor.id}/ponastavitev")
    [reset] = _entries(entity="user", entity_id=str(editor.id), action="reset")
    assert (reset.user_email, reset.new_value) == ("admin@infotocka.si", "unsent")  # no SMTP: never shown

    from infotocka.auth.operations import set_password
    set_password(editor, PASSWORD)
    [changed] = _entries(entity="user", entity_id=str(editor.id), action="password")
    assert changed.user_email == editor.email

    page = admin.get("/urejanje/uporabniki").get_data(as_text=True)
    assert "Zadnja dejanja z računi" in page and "Povezava za novo geslo" in page and "prikazano osebju" in page
    assert "ni poslano (e-pošta ne deluje)" in page


def test_auth_pages_are_never_cached(app, accounts):
    from infotocka.auth.operations import link_for
    from infotocka.auth.tokens import INVITE, RESET
    client = app.test_client()
    invited = accounts["editor"]
    for url in ("/prijava", link_for(RESET, invited), link_for(INVITE, invited)):
        response = client.get(url)
        assert response.headers["Cache-Control"] == "no-store", url
    assert login(client, invited.email).headers["Cache-Control"] == "no-store"
