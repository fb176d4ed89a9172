""""Za izvajalce": a new organization asks to join, a listed one asks for editor access; nothing exists before
staff approve; approval creates the organization and the account and mails the invitation."""
import re

from infotocka.extensions import db
from infotocka.models import JoinRequest, Organization, User

from .conftest import ORG_A

JOIN = {"nova-organization_name": "Društvo Sončnica Hrastnik", "nova-message": "Družabništvo za starejše.",
        "nova-contact_name": "Mojca Novak", "nova-email": "Mojca@Soncnica.si", "nova-phone": "041 123 456"}


def test_public_site_links_to_the_providers_page(app, listings):
    client = app.test_client()
    assert 'href="/za-izvajalce"' in client.get("/").get_data(as_text=True)
    page = client.get("/za-izvajalce").get_data(as_text=True)
    assert "Vaše organizacije še ni v imeniku?" in page and "Center za socialno delo" in page


def test_new_organization_joins_after_staff_approve(app, listings, as_role, smtp):
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp.port)
    response = app.test_client().post("/za-izvajalce/pridruzitev", data=JOIN)
    assert response.status_code == 200 and "prošnja je poslana" in response.get_data(as_text=True)
    assert db.session.scalar(db.select(User).where(User.email == "mojca@soncnica.si")) is None  # no account yet
    assert db.session.scalar(db.select(Organization).where(Organization.name.like("%Sončnica%"))) is None
    assert smtp.messages == []
    staff = as_role("staff")
    request = db.session.scalar(db.select(JoinRequest))
    assert "Društvo Sončnica Hrastnik" in staff.get("/urejanje/pridruzitve").get_data(as_text=True)
    assert staff.post(f"/urejanje/pridruzitve/{request.id}/odobri").status_code == 303
    db.session.expire_all()
    user = db.session.scalar(db.select(User).where(User.email == "mojca@soncnica.si"))
    assert user.role == "editor" and [o.name for o in user.organizations] == ["Društvo Sončnica Hrastnik"]
    assert user.password_hash is None  # the invitation sets it
    assert smtp.messages[0].rcpt_tos == ["mojca@soncnica.si"] and "/povabilo/" in smtp.texts()[0]
    invitation = re.search(r"http://\S+(/povabilo/\S+)", smtp.texts()[0]).group(1)
    assert app.test_client().get(invitation).status_code == 200


def test_listed_organization_asks_for_editor_access(app, listings, as_role):
    data = {"dostop-organization": ORG_A, "dostop-contact_name": "Ana Kos", "dostop-email": "ana@csd.si"}
    assert app.test_client().post("/za-izvajalce/dostop", data=data).status_code == 200
    request = db.session.scalar(db.select(JoinRequest))
    response = as_role("staff").post(f"/urejanje/pridruzitve/{request.id}/odobri")
    assert response.status_code == 200 and "/povabilo/" in response.get_data(as_text=True)  # no SMTP: link shown
    db.session.expire_all()
    user = db.session.scalar(db.select(User).where(User.email == "ana@csd.si"))
    assert [o.id for o in user.organizations] == [ORG_A]


def test_bad_requests_get_slovene_messages_and_store_nothing(app, listings):
    client = app.test_client()
    response = client.post("/za-izvajalce/pridruzitev", data={**JOIN, "nova-email": "ni-naslov",
                                                              "nova-organization_name": ""})
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "E-naslov ni veljaven." in page and "Vpišite ime organizacije." in page
    assert "Družabništvo za starejše." in page  # what was typed is kept
    response = client.post("/za-izvajalce/dostop", data={"dostop-organization": "org-ne-obstaja",
                                                         "dostop-contact_name": "X", "dostop-email": "x@x.si"})
    assert response.status_code == 400
    client.post("/za-izvajalce/pridruzitev", data={**JOIN, "nova-website": "http://spam"})  # the honeypot
    assert db.session.scalar(db.select(db.func.count()).select_from(JoinRequest)) == 0


def test_only_staff_decide_and_a_rejected_request_creates_nothing(app, listings, as_role):
    app.test_client().post("/za-izvajalce/pridruzitev", data=JOIN)
    request = db.session.scalar(db.select(JoinRequest))
    assert as_role("editor").post(f"/urejanje/pridruzitve/{request.id}/odobri").status_code == 403
    assert as_role("staff").post(f"/urejanje/pridruzitve/{request.id}/zavrni").status_code == 303
    db.session.expire_all()
    assert db.session.get(JoinRequest, request.id).state == "rejected"
    assert db.session.scalar(db.select(User).where(User.email == "mojca@soncnica.si")) is None


def test_joining_is_rate_limited(make_app):  # its own app (on PostgreSQL a second app resets the schema)
    app = make_app(RATELIMIT_ENABLED=True, JOIN_RATE_LIMIT="2 per hour")
    client = app.test_client()
    codes = [client.post("/za-izvajalce/pridruzitev", data=JOIN).status_code for _ in range(3)]
    assert codes == [200, 200, 429]


def test_a_request_from_an_organization_already_listed_can_join_the_listed_one(app, listings, as_role):
    org = db.session.get(Organization, ORG_A)
    app.test_client().post("/za-izvajalce/pridruzitev", data={**JOIN, "nova-organization_name": org.name})
    request = db.session.scalar(db.select(JoinRequest))
    staff = as_role("staff")
    page = staff.get("/urejanje/pridruzitve").get_data(as_text=True)
    assert "Morda ta organizacija že obstaja" in page and f'name="existing" value="{ORG_A}"' in page
    organizations = db.session.scalar(db.select(db.func.count()).select_from(Organization))
    assert staff.post(f"/urejanje/pridruzitve/{request.id}/odobri", data={"existing": ORG_A}).status_code in (200, 303)
    db.session.expire_all()
    user = db.session.scalar(db.select(User).where(User.email == "mojca@soncnica.si"))
    assert [o.id for o in user.organizations] == [ORG_A]
    assert db.session.scalar(db.select(db.func.count()).select_from(Organization)) == organizations


def test_join_and_access_requests_without_a_csrf_token_are_refused_and_store_nothing(app, listings):
    app.config["WTF_CSRF_ENABLED"] = True
    client = app.test_client()
    access = {"dostop-organization": ORG_A, "dostop-contact_name": "Mojca Novak", "dostop-email": "mojca@csd.si"}
    for url, data in (("/za-izvajalce/pridruzitev", JOIN), ("/za-izvajalce/dostop", access)):
        response = client.post(url, data=data)
        assert response.status_code == 400, url
        assert "prošnja je poslana" not in response.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count()).select_from(JoinRequest)) == 0
    token = re.search(r'name="nova-csrf_token" type="hidden" value="([^"]+)"',
                      client.get("/za-izvajalce").get_data(as_text=True))
    response = client.post("/za-izvajalce/pridruzitev", data={**JOIN, "nova-csrf_token": token.group(1)})
    assert response.status_code == 200 and "prošnja je poslana" in response.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count()).select_from(JoinRequest)) == 1  # the token was all it lacked
