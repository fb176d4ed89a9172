"""Importing HSDS service records: the sample, bad records, re-import, the CLI."""
import copy
import json
import sys
import types
from pathlib import Path

import pytest

from infotocka.directory.hsds_import import (
    ImportFileError, RecordError, apply_service_record, import_path, import_records,
)
from infotocka.extensions import db
from infotocka.models import Change, Location, Organization, Phone, Service, ServiceAtLocation

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "sample-directory.json"


@pytest.fixture
def record():
    """Return a factory for a minimal valid service record, with overrides."""
    def factory(**overrides):
        base = {
            "id": "svc-test", "name": "Pomoč na domu", "description": "Socialna oskrba na domu.",
            "organization": {"id": "org-test", "name": "Dom starejših Test",
                             "attributes": [{"taxonomy_term": {"code": "nvo", "taxonomy": "vrste-izvajalcev"}}]},
            "phones": [{"number": "03 56 52 100", "type": "voice"}],
            "schedules": [{"byday": "MO,TU", "opens_at": "08:00", "closes_at": "15:00"}],
            "service_areas": [{"name": "Trbovlje", "uri": "urn:si:obcina:129"}],
            "attributes": [{"taxonomy_term": {"code": "starejsi", "taxonomy": "ciljne-skupine"}}],
            "service_at_locations": [{"id": "sal-test", "location": {
                "id": "loc-test", "name": "Pisarna", "latitude": 46.15, "longitude": 15.05,
                "addresses": [{"address_1": "Trg 1", "city": "Trbovlje", "postal_code": "1420"}]}}],
        }
        return {**base, **overrides}
    return factory


def _count(model) -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(model))


def test_sample_imports_cleanly(sample):
    assert (sample.created, sample.updated, sample.rejected) == (87, 0, 0)
    assert sample.problems == []
    assert _count(Service) == 87
    assert _count(Organization) == 46
    assert "87 created" in sample.summary


def test_sample_maps_extensions(sample):
    service = db.session.get(Service, "svc-csd-trbovlje-dsp")
    assert service.organization.alternate_name == "CSD Trbovlje"
    assert service.organization.provider_type.code == "csd"
    assert [m.id for m in service.areas] == [129]
    assert service.sources and service.languages == ["sl"]
    assert service.service_at_locations[0].location.geo_precision == "settlement_centre"
    assert {t.code for t in service.target_groups} == {"socialno-ogrozeni", "druzine", "starejsi"}


def test_reimport_is_unchanged_not_duplicated(sample):
    changes = _count(Change)
    again = import_path(SAMPLE)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 87)
    assert _count(Service) == 87 and _count(ServiceAtLocation) == sample_sal_count()
    assert _count(Change) == changes


def sample_sal_count() -> int:
    data = json.loads(SAMPLE.read_text(encoding="utf-8"))
    return len({sal["id"] for s in data for sal in s.get("service_at_locations", [])})


def test_reimport_updates_and_replaces_children(app, record):
    import_records([record()])
    changed = record(name="Pomoč na domu (nova)", phones=[{"number": "041 000 000"}], schedules=[],
                     attributes=[], service_areas=[{"name": "Hrastnik"}])
    report = import_records([changed])
    assert (report.created, report.updated) == (0, 1)
    service = db.session.get(Service, "svc-test")
    assert service.name == "Pomoč na domu (nova)"
    assert [p.number for p in service.phones] == ["041 000 000"]
    assert service.schedules == [] and service.terms == []
    assert [m.name for m in service.areas] == ["Hrastnik"]
    assert _count(Phone) == 1
    assert service.version == 2


def _logged() -> list[tuple[str, str, str]]:
    return [tuple(row) for row in db.session.execute(db.select(Change.entity, Change.entity_id, Change.op)
                                                     .order_by(Change.seq))]


def test_changes_are_logged(app, record):
    from infotocka.search import SearchQuery, search
    from infotocka.search.sync import rebuild
    import_records([record(), record(id="svc-two", service_at_locations=[])])  # not at svc-test's place
    first = _logged()
    assert first == [("organization", "org-test", "upsert"), ("service", "svc-test", "upsert"),
                     ("service", "svc-two", "upsert")]
    rebuild(app)
    import_records([record(organization={"id": "org-test", "name": "Preimenovano"})])
    assert _logged()[len(first):] == [("organization", "org-test", "upsert"), ("service", "svc-test", "upsert")]
    assert set(search(SearchQuery(text="Preimenovano")).ids) == {"svc-test", "svc-two"}  # the org's other service too


