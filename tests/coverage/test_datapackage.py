"""The HSDS tabular data package: zip layout, typed columns, and the round trip through an empty database."""
import csv
import io
import json
import zipfile
from pathlib import Path

from infotocka.directory.datapackage import (
    OFFICIAL, TABLES, datapackage_bytes, file_name, read_tables, records_from_tables, write_datapackage,
)
from infotocka.directory.hsds_export import export_directory
from infotocka.directory.hsds_ids import hsds_uuid
from infotocka.directory.hsds_import import import_path, import_records
from infotocka.extensions import db

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "sample-directory.json"


def _zip(data: bytes) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(data))


def _table(archive, name):
    return list(csv.DictReader(io.StringIO(archive.read(f"{name}.csv").decode("utf-8"))))


def test_zip_has_a_manifest_and_one_csv_per_table(client, sample):
    response = client.get("/api/v1/export.zip")
    assert response.status_code == 200 and response.mimetype == "application/zip"
    archive = _zip(response.get_data())
    assert set(archive.namelist()) == {"datapackage.json", *(file_name(t) for t in TABLES)}
    manifest = json.loads(archive.read("datapackage.json"))
    assert manifest["profile"] == "tabular-data-package"
    assert [r["name"] for r in manifest["resources"]] == [OFFICIAL[t] for t in TABLES]
    services = next(r for r in manifest["resources"] if r["name"] == "service")
    assert {"fields": "organization_id", "reference": {"resource": "organization", "fields": "id"}} \
        in services["schema"]["foreignKeys"]
    assert len(_table(archive, "services")) == 87
    assert len(_table(archive, "organizations")) == 46
    areas = _table(archive, "service_areas")
    trbovlje = hsds_uuid("service", "svc-csd-trbovlje-dsp")
    assert {"service_id": trbovlje, "name": "Trbovlje", "uri": "urn:si:obcina:129"}.items() \
        <= next(a for a in areas if a["service_id"] == trbovlje).items()
    attributes = _table(archive, "attributes")
    violence = hsds_uuid("taxonomy_term", "zrtve-nasilja")
    assert any(a["link_id"] == hsds_uuid("service", "svc-sos-telefon") and a["taxonomy_term_id"] == violence
               for a in attributes)
    terms = {t["id"]: t for t in _table(archive, "taxonomy_terms")}
    assert terms[violence]["taxonomy"] == "ciljne-skupine"


def test_round_trip_into_an_empty_database(make_app):
    first = make_app()
    with first.app_context():
        import_path(SAMPLE)
        expected = export_directory(public=False)
        package = datapackage_bytes(public=False)
        db.session.remove()
    second = make_app()
    with second.app_context():
        assert export_directory(public=False) == []
        report = import_records(records_from_tables(read_tables(io.BytesIO(package))))
        assert (report.rejected, report.dropped) == (0, 0), [str(p) for p in report.problems]
        assert export_directory(public=False) == expected


def test_typed_members_survive_the_tables(app):
    record = {
        "id": "svc-test", "name": "Preizkus", "description": "Opis", "minimum_age": 18, "maximum_age": 64,
        "x_sources": ["https://example.org/a", "https://example.org/b"],
        "organization": {"id": "org-test", "name": "Društvo", "phones": [{"number": "03 123 45 67"}],
                         "attributes": [{"taxonomy_term": {"code": "nvo", "taxonomy": "vrste-izvajalcev"}}]},
        "phones": [{"number": "080 11 55", "type": "voice", "description": "noč in dan"}],
        "schedules": [{"byday": "MO,TU", "opens_at": "08:00", "closes_at": "15:00"},
                      {"description": "po dogovoru"}],
        "languages": [{"code": "sl"}, {"code": "en"}],
        "service_areas": [{"name": "Trbovlje", "uri": "urn:si:obcina:129"}],
        "service_at_locations": [{"id": "sal-test", "location": {
            "id": "loc-test", "name": "Varna hiša", "location_type": "physical", "x_confidential": True,
            "latitude": 46.15, "longitude": 15.05, "accessibility": [{"description": "klančina"}],
            "addresses": [{"address_1": "Ulica 1", "city": "Trbovlje", "postal_code": "1420"}]}}],
        "attributes": [{"taxonomy_term": {"code": "zrtve-nasilja", "taxonomy": "ciljne-skupine"}}],
    }
    buffer = io.BytesIO()
    write_datapackage(buffer, [record])
    rebuilt, *vocabularies = records_from_tables(read_tables(io.BytesIO(buffer.getvalue())))
    assert len(vocabularies) == 2  # the two terms, left alone on import: they are ours
    location = rebuilt["service_at_locations"][0]["location"]
    assert location["x_confidential"] is True and location["latitude"] == 46.15
    assert location["accessibility"] == [{"description": "klančina"}]
    assert rebuilt["minimum_age"] == 18 and rebuilt["x_sources"] == record["x_sources"]
    assert rebuilt["schedules"] == record["schedules"] and rebuilt["languages"] == record["languages"]
    assert rebuilt["organization"]["phones"] == [{"number": "03 123 45 67"}]
    assert rebuilt["attributes"][0]["taxonomy_term"]["code"] == "zrtve-nasilja"
    assert import_records([rebuilt]).rejected == 0


