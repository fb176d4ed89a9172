"""Editing, moderation and the audit trail: edit → pending → approve/reject, conflicts."""
from infotocka.directory.hsds_export import service_to_hsds
from infotocka.extensions import db
from infotocka.directory.hsds_export import export_directory
from infotocka.audit import metadata_for
from infotocka.models import AuditEntry, Revision, Service
from infotocka.search import SearchQuery, search

from .conftest import edit_data, today


def _pending(service_id):
    return db.session.scalar(db.select(Revision).where(Revision.entity_id == service_id,
                                                       Revision.state == "pending"))


def test_unchanged_form_round_trips_without_differences(as_role, listings):
    service, _ = listings
    before = service_to_hsds(service, public=False)
    response = as_role("staff").post(f"/urejanje/storitev/{service.id}/uredi", data=edit_data(service))
    assert response.status_code == 302
    db.session.expire_all()
    after = service_to_hsds(db.session.get(Service, service.id), public=False)
    before.pop("last_modified"), after.pop("last_modified")
    assert after == before
    listing_entries = db.select(db.func.count()).select_from(AuditEntry).where(AuditEntry.entity != "user")
    assert db.session.scalar(listing_entries) == 0


def test_whole_revision_flow_reaches_public_page_and_search(as_role, listings, app):
    service, _ = listings
    editor, staff, public = as_role("editor"), as_role("staff"), app.test_client()
    version = service.version
    data = edit_data(service, name="Zmajevo svetovanje Trbovlje", description="Nov opis z besedo kresnička.")
    response = editor.post(f"/urejanje/storitev/{service.id}/uredi", data=data)
    assert response.status_code == 302
    revision = _pending(service.id)
    assert revision is not None and revision.base_version == version

    # The published listing stays as it is while the change waits.
    assert "Zmajevo svetovanje" not in public.get(f"/storitev/{service.id}").get_data(as_text=True)
    assert search(SearchQuery(text="zmajevo")).total == 0

    page = staff.get(f"/urejanje/predlog/{revision.id}").get_data(as_text=True)
    assert "Zmajevo svetovanje Trbovlje" in page and service.name in page
    assert "/urejanje/predlog/%d" % revision.id in staff.get("/urejanje/cakalna-vrsta").get_data(as_text=True)

    assert staff.post(f"/urejanje/predlog/{revision.id}/odobri").status_code == 302
    db.session.expire_all()
    published = db.session.get(Service, service.id)
    assert published.name == "Zmajevo svetovanje Trbovlje"
    assert published.version == version + 1
    assert published.assured_date.isoformat() == today()
    assert db.session.get(Revision, revision.id).state == "approved"
    assert "Zmajevo svetovanje Trbovlje" in public.get(f"/storitev/{service.id}").get_data(as_text=True)
    assert service.id in search(SearchQuery(text="zmajevo")).ids
    assert service.id in search(SearchQuery(text="kresnička")).ids
    assert "Zmajevo" in public.get("/iskanje?q=zmajevo").get_data(as_text=True)


def test_staff_edits_publish_directly(as_role, listings):
    service, _ = listings
    response = as_role("staff").post(f"/urejanje/storitev/{service.id}/uredi",
                                     data=edit_data(service, fees_description="5 EUR na uro"))
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Service, service.id).fees_description == "5 EUR na uro"
    assert _pending(service.id) is None


def test_reject_with_comment_is_shown_to_the_editor(as_role, listings):
    service, _ = listings
    editor, staff = as_role("editor"), as_role("staff")
    editor.post(f"/urejanje/storitev/{service.id}/uredi", data=edit_data(service, name="Napačno ime"))
    revision = _pending(service.id)
    assert staff.post(f"/urejanje/predlog/{revision.id}/zavrni", data={"comment": ""}).status_code == 400
    response = staff.post(f"/urejanje/predlog/{revision.id}/zavrni",
                          data={"comment": "Ime naj ostane uradno, kot v registru."})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Service, service.id).name == service.name
    dashboard = editor.get("/urejanje/").get_data(as_text=True)
    assert "Ime naj ostane uradno, kot v registru." in dashboard and "zavrnjeno" in dashboard
    assert "Ime naj ostane uradno" in editor.get(f"/urejanje/predlog/{revision.id}").get_data(as_text=True)