def test_page_object_and_missing_last_modified(app, record, tmp_path):
    path = tmp_path / "page.json"
    path.write_text(json.dumps({"total_items": 1, "contents": [record()]}), encoding="utf-8")
    assert import_path(path).created == 1
    assert db.session.get(Service, "svc-test").last_modified is not None


@pytest.mark.parametrize("overrides, field", [
    ({"name": ""}, "name"),
    ({"description": None}, "description"),
    ({"status": "closed"}, "status"),
    ({"organization": None}, "organization"),
    ({"organization": {"id": "org-x"}}, "organization.name"),
    ({"assured_date": "31. 5. 2024"}, "assured_date"),
    ({"last_modified": "yesterday"}, "last_modified"),
    ({"minimum_age": "sixty"}, "minimum_age"),
    ({"maximum_age": 6.5}, "maximum_age"),
    ({"schedules": [{"byday": "MO", "opens_at": "25:00", "closes_at": "26:00"}]}, "schedules[0].opens_at"),
    ({"schedules": [{"byday": "XX", "opens_at": "08:00"}]}, "schedules[0].byday"),
    ({"schedules": [{"opens_at": "08:00", "closes_at": "8.00"}]}, "schedules[0].closes_at"),
    ({"phones": [{"type": "voice"}]}, "phones[0].number"),
])
def test_bad_record_rejected_rest_imported(app, record, overrides, field):
    report = import_records([record(id="svc-bad", **overrides), record(id="svc-good")])
    assert (report.created, report.rejected) == (1, 1)
    assert [(p.record_id, p.field) for p in report.problems] == [("svc-bad", field)]
    assert db.session.get(Service, "svc-bad") is None
    assert db.session.get(Service, "svc-good") is not None


@pytest.mark.parametrize("latitude, longitude, field", [
    (95, 15, "latitude"), (46, 200, "longitude"), ("north", 15, "latitude"), (46.1, None, "latitude"),
])
def test_bad_coordinates_rejected(app, record, latitude, longitude, field):
    bad = record()
    bad["service_at_locations"][0]["location"].update(latitude=latitude, longitude=longitude)
    report = import_records([bad])
    assert report.rejected == 1
    assert report.problems[0].field == f"service_at_locations[0].location.{field}"
    assert db.session.get(Location, "loc-test") is None  # no partial write


def test_missing_id_is_named_by_position(app, record):
    report = import_records([record(), {"name": "x"}, "not an object"])
    assert [str(p).split(":")[0] for p in report.problems] == ["#2", "#3"]
    assert report.created == 1


def test_area_outside_slovenia_is_kept_with_a_warning(app, record, client):
    area = {"name": "Atlantida", "extent": "POLYGON((0 0, 1 0, 1 1, 0 0))", "extent_type": "wkt"}
    report = import_records([record(service_areas=[area])])
    assert (report.created, report.rejected) == (1, 0)
    assert [p.field for p in report.problems] == ["service_areas[0]"]
    service = db.session.get(Service, "svc-test")
    assert service.areas == []  # available to nobody in the municipality filter
    exported = client.get("/api/v1/services/svc-test").get_json()["service_areas"]
    assert [{k: v for k, v in a.items() if k != "id"} for a in exported] == [area]
    listed = client.get("/api/v1/services?municipality=129").get_json()["contents"]
    assert "svc-test" not in [s.get("x_source_id") for s in listed]


def test_unknown_term_and_area_reported_record_kept(app, record):
    report = import_records([record(
        attributes=[{"taxonomy_term": {"code": "nobena"}}, {"taxonomy_term": {"code": "starejsi"}}],
        service_areas=[{"name": "Atlantida"}, {"name": "trbovlje"}])])
    assert report.created == 1
    assert sorted((p.field, "izpuščen" in p.message) for p in report.problems) == [
        ("attributes[0]", True), ("service_areas[0]", False)]
    service = db.session.get(Service, "svc-test")
    assert [t.code for t in service.terms] == ["starejsi"]
    assert [m.id for m in service.areas] == [129]


@pytest.mark.parametrize("area, expected", [
    ({"name": "Zasavska", "uri": "urn:si:regija:zasavska"}, {"Hrastnik", "Trbovlje", "Zagorje ob Savi"}),
    ({"name": "zasavska"}, {"Hrastnik", "Trbovlje", "Zagorje ob Savi"}),
    ({"name": "SKOFJA LOKA"}, {"Škofja Loka"}),
    ({"name": "Capodistria"}, {"Koper"}),
    ({"name": "Koper/Capodistria"}, {"Koper"}),
    ({"name": "ignored", "uri": "urn:si:obcina:129"}, {"Trbovlje"}),
])
def test_service_area_matching(app, record, area, expected):
    import_records([record(service_areas=[area])])
    service = db.session.get(Service, "svc-test")
    assert expected <= {m.name for m in service.areas} and len(service.areas) >= len(expected)