def test_cli_export_and_import_of_a_data_package(make_app, tmp_path):
    first = make_app()
    target = tmp_path / "imenik.zip"
    with first.app_context():
        runner = first.test_cli_runner()
        assert runner.invoke(args=["import", str(SAMPLE)]).exit_code == 0
        result = runner.invoke(args=["export", "--format", "datapackage", str(target)])
        assert result.exit_code == 0, result.output
        expected = export_directory()
        db.session.remove()
    assert zipfile.is_zipfile(target)
    second = make_app()
    with second.app_context():
        result = second.test_cli_runner().invoke(args=["import", str(target)])
        assert result.exit_code == 0, result.output
        assert "87 created" in result.output
        assert export_directory() == expected


def test_a_broken_zip_is_reported_not_crashed(app, tmp_path):
    bad = tmp_path / "bad.zip"
    bad.write_bytes(b"not a zip")
    result = app.test_cli_runner().invoke(args=["import", str(bad)])
    assert result.exit_code != 0 and "not a readable data package" in result.output
    empty = tmp_path / "empty.zip"
    with zipfile.ZipFile(empty, "w") as archive:
        archive.writestr("readme.txt", "hi")
    result = app.test_cli_runner().invoke(args=["import", str(empty)])
    assert result.exit_code != 0 and "datapackage.json" in result.output


def _package(tmp_path, services_csv: str, name: str = "services", compress=zipfile.ZIP_DEFLATED):
    path = tmp_path / "package.zip"
    fields = [{"name": n, "type": "integer" if n == "minimum_age" else "string"}
              for n in services_csv.splitlines()[0].split(",")]
    manifest = {"resources": [{"name": name, "path": "services.csv", "schema": {"fields": fields}}]}
    with zipfile.ZipFile(path, "w", compress) as archive:
        archive.writestr("datapackage.json", json.dumps(manifest))
        archive.writestr("services.csv", services_csv)
    return path


def test_a_zip_bomb_is_refused_before_it_is_unpacked(app, tmp_path):
    header = "id,name,description,minimum_age\r\n"
    bomb = _package(tmp_path, header + "x" * (300 * 1024 * 1024))  # 300 MB of one letter: about 300 KB packed
    assert bomb.stat().st_size < 1024 * 1024
    result = app.test_cli_runner().invoke(args=["import", str(bomb)])
    assert result.exit_code != 0 and "more than this importer reads" in result.output


def test_one_bad_cell_rejects_only_its_record(app, tmp_path):
    rows = ("id,name,description,minimum_age\r\nsvc-a,A,Opis,12\r\nsvc-b,B,Opis,dvanajst\r\n")
    report = import_records(records_from_tables(read_tables(_package(tmp_path, rows))))
    assert report.rejected == 2  # no organization in this package: every record says so
    bad = next(p for p in report.problems if p.record_id == "svc-b")
    assert bad.field == "services.csv, vrstica 3, stolpec minimum_age" and "'dvanajst'" in bad.message
    good = next(p for p in report.problems if p.record_id == "svc-a")
    assert good.field == "organization"


def test_an_unrecognised_package_is_an_error(app, tmp_path):
    path = _package(tmp_path, "id,name\r\nsvc-a,A\r\n", name="storitve")
    result = app.test_cli_runner().invoke(args=["import", str(path)])
    assert result.exit_code != 0 and "no HSDS table" in result.output and "storitve" in result.output


def _with_rows(package: bytes, extra: dict[str, list[str]]) -> io.BytesIO:
    """Return a copy of a zipped package with CSV lines appended to some of its tables."""
    out = io.BytesIO()
    with _zip(package) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            text = source.read(info).decode("utf-8")
            target.writestr(info, text + "".join(line + "\r\n" for line in extra.get(info.filename, [])))
    out.seek(0)
    return out


def test_orphan_rows_are_reported_with_file_and_line_and_the_rest_imports(make_app, tmp_path):
    first = make_app()
    with first.app_context():
        import_records([{"id": "svc-a", "name": "A", "description": "Opis.", "phones": [{"number": "03 111 11 11"}],
                         "organization": {"id": "org-a", "name": "Društvo A"}}])
        package = datapackage_bytes(public=False)
        phones = _table(_zip(package), "phones")
        header = list(phones[0])
        db.session.remove()

    def phone(**values):
        return ",".join(values.get(name, "") for name in header)
    orphaned = _with_rows(package, {"phones.csv": [phone(id="ph-x", service_id="svc-none", number="080 1"),
                                                   phone(id="ph-y", number="080 2")]})  # links to nothing
    second = make_app()
    with second.app_context():
        report = import_records(records_from_tables(read_tables(orphaned)))
        assert (report.created, report.rejected, report.dropped) == (1, 0, 2), report.problems
        assert [str(p) for p in report.problems] == [
            "phones.csv, vrstica 3: service_id 'svc-none': vrstica ni uvožena: ne spada k nobeni storitvi",
            "phones.csv, vrstica 4: id 'ph-y': vrstica ni uvožena: ne spada k nobeni storitvi"]
        assert "2 rows dropped" in report.summary
        path = tmp_path / "orphans.zip"
        path.write_bytes(orphaned.getvalue())
        result = second.test_cli_runner().invoke(args=["import", str(path)])
        assert result.exit_code == 1 and "phones.csv, vrstica 3: service_id 'svc-none'" in result.output
