"""The change log is written by one session hook: every write reaches the search index and the cached downloads,
each changed listing logged once, whoever wrote it (the back office, an import, a direct change of a row)."""
from infotocka.audit import AuditEntry
from infotocka.directory.changes import latest_seq
from infotocka.directory.queries import terms
from infotocka.directory.hsds_export import organization_to_hsds
from infotocka.extensions import db
from infotocka.manage.org_forms import organization_form_data
from infotocka.models import Change, Location, Organization, Service, ServiceAtLocation, TaxonomyTerm
from infotocka.precomputed import data_version
from infotocka.search import SearchQuery, search

from .conftest import ORG_A, edit_data, flatten, org_a


def logged_since(seq: int) -> list[tuple[str, str, str]]:
    query = db.select(Change.entity, Change.entity_id, Change.op).where(Change.seq > seq).order_by(Change.seq)
    return [tuple(row) for row in db.session.execute(query)]


def services_of(org_id: str) -> set[str]:
    return set(db.session.scalars(db.select(Service.id).where(Service.organization_id == org_id)))


def test_renaming_an_organization_in_the_back_office_makes_its_services_findable_by_the_new_name(as_role, listings):
    org, last = org_a(), latest_seq()
    data = flatten({**organization_form_data(organization_to_hsds(org)), "base_version": org.version,
                    "name": "Središče Zvezdogled"})
    assert as_role("staff").post(f"/urejanje/organizacija/{ORG_A}/uredi", data=data).status_code == 302
    assert logged_since(last) == [("organization", ORG_A, "upsert")]
    assert set(search(SearchQuery(text="zvezdogled")).ids) == services_of(ORG_A)
    audited = db.session.scalars(db.select(AuditEntry).where(AuditEntry.entity_id == ORG_A)).all()
    assert [(e.field, e.new_value) for e in audited if e.field == "name"] == [("name", "Središče Zvezdogled")]


def test_a_staff_edit_of_a_service_is_logged_once(as_role, listings):
    service, _ = listings
    last = latest_seq()
    response = as_role("staff").post(f"/urejanje/storitev/{service.id}/uredi",
                                     data=edit_data(service, name="Svetovanje Zvezdogled"))
    assert response.status_code == 302
    logged = logged_since(last)  # written, audited and versioned in several flushes: one row
    assert logged.count(("service", service.id, "upsert")) == 1 and len(logged) == len(set(logged))
    assert search(SearchQuery(text="zvezdogled")).ids == [service.id]


def test_a_row_changed_directly_and_flushed_twice_is_logged_once(app, sample):
    service, last = db.session.get(Service, "svc-sos-telefon"), latest_seq()
    version = data_version()
    service.name = service.name  # the same value: no change
    db.session.flush()
    assert logged_since(last) == []
    service.languages = ["sl", "en"]
    db.session.flush()
    service.phones[0].description = "Vse dni, tudi ponoči"  # a child row: its service is the change
    db.session.commit()
    assert logged_since(last) == [("service", "svc-sos-telefon", "upsert")]
    assert data_version() != version  # the cached downloads follow


def test_a_write_is_seen_at_once_by_the_same_transaction_though_a_page_reads_the_version_once(app, sample):
    """A search page asks the data version and the taxonomy several times and reads each once; a write in
    the same transaction (an import, a staff edit rendering its answer) is seen by the next question."""
    version, kinds = data_version(), [t.code for t in terms("vrste-pomoci")]
    db.session.get(Service, "svc-sos-telefon").languages = ["sl", "en", "it"]
    db.session.add(TaxonomyTerm(code="nova-vrsta", taxonomy="vrste-pomoci", name_sl="Nova", name_en="New",
                                position=999))
    db.session.flush()
    assert data_version() != version
    assert [t.code for t in terms("vrste-pomoci")] == [*kinds, "nova-vrsta"]


def test_a_place_that_changes_logs_every_service_at_it_once(app, sample):
    location = db.session.get(Location, "loc-csd-trbovlje")
    at_it = set(db.session.scalars(db.select(ServiceAtLocation.service_id)
                                   .where(ServiceAtLocation.location_id == location.id)))
    last = latest_seq()
    location.accessibility = [{"description": "Vhod brez ovir, dvigalo do vseh nadstropij."}]
    location.address.address_1 = "Trg svobode 11a"
    db.session.commit()
    logged = logged_since(last)
    assert len(at_it) > 1 and sorted(logged) == sorted(("service", sid, "upsert") for sid in at_it)


def test_an_organization_phone_is_logged_as_its_organization(app, sample):
    org, last = db.session.get(Organization, ORG_A), latest_seq()
    org.phones[0].number = "03 000 00 00"
    db.session.commit()
    assert logged_since(last) == [("organization", ORG_A, "upsert")]


def test_a_deleted_service_leaves_the_index(app, sample):
    assert "svc-sos-telefon" in search(SearchQuery(text="telefon")).ids
    last = latest_seq()
    db.session.delete(db.session.get(Service, "svc-sos-telefon"))  # its phones and places go with it
    db.session.commit()
    assert logged_since(last) == [("service", "svc-sos-telefon", "delete")]
    assert "svc-sos-telefon" not in search(SearchQuery(text="telefon")).ids


def test_a_change_in_a_savepoint_rolled_back_is_not_logged_and_a_later_one_is(app, sample):
    service, last = db.session.get(Service, "svc-sos-telefon"), latest_seq()
    savepoint = db.session.begin_nested()
    service.name = "Zvezdogled"
    db.session.flush()
    savepoint.rollback()
    assert logged_since(last) == []
    savepoint = db.session.begin_nested()
    service.name = "Telefon Zvezdogled"
    savepoint.commit()
    db.session.commit()
    assert logged_since(last) == [("service", "svc-sos-telefon", "upsert")]
    assert search(SearchQuery(text="zvezdogled")).ids == ["svc-sos-telefon"]


def test_merging_organizations_logs_the_moved_services_and_the_deleted_organization(accounts, listings):
    from infotocka.manage.merging import merge_organizations
    keep, duplicate = org_a(), db.session.get(Organization, listings[1].organization_id)
    moved, last = services_of(duplicate.id), latest_seq()
    merge_organizations(duplicate, keep, accounts["staff"])
    logged = logged_since(last)
    assert moved and {("service", sid, "upsert") for sid in moved} <= set(logged)
    assert logged[-1] == ("organization", duplicate.id, "delete") and len(logged) == len(set(logged))
