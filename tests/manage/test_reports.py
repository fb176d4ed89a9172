""""Prijavi napako": CSRF-protected, rate-limited, honeypot; reports reach staff and the listing's editors."""
import re

from infotocka.extensions import db
from infotocka.models import ProblemReport

REPORT = {"topic": "phone", "message": "Telefonska številka ne deluje več.", "contact": "ana@example.si"}


def test_public_page_links_to_the_report_form(app, listings):
    service, _ = listings
    page = app.test_client().get(f"/storitev/{service.id}").get_data(as_text=True)
    assert f"/storitev/{service.id}/prijavi-napako" in page


def test_report_reaches_staff_queue_and_the_listing_editors(app, listings, as_role):
    service, _ = listings
    client = app.test_client()
    form = client.get(f"/storitev/{service.id}/prijavi-napako")
    assert form.status_code == 200 and 'class="hp"' in form.get_data(as_text=True)
    response = client.post(f"/storitev/{service.id}/prijavi-napako", data=REPORT)
    assert response.status_code == 200 and "Hvala" in response.get_data(as_text=True)
    report = db.session.scalar(db.select(ProblemReport))
    assert (report.service_id, report.topic, report.contact) == (service.id, "phone", "ana@example.si")

    staff_page = as_role("staff").get("/urejanje/prijave").get_data(as_text=True)
    assert "Telefonska številka ne deluje več." in staff_page and "ana@example.si" in staff_page
    assert "Telefonska številka ne deluje več." in as_role("editor").get("/urejanje/").get_data(as_text=True)
    assert "Telefonska številka ne deluje več." not in as_role("editor_b").get("/urejanje/").get_data(as_text=True)

    assert as_role("editor").post(f"/urejanje/prijave/{report.id}/resi").status_code == 302
    db.session.expire_all()
    assert not db.session.get(ProblemReport, report.id).is_open
    assert "Telefonska številka" not in as_role("staff").get("/urejanje/prijave").get_data(as_text=True)


def test_report_needs_topic_and_message_with_slovene_errors(app, listings):
    service, _ = listings
    response = app.test_client().post(f"/storitev/{service.id}/prijavi-napako",
                                      data={"topic": "nesmisel", "message": "", "contact": "moj telefon"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Izberite, kaj je narobe." in page and "Na kratko opišite, kaj je narobe." in page
    assert 'value="moj telefon"' in page
    assert db.session.scalar(db.select(db.func.count()).select_from(ProblemReport)) == 0


def test_honeypot_filled_by_a_bot_is_dropped_silently(app, listings):
    service, _ = listings
    response = app.test_client().post(f"/storitev/{service.id}/prijavi-napako",
                                      data={**REPORT, "website": "http://spam.example"})
    assert response.status_code == 200 and "Hvala" in response.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count()).select_from(ProblemReport)) == 0


def test_report_form_is_rate_limited(make_app):
    app = make_app(RATELIMIT_ENABLED=True, REPORT_RATE_LIMIT="2 per minute")
    with app.app_context():
        from tests.conftest import SAMPLE
        from infotocka.directory.hsds_import import import_path
        import_path(SAMPLE)
    client = app.test_client()
    codes = [client.post("/storitev/svc-csd-trbovlje-dsp/prijavi-napako", data=REPORT).status_code
             for _ in range(3)]
    assert codes == [200, 200, 429]
    assert client.get("/storitev/svc-csd-trbovlje-dsp/prijavi-napako").status_code == 200


def test_report_form_needs_csrf(make_app):
    app = make_app(WTF_CSRF_ENABLED=True)
    with app.app_context():
        from tests.conftest import SAMPLE
        from infotocka.directory.hsds_import import import_path
        import_path(SAMPLE)
    client = app.test_client()
    url = "/storitev/svc-csd-trbovlje-dsp/prijavi-napako"
    assert client.post(url, data=REPORT).status_code == 400
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', client.get(url).get_data(as_text=True))
    assert client.post(url, data={**REPORT, "csrf_token": token.group(1)}).status_code == 200


def test_unknown_service_is_404(app, listings):
    assert app.test_client().get("/storitev/ni-je/prijavi-napako").status_code == 404