def test_extensions_and_extra_members_kept(app, record):
    rec = record(x_easy_read="Pomagamo doma.", x_sources=["https://example.si"], interpretation_services="SZJ",
                 x_custom={"a": 1})
    rec["service_at_locations"][0]["location"].update(x_confidential=True, x_geo_precision="address")
    import_records([rec])
    service = db.session.get(Service, "svc-test")
    assert service.easy_read == "Pomagamo doma." and service.sources == ["https://example.si"]
    assert service.extra == {"interpretation_services": "SZJ", "x_custom": {"a": 1}}
    location = service.locations[0]
    assert location.confidential and location.geo_precision == "address"


def _without_point(rec: dict) -> dict:
    location = rec["service_at_locations"][0]["location"]
    location.pop("latitude")
    location.pop("longitude")
    return rec


def _fake_geo(monkeypatch, fill) -> None:
    module = types.ModuleType("infotocka.geo")
    module.fill_coordinates = fill
    monkeypatch.setitem(sys.modules, "infotocka.geo", module)


def test_geocode_hook_fills_missing_point(app, record, monkeypatch):
    def fill(location):
        location.latitude, location.longitude, location.geo_precision = 46.1, 15.0, "postcode"
    _fake_geo(monkeypatch, fill)
    import_records([_without_point(record())])
    assert db.session.get(Location, "loc-test").geo_precision == "postcode"


def test_geocode_hook_failure_never_blocks(app, record, monkeypatch):
    def boom(location):
        raise RuntimeError("gazetteer down")
    _fake_geo(monkeypatch, boom)
    assert import_records([_without_point(record())]).created == 1
    assert not db.session.get(Location, "loc-test").has_point


def test_apply_service_record_raises_and_writes(app, record):
    with pytest.raises(RecordError) as caught:
        apply_service_record(record(status="bad"))
    assert caught.value.field == "status"
    service = apply_service_record(record())
    db.session.commit()
    assert db.session.get(Service, service.id).name == "Pomoč na domu"


def test_delete_service_logs_change(app, record):
    import_records([record()])
    db.session.delete(db.session.get(Service, "svc-test"))
    db.session.commit()
    assert db.session.get(Service, "svc-test") is None
    last = db.session.scalars(db.select(Change).order_by(Change.seq.desc())).first()
    assert (last.entity_id, last.op) == ("svc-test", "delete")


@pytest.mark.parametrize("content, reason", [
    ("{not json", "not JSON"), ('{"a": 1}', "expected a JSON array"), ("42", "expected a JSON array"),
])
def test_bad_file(app, tmp_path, content, reason):
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ImportFileError, match=reason):
        import_path(path)


def test_cli_import_sample(runner):
    result = runner.invoke(args=["import", str(SAMPLE)])
    assert result.exit_code == 0, result.output
    assert "87 created" in result.output


def test_cli_import_reports_problems(runner, record, tmp_path):
    path = tmp_path / "in.json"
    path.write_text(json.dumps([record(), record(id="svc-bad", status="nope")]), encoding="utf-8")
    result = runner.invoke(args=["import", str(path)])
    assert result.exit_code == 1
    assert "svc-bad: status: " in result.output
    assert "1 created" in result.output and "1 rejected" in result.output


def test_cli_import_non_json(runner, tmp_path):
    path = tmp_path / "in.json"
    path.write_text("Ime;Opis\n", encoding="utf-8")
    result = runner.invoke(args=["import", str(path)])
    assert result.exit_code == 1
    assert "not JSON" in result.output and "Traceback" not in result.output


def test_cli_import_if_empty(runner, record, tmp_path):
    path = tmp_path / "in.json"
    path.write_text(json.dumps([record()]), encoding="utf-8")
    assert runner.invoke(args=["import", "--if-empty", str(path)]).exit_code == 0
    copy_path = tmp_path / "second.json"
    copy_path.write_text(json.dumps([record(id="svc-other")]), encoding="utf-8")
    result = runner.invoke(args=["import", "--if-empty", str(copy_path)])
    assert result.exit_code == 0 and "not empty" in result.output
    assert db.session.get(Service, "svc-other") is None


def test_record_input_is_not_mutated(app, record):
    rec = record(extra_member=1)
    before = copy.deepcopy(rec)
    import_records([rec])
    assert rec == before