def test_conflicting_save_is_refused_with_a_message(as_role, listings):
    service, _ = listings
    stale = edit_data(service, description="Moja različica opisa.")
    staff = as_role("staff")
    assert staff.post(f"/urejanje/storitev/{service.id}/uredi",
                      data=edit_data(service, description="Različica osebja.")).status_code == 302
    response = as_role("editor").post(f"/urejanje/storitev/{service.id}/uredi", data=stale)
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "nekdo drug objavil spremembe" in page
    assert "Moja različica opisa." in page  # nothing typed is lost
    db.session.expire_all()
    assert db.session.get(Service, service.id).description == "Različica osebja."
    assert _pending(service.id) is None


def test_a_pending_revision_by_someone_else_blocks_a_second_editor(as_role, listings, accounts):
    service, _ = listings
    from infotocka.auth.operations import create_user
    from .conftest import PASSWORD, login
    create_user("drugi@csd.si", "editor", [service.organization_id], password=PASSWORD)
    first = as_role("editor")
    data = edit_data(service, name="Prva različica")
    assert first.post(f"/urejanje/storitev/{service.id}/uredi", data=data).status_code == 302
    second = first.application.test_client()
    login(second, "drugi@csd.si")
    response = second.post(f"/urejanje/storitev/{service.id}/uredi", data=edit_data(service, name="Druga"))
    assert response.status_code == 409
    assert "že čaka predlog sprememb" in response.get_data(as_text=True)
    assert _pending(service.id).data["name"] == "Prva različica"


def test_approving_an_outdated_revision_is_a_conflict(as_role, listings):
    service, _ = listings
    editor, staff = as_role("editor"), as_role("staff")
    editor.post(f"/urejanje/storitev/{service.id}/uredi", data=edit_data(service, name="Predlog urednika"))
    revision = _pending(service.id)
    service.version += 1  # published meanwhile (e.g. by an import)
    db.session.commit()
    response = staff.post(f"/urejanje/predlog/{revision.id}/odobri")
    assert response.status_code == 409
    db.session.expire_all()
    assert db.session.get(Service, service.id).name != "Predlog urednika"


def test_audit_trail_records_each_field_and_is_exported(as_role, listings, accounts):
    service, _ = listings
    old_name, old_fees = service.name, service.fees_description
    staff = as_role("staff")
    staff.post(f"/urejanje/storitev/{service.id}/uredi",
               data=edit_data(service, name="Novo ime", fees_description="10 EUR"))
    entries = db.session.scalars(db.select(AuditEntry).where(AuditEntry.entity_id == service.id)).all()
    by_field = {e.field: e for e in entries}
    assert set(by_field) == {"name", "fees_description"}
    assert (by_field["name"].old_value, by_field["name"].new_value) == (old_name, "Novo ime")
    assert by_field["fees_description"].old_value == old_fees
    assert by_field["name"].user_email == accounts["staff"].email and by_field["name"].at is not None
    page = staff.get(f"/urejanje/storitev/{service.id}/zgodovina").get_data(as_text=True)
    assert "Novo ime" in page and "staff@infotocka.si" in page
    metadata = metadata_for(service.id)
    assert {m["field_name"] for m in metadata} == {"name", "fees_description"}
    assert all(m["updated_by"] == "staff@infotocka.si" and m["resource_id"] == service.id for m in metadata)
    full = next(r for r in export_directory(public=False) if r["x_source_id"] == service.id)
    assert {m["field_name"] for m in full["metadata"]} == {"name", "fees_description"}
    assert full["metadata"][0]["updated_by"] == "staff@infotocka.si"
    public = next(r for r in export_directory() if r["x_source_id"] == service.id)
    assert {m["replacement_value"] for m in public["metadata"]} >= {"Novo ime", "10 EUR"}
    assert "staff@infotocka.si" not in str(public)  # the public export names no editor


def test_podatki_so_se_tocni_sets_assured_date_and_is_audited(as_role, listings):
    service, _ = listings
    response = as_role("editor").post(f"/urejanje/storitev/{service.id}/podatki-so-tocni")
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Service, service.id).assured_date.isoformat() == today()
    entry = db.session.scalar(db.select(AuditEntry).where(AuditEntry.entity_id == service.id))
    assert (entry.field, entry.action, entry.new_value) == ("assured_date", "assure", today())
