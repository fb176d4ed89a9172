"""Each role's permissions: editors only touch their own organizations, staff moderate, anonymous sign in."""
import pytest

from infotocka.extensions import db
from infotocka.models import ProblemReport, Revision

from .conftest import edit_data


def _org_b_urls(service_b, revision_id, report_id):
    sid, oid = service_b.id, service_b.organization_id
    return [
        ("get", f"/urejanje/storitev/{sid}/uredi", None),
        ("post", f"/urejanje/storitev/{sid}/uredi", edit_data(service_b, name="Prevzem")),
        ("post", f"/urejanje/storitev/{sid}/podatki-so-tocni", {}),
        ("get", f"/urejanje/organizacija/{oid}/uredi", None),
        ("post", f"/urejanje/organizacija/{oid}/uredi", {"name": "Prevzem", "base_version": "1"}),
        ("get", f"/urejanje/organizacija/{oid}/nova-storitev", None),
        ("post", f"/urejanje/organizacija/{oid}/nova-storitev", {"name": "X", "description": "Y"}),
        ("get", f"/urejanje/predlog/{revision_id}", None),
        ("post", f"/urejanje/predlog/{revision_id}/umakni", {}),
        ("post", f"/urejanje/prijave/{report_id}/resi", {}),
    ]


@pytest.fixture
def org_b_items(as_role, listings):
    """A pending revision and a problem report that belong to organization B."""
    _, service_b = listings
    as_role("editor_b").post(f"/urejanje/storitev/{service_b.id}/uredi", data=edit_data(service_b, name="B nov"))
    revision = db.session.scalar(db.select(Revision).where(Revision.entity_id == service_b.id))
    report = ProblemReport(service_id=service_b.id, topic="phone", message="Napačna številka")
    db.session.add(report)
    db.session.commit()
    return revision.id, report.id


def test_editor_of_org_a_gets_403_on_everything_of_org_b(as_role, listings, org_b_items):
    _, service_b = listings
    editor = as_role("editor")
    for method, url, data in _org_b_urls(service_b, *org_b_items):
        response = getattr(editor, method)(url, data=data)
        assert response.status_code == 403, (method, url, response.status_code)
    db.session.expire_all()
    assert db.session.get(type(service_b), service_b.id).name == service_b.name
    assert db.session.get(Revision, org_b_items[0]).state == "pending"


def test_editor_may_not_moderate_or_see_staff_pages(as_role, org_b_items):
    editor = as_role("editor")
    revision_id, _ = org_b_items
    for url in ("/urejanje/cakalna-vrsta", "/urejanje/prijave", "/urejanje/svezina", "/urejanje/uporabniki"):
        assert editor.get(url).status_code == 403, url
    assert editor.post(f"/urejanje/predlog/{revision_id}/odobri").status_code == 403
    assert editor.post(f"/urejanje/predlog/{revision_id}/zavrni", data={"comment": "ne"}).status_code == 403
    assert editor.post("/urejanje/uporabniki", data={"email": "x@y.si", "role": "admin"}).status_code == 403


def test_editor_sees_only_own_organizations(as_role, listings):
    service_a, service_b = listings
    page = as_role("editor").get("/urejanje/").get_data(as_text=True)
    assert service_a.name in page
    assert service_b.organization.name not in page


def test_editor_can_edit_own_listing(as_role, listings):
    service_a, _ = listings
    editor = as_role("editor")
    assert editor.get(f"/urejanje/storitev/{service_a.id}/uredi").status_code == 200
    assert editor.post(f"/urejanje/storitev/{service_a.id}/uredi", data=edit_data(service_a)).status_code == 302


def test_staff_and_admin_reach_everything(as_role, listings, org_b_items):
    _, service_b = listings
    for role in ("staff", "admin"):
        client = as_role(role)
        for url in ("/urejanje/cakalna-vrsta", "/urejanje/prijave", "/urejanje/svezina", "/urejanje/uporabniki",
                    f"/urejanje/storitev/{service_b.id}/uredi", f"/urejanje/predlog/{org_b_items[0]}",
                    f"/urejanje/storitev/{service_b.id}/zgodovina"):
            assert client.get(url).status_code == 200, (role, url)


def test_staff_may_invite_only_editors_admin_anyone(as_role, listings):
    staff, admin = as_role("staff"), as_role("admin")
    response = staff.post("/urejanje/uporabniki", data={"email": "nov@x.si", "role": "admin"})
    assert response.status_code == 400
    assert admin.post("/urejanje/uporabniki", data={"email": "nov@x.si", "role": "staff"}).status_code == 200


def test_anonymous_is_sent_to_sign_in(app, listings):
    client = app.test_client()
    service_a, _ = listings
    for url in ("/urejanje/", f"/urejanje/storitev/{service_a.id}/uredi", "/urejanje/cakalna-vrsta"):
        response = client.get(url)
        assert response.status_code == 302 and "/prijava" in response.location
    assert client.post(f"/urejanje/storitev/{service_a.id}/podatki-so-tocni").status_code == 302


def test_editor_cannot_take_over_a_location_of_another_organization(as_role, listings):
    """The location row's id is a hidden field: a tampered id must not let an approved edit rewrite org B's place."""
    from infotocka.models import Location, Service, ServiceAtLocation
    service_a, _ = listings
    foreign = db.session.scalar(db.select(Location).join(ServiceAtLocation).join(Service)
                                .where(Service.organization_id != service_a.organization_id).limit(1))
    before = (foreign.name, [a.one_line() for a in foreign.addresses])
    data = edit_data(service_a, name=service_a.name)
    data = {k: v for k, v in data.items() if not k.startswith("locations-")}
    data.update({"locations-0-id": foreign.id, "locations-0-name": "Prevzeto", "locations-0-address_1": "Trg 1",
                 "locations-0-postal_code": "1420", "locations-0-city": "Trbovlje"})
    assert as_role("editor").post(f"/urejanje/storitev/{service_a.id}/uredi", data=data).status_code == 302
    revision = db.session.scalar(db.select(Revision).where(Revision.entity_id == service_a.id))
    assert as_role("staff").post(f"/urejanje/predlog/{revision.id}/odobri").status_code == 302
    db.session.expire_all()
    foreign = db.session.get(Location, foreign.id)
    assert (foreign.name, [a.one_line() for a in foreign.addresses]) == before
    assert "Prevzeto" in [loc.name for loc in db.session.get(Service, service_a.id).locations]
