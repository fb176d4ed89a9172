"""Duplicates caught: a similar listing is flagged when a new one is proposed and on the duplicates page;
merging keeps the audit trail and the reports, and the old address redirects."""
from infotocka.directory.hsds_ids import hsds_uuid
from infotocka.extensions import db
from infotocka.models import AuditEntry, ProblemReport, Revision, Service

from .conftest import ORG_A


def _new_service(client, service_id, name, phone="03 56 52 100"):
    data = {"name": name, "description": "Opis.", "status": "active", "kinds": ["informiranje-svetovanje"],
            "phones-0-number": phone, "phones-0-type": "voice"}
    response = client.post(f"/urejanje/organizacija/{ORG_A}/nova-storitev?id={service_id}", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]


def test_a_proposed_new_service_like_an_existing_one_is_flagged(as_role, listings):
    service, _ = listings
    _new_service(as_role("editor"), "svc-podvojena", service.name + " Trbovlje")
    revision = db.session.scalar(db.select(Revision).where(Revision.entity_id == "svc-podvojena"))
    page = as_role("staff").get(f"/urejanje/predlog/{revision.id}").get_data(as_text=True)
    assert "Morda je ta storitev že v imeniku" in page and f"/storitev/{service.id}" in page


def test_merge_keeps_the_trail_and_reports_and_redirects_the_old_address(as_role, listings, app):
    service, _ = listings
    staff = as_role("staff")
    _new_service(staff, "svc-dvojnik", service.name + " (dvojnik)")
    app.test_client().post("/storitev/svc-dvojnik/prijavi-napako", data={"topic": "phone", "message": "Ne dela."})
    page = staff.get("/urejanje/dvojniki").get_data(as_text=True)
    assert 'name="drop" value="svc-dvojnik"' in page and f'name="keep" value="{service.id}"' in page
    response = staff.post("/urejanje/dvojniki/storitev/zdruzi", data={"keep": service.id, "drop": "svc-dvojnik"})
    assert response.status_code == 303
    db.session.expire_all()
    assert db.session.get(Service, "svc-dvojnik") is None
    trail = db.session.scalars(db.select(AuditEntry).where(AuditEntry.entity_id == service.id)).all()
    assert {e.action for e in trail} >= {"create", "merge"}  # the duplicate's own history came along
    assert db.session.scalar(db.select(ProblemReport)).service_id == service.id
    old = app.test_client().get("/storitev/svc-dvojnik")
    assert old.status_code == 301 and old.headers["Location"].endswith(f"/storitev/{service.id}")
    assert app.test_client().get("/storitev/ni-je-bilo").status_code == 404
    for old_id in ("svc-dvojnik", hsds_uuid("service", "svc-dvojnik")):  # HSDS clients are pointed on too
        moved = app.test_client().get(f"/api/v1/services/{old_id}")
        assert moved.status_code == 301
        assert moved.headers["Location"].endswith(f"/api/v1/services/{hsds_uuid('service', service.id)}")
    assert app.test_client().get("/api/v1/services/ni-je-bilo").status_code == 404
    history = staff.get(f"/urejanje/storitev/{service.id}/zgodovina").get_data(as_text=True)
    assert "Združen dvojnik" in history


def test_only_staff_merge_and_bad_merges_are_refused(as_role, listings):
    service, other = listings
    assert as_role("editor").post("/urejanje/dvojniki/storitev/zdruzi",
                                  data={"keep": service.id, "drop": other.id}).status_code == 403
    staff = as_role("staff")
    assert staff.post("/urejanje/dvojniki/storitev/zdruzi", data={"keep": service.id, "drop": service.id}).status_code == 400
    assert staff.post("/urejanje/dvojniki/storitev/zdruzi", data={"keep": service.id, "drop": "ni-je"}).status_code == 400


def test_services_kept_apart_are_not_proposed_again(as_role, listings):
    service, _ = listings
    staff = as_role("staff")
    _new_service(staff, "svc-podobna", service.name + " (podobna)")
    assert 'value="svc-podobna"' in staff.get("/urejanje/dvojniki").get_data(as_text=True)
    response = staff.post("/urejanje/dvojniki/storitev/nista-dvojnika", data={"keep": service.id, "drop": "svc-podobna"})
    assert response.status_code == 303
    page = staff.get("/urejanje/dvojniki").get_data(as_text=True)
    assert "ostaneta ločena" in page and 'value="svc-podobna"' not in page
    assert db.session.get(Service, "svc-podobna") is not None