def test_batches_share_rows_and_commit_once_each(app, record, monkeypatch):
    from infotocka.directory import hsds_import
    from infotocka.search import sync
    catch_ups = []
    monkeypatch.setattr(sync, "catch_up", lambda app=None, session=None: catch_ups.append(1) or 0)
    monkeypatch.setattr(hsds_import, "BATCH", 2)
    records = [record(id=f"svc-{i}", service_at_locations=[{"id": f"sal-{i}", "location": {
        "id": "loc-shared", "name": "Pisarna", "latitude": 46.15, "longitude": 15.05}}]) for i in range(5)]
    records[3]["schedules"] = [{"opens_at": "nope"}]
    report = import_records(records)
    assert (report.created, report.rejected) == (4, 1)
    assert [(p.record_id, p.field) for p in report.problems] == [("svc-3", "schedules[0].opens_at")]
    assert _count(Organization) == 1 and _count(Location) == 1 and _count(Service) == 4
    assert _logged() == [("organization", "org-test", "upsert"), *(("service", f"svc-{i}", "upsert") for i in "0124")]
    assert len(catch_ups) == 3  # the index catches up after each batch's commit, not after each record


def test_unchanged_reimport_keeps_child_rows(app, record):
    import_records([record()])
    phone_ids = db.session.scalars(db.select(Phone.id)).all()
    assert import_records([record()]).unchanged == 1
    report = import_records([record(name="Pomoč na domu (nova)")])
    assert report.updated == 1 and db.session.scalars(db.select(Phone.id)).all() == phone_ids
    assert db.session.get(Service, "svc-test").name == "Pomoč na domu (nova)"


def test_record_error_speaks_slovene_by_default_and_english_on_request(app, record):
    report = import_records([record(id="svc-bad", status="nope")])
    assert report.problems[0].message == "'nope' ni ena od vrednosti active, inactive, defunct, temporarily closed"
    with app.app_context(), app.test_request_context("/?lang=en"):  # a fresh g: Flask-Babel caches the locale there
        with pytest.raises(RecordError) as caught:
            apply_service_record(record(minimum_age="²"))
    assert caught.value.message == "not a whole number of years from 0 to 150: '²'"


def test_reimport_that_changes_a_listing_is_audited_per_field(app, record):
    from infotocka.models.audit import AuditEntry

    import_records([record()])
    assert db.session.scalar(db.select(db.func.count()).select_from(AuditEntry)) == 0  # new listings: no trail
    import_records([record(name="Pomoč na domu (nova)", fees_description="brezplačno")])
    import_records([record(name="Pomoč na domu (nova)", fees_description="brezplačno")])  # unchanged: nothing
    entries = db.session.scalars(db.select(AuditEntry).where(AuditEntry.entity_id == "svc-test")).all()
    assert {(e.field, e.old_value, e.new_value) for e in entries} == {
        ("name", "Pomoč na domu", "Pomoč na domu (nova)"), ("fees_description", None, "brezplačno")}
    assert all(e.action == "update" and e.user_id is None for e in entries)


def test_a_member_hsds_does_not_define_is_kept_as_an_extension(app, record, client):
    report = import_records([record(colour="modra", wait_time="teden dni")])
    assert [(p.field, "x_colour" in p.message) for p in report.problems] == [("colour", True)]
    exported = client.get("/api/v1/services/svc-test").get_json()
    assert exported["x_colour"] == "modra" and exported["wait_time"] == "teden dni" and "colour" not in exported


def test_a_record_the_database_refuses_costs_only_itself_in_a_batch_of_new_listings(app, record):
    """A batch of new listings is written at once; when the database refuses one of them (here its
    UUID is the one another listing of the batch is given), that one is reported and the rest stored."""
    from infotocka.directory.hsds_ids import hsds_uuid
    sal = [{"id": "sal-c", "location": {"id": "loc-c", "name": "Pisarna C"}}]
    clash = record(id=hsds_uuid("service", "svc-a"), name="Kopija", service_at_locations=sal)
    report = import_records([record(id="svc-a"), clash,
                             record(id="svc-b", service_at_locations=[{**sal[0], "id": "sal-b"}])])
    assert (report.created, report.rejected) == (2, 1)
    assert [p.record_id for p in report.problems] == [clash["id"]]
    assert "podatkovna zbirka ga je zavrnila" in report.problems[0].message
    assert {s.id for s in db.session.scalars(db.select(Service))} == {"svc-a", "svc-b"}
    assert set(_logged()) == {("organization", "org-test", "upsert"), ("service", "svc-a", "upsert"),
                              ("service", "svc-b", "upsert")}
