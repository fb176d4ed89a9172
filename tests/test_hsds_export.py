"""Exporting HSDS: nesting, confidential places, extra members, the round trip, the CLI."""
import json

from infotocka.directory.hsds_export import export_directory, service_to_hsds
from infotocka.directory.hsds_ids import hsds_uuid
from infotocka.directory.hsds_import import import_records
from infotocka.extensions import db
from infotocka.models import Service


def _dump(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False)


def test_export_is_ordered_and_nested(sample):
    exported = export_directory()
    assert len(exported) == 87
    assert [s["id"] for s in exported] == sorted(s["id"] for s in exported)
    service = next(s for s in exported if s["x_source_id"] == "svc-csd-trbovlje-dsp")
    assert service["id"] == hsds_uuid("service", "svc-csd-trbovlje-dsp")
    term = service["organization"]["attributes"][0]["taxonomy_term"]
    assert {k: term[k] for k in ("id", "code", "taxonomy", "name")} == {
        "id": hsds_uuid("taxonomy_term", "csd"), "code": "csd", "taxonomy": "vrste-izvajalcev",
        "name": "Center za socialno delo"}
    assert [{k: v for k, v in a.items() if k != "id"} for a in service["service_areas"]] == [
        {"name": "Trbovlje", "uri": "urn:si:obcina:129"}]
    assert [a["code"] for a in service["languages"]] == ["sl"]
    assert service["service_at_locations"][0]["location"]["addresses"][0]["postal_code"] == "1420"
    assert service["last_modified"].endswith("Z")
    assert all(value not in (None, "", [], {}) for value in service.values())


def test_round_trip_is_exact(sample, make_app):
    first = _dump(export_directory(public=False))
    db.session.remove()  # end this app's transaction: on PostgreSQL the second app resets the same database
    other = make_app()
    with other.app_context():
        report = import_records(json.loads(first))
        assert (report.created, report.rejected, report.problems) == (87, 0, [])
        second = _dump(export_directory(public=False))
        db.session.remove()
    assert second == first


def test_extra_members_and_extensions_exported(app):
    record = {"id": "svc-x", "name": "Svetovanje", "description": "Opis.", "x_easy_read": "Lahko branje.",
              "x_sources": ["https://example.si"], "interpretation_services": "SZJ",
              "assured_date": "2024-05-31", "last_modified": "2024-06-01T10:00:00+02:00", "minimum_age": 0,
              "organization": {"id": "org-x", "name": "Društvo X", "x_registry": "1234567"}}
    import_records([record])
    exported = service_to_hsds(db.session.get(Service, "svc-x"))
    assert exported["interpretation_services"] == "SZJ"
    assert exported["organization"]["x_registry"] == "1234567"
    assert exported["x_easy_read"] == "Lahko branje." and exported["x_sources"] == ["https://example.si"]
    assert exported["assured_date"] == "2024-05-31"
    assert exported["last_modified"] == "2024-06-01T08:00:00Z"
    assert exported["minimum_age"] == 0


def _safe_house() -> dict:
    return {"id": "svc-safe", "name": "Varna hiša", "description": "Zatočišče.",
            "organization": {"id": "org-safe", "name": "Društvo SOS"},
            "service_at_locations": [{"id": "sal-safe", "location": {
                "id": "loc-safe", "name": "Varna hiša", "x_confidential": True, "latitude": 46.1,
                "longitude": 15.0, "description": "Za cerkvijo.",
                "addresses": [{"address_1": "Skrita ulica 5", "city": "Trbovlje", "postal_code": "1420"}]}}]}


def test_confidential_location_hidden_in_public_export(app):
    import_records([_safe_house()])
    service = db.session.get(Service, "svc-safe")
    public = service_to_hsds(service)
    assert public["service_at_locations"][0]["location"] == {
        "id": "loc-safe", "name": "Varna hiša", "location_type": "physical", "x_confidential": True}
    assert "Skrita" not in _dump(export_directory())
    assert "Skrita" in _dump(service_to_hsds(service, public=False))


def test_public_reimport_keeps_hidden_address(app):
    import_records([_safe_house()])
    report = import_records(export_directory())
    assert report.unchanged == 1
    location = db.session.get(Service, "svc-safe").locations[0]
    assert location.address.address_1 == "Skrita ulica 5" and location.has_point


def test_cli_export_stdout_and_file(runner, sample, tmp_path):
    result = runner.invoke(args=["export"])
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert len(data) == 87 and "Denarna socialna pomoč" in result.output  # UTF-8, not \\u escapes
    path = tmp_path / "out.json"
    assert runner.invoke(args=["export", str(path), "--format", "json"]).exit_code == 0
    assert json.loads(path.read_text(encoding="utf-8")) == data


def test_cli_export_unknown_format(runner):
    result = runner.invoke(args=["export", "--format", "xml"])
    assert result.exit_code == 2 and "json" in result.output
