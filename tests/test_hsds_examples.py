"""The official HSDS 3.0 examples import, and exporting them loses no value (compared leaf by leaf)."""
import copy
import csv
import io
import json
import re
import zipfile
from collections import Counter
from datetime import datetime, timezone
from pathlib import Path

from hsds_schemas import HERE as HSDS, errors, example
from infotocka.directory.datapackage import datapackage_bytes
from infotocka.directory.hsds_export import export_directory
from infotocka.directory.hsds_ids import source_id
from infotocka.directory.hsds_import import import_path, import_records
from infotocka.extensions import db
from infotocka.models import AuditEntry

# Members that only say where an object hangs (the nesting says it too), not a value of it.
LINKS = {"service_id", "organization_id", "location_id", "service_at_location_id", "link_id", "phone_id",
         "contact_id", "resource_id", "taxonomy_term_id", "program_id", "taxonomy_id"}
# The official package has one attribute and one metadata row that link to no row of it: they hang on nothing.
DANGLING_ATTRIBUTE, DANGLING_METADATA = "f28dd44b-0c4d-479f-8e90-4c52219a8b3c", "38960354-e7d2-4cfa-a368-820f729d6ccf"
_TIME = re.compile(r"^\d{2}:\d{2}(:00)?$")


def _value(value):
    """Return a leaf as a comparable value: 10:00:00 is 10:00, date-times in UTC, 100 is 100.0."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, (int, float)):
        return float(value)
    if _TIME.match(value):
        return value[:5]
    value = value.strip()  # surrounding white space is not kept
    if re.match(r"^\d{4}-\d{2}-\d{2}T", value):
        return datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(timezone.utc).isoformat()
    return value


def leaves(node, path: str = "") -> Counter:
    """Return the leaf values of a JSON value with their member path (list positions left out)."""
    found = Counter()
    if isinstance(node, dict):
        for key, value in node.items():
            if key not in LINKS:
                found += leaves(value, f"{path}/{key}")
    elif isinstance(node, list):
        for item in node:
            found += leaves(item, path)
    else:
        found[(path, _value(node))] += 1
    return found


def lost(original, exported) -> list:
    """Return the leaves of the original that the export does not carry."""
    return sorted((leaves(original) - leaves(exported)).elements(), key=str)


def in_slovenia(service: dict) -> dict:
    """Return the official full service with its location moved to Trbovlje (its lat 100 is rightly refused)."""
    service = copy.deepcopy(service)
    for sal in service["service_at_locations"]:
        sal["location"].update(latitude=46.15, longitude=15.05)
    return service


def test_the_full_service_keeps_every_value(app):
    original = in_slovenia(example("service_full.json"))
    report = import_records([original])
    assert (report.created, report.rejected) == (1, 0), report.problems
    assert [p.field for p in report.problems] == ["service_areas[0]"]  # outside Slovenia: kept, with a warning
    (exported,) = export_directory(public=False)
    assert exported["id"] == original["id"] and "x_source_id" not in exported
    assert lost(original, {k: v for k, v in exported.items()}) == []
    assert import_records([exported]).unchanged == 1


def test_the_original_coordinates_are_refused(app):
    report = import_records([example("service_full.json")])
    assert report.rejected == 1 and report.problems[0].field.endswith("location.latitude")


def test_the_service_list_page_imports(app, tmp_path):
    path = tmp_path / "page.json"
    path.write_text(json.dumps(example("service_list.json")), encoding="utf-8")
    report = import_path(path)
    assert (report.created, report.rejected) == (1, 0), report.problems  # ten copies of one service
    exported = {s["id"]: s for s in export_directory(public=False)}
    for service in example("service_list.json")["contents"]:
        assert lost(service, exported[service["id"]]) == [], service["id"]


def test_the_full_organization_imports_with_its_services(app, tmp_path):
    original = example("organization_full.json")
    for service in original["services"]:
        for sal in service.get("service_at_locations", []):
            sal["location"].update(latitude=46.15, longitude=15.05)
    path = tmp_path / "organization.json"
    path.write_text(json.dumps(original), encoding="utf-8")
    report = import_path(path)
    assert (report.created, report.rejected) == (len(original["services"]), 0), report.problems
    exported = export_directory(public=False)
    organization = {**exported[0]["organization"],
                    "services": [{k: v for k, v in s.items() if k != "organization"} for s in exported]}
    assert lost(original, organization) == []


def test_an_organization_list_imports_its_organizations(app, client, tmp_path):
    """The official organization_list.json holds organizations without their services: each is imported as an
    organization (valid HSDS), answered by the API without losing a value, and re-importing changes nothing."""
    path = tmp_path / "organizations.json"
    path.write_text(json.dumps(example("organization_list.json")), encoding="utf-8")
    report = import_path(path)
    assert (report.created, report.rejected) == (1, 0), report.problems
    assert (import_path(path).unchanged, export_directory(public=False)) == (1, [])  # no service was made up
    for original in example("organization_list.json")["contents"]:
        answer = client.get(f"/api/v1/organizations/{original['id']}").get_json()
        assert answer["services"] == [] and lost(original, answer) == []
        assert errors(answer, "organization.json", {"services": {"type": "array"}}) == []
        assert client.get(f"/izvajalec/{original['id']}").status_code in (200, 404)  # a page, never a 500
        listed = client.get(f"/api/v1/organizations?search={original['name']}").get_json()["contents"]
        assert [item["id"] for item in listed] == [original["id"]]
    changed = {**example("organization_list.json")["contents"][0], "name": "Renamed Organization"}
    path.write_text(json.dumps([changed]), encoding="utf-8")
    assert import_path(path).updated == 1
    trail = db.session.scalars(db.select(AuditEntry).where(AuditEntry.entity == "organization",
                                                           AuditEntry.entity_id == source_id(changed))).all()
    assert [(e.action, e.field, e.new_value) for e in trail] == [("update", "name", "Renamed Organization")]


def test_an_organization_without_a_name_is_rejected_with_the_reason(app, tmp_path):
    path = tmp_path / "organizations.json"
    path.write_text(json.dumps([{"id": "org-x", "website": "https://example.org"}]), encoding="utf-8")
    report = import_path(path)
    assert report.rejected == 1 and [p.field for p in report.problems] == ["organization.name"]


def test_a_service_at_location_file_imports(app, tmp_path):
    service = in_slovenia(example("service_full.json"))
    sal = service.pop("service_at_locations")[0]
    path = tmp_path / "sal.json"
    path.write_text(json.dumps([{**sal, "service": service}]), encoding="utf-8")
    assert import_path(path).created == 1
    (exported,) = export_directory(public=False)
    assert lost(sal, exported["service_at_locations"][0]) == []


def _official_package(tmp_path) -> Path:
    """Zip the official tabular example (examples/csv + datapackage.json), its location moved into Slovenia."""
    path = tmp_path / "official.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.write(HSDS / "datapackage.json", "datapackage.json")
        for table in (HSDS / "examples" / "csv").glob("*.csv"):
            text = table.read_text(encoding="utf-8")
            if table.name == "locations.csv":
                rows = list(csv.DictReader(io.StringIO(text)))
                for row in rows:
                    row.update(latitude="46.15", longitude="15.05")
                out = io.StringIO()
                writer = csv.DictWriter(out, fieldnames=list(rows[0]))
                writer.writeheader()
                writer.writerows(rows)
                text = out.getvalue()
            archive.writestr(table.name, text)
    return path


def test_the_official_tabular_package_imports_and_names_the_rows_that_hang_on_nothing(app, tmp_path):
    result = app.test_cli_runner().invoke(args=["import", str(_official_package(tmp_path))])
    assert result.exit_code == 1, result.output  # rows were dropped: each is named, the status says so
    assert "3 created" in result.output and "0 rejected" in result.output  # the service, its taxonomy and term
    dropped = [line.split(": ")[0:2] for line in result.output.splitlines() if "vrstica ni uvožena" in line]
    assert dropped == [["attributes.csv, vrstica 2", f"link_id '{DANGLING_ATTRIBUTE}'"],
                       ["metadata.csv, vrstica 2", f"resource_id '{DANGLING_METADATA}'"]]


def _typed(text: str):
    try:
        return float(text)
    except ValueError:
        return text


# Where each official table's rows sit in an exported service, by the parent a row links to (link column →
# the parent's table); a row with several links (the example's phone names a service, an organization, a
# location, a service_at_location and a contact) must be found under each of them.
MEMBER = {"phones.csv": "phones", "addresses.csv": "addresses", "languages.csv": "languages",
          "schedules.csv": "schedules", "service_areas.csv": "service_areas", "contacts.csv": "contacts",
          "cost_options.csv": "cost_options", "funding.csv": "funding", "required_documents.csv": "required_documents",
          "accessibility.csv": "accessibility", "organization_identifiers.csv": "organization_identifiers"}
PARENT = {"service_id": "services.csv", "organization_id": "organizations.csv", "location_id": "locations.csv",
          "service_at_location_id": "service_at_location.csv", "contact_id": "contacts.csv", "phone_id": "phones.csv"}
ROOTS = {"services.csv": [""], "organizations.csv": ["/organization"], "programs.csv": ["/program"],
         "service_at_location.csv": ["/service_at_locations"], "locations.csv": ["/service_at_locations/location"]}
NOT_NESTED = ("meta_table_descriptions.csv", "taxonomies.csv", "taxonomy_terms.csv")  # the package's own; vocabularies


def _package_tables(path: Path) -> dict[str, list[dict]]:
    with zipfile.ZipFile(path) as archive:
        return {name: list(csv.DictReader(io.StringIO(archive.read(name).decode("utf-8-sig"))))
                for name in archive.namelist() if name.endswith(".csv")}


def _dangling(row: dict) -> bool:
    return row.get("link_id") == DANGLING_ATTRIBUTE or row.get("resource_id") == DANGLING_METADATA


def _same(official: str, exported) -> bool:
    return exported is not None and (_value(official) == _value(exported)
                                     or _value(_typed(official)) == _value(_typed(str(exported))))


def _paths(tables: dict, name: str, row: dict) -> list[str]:
    """Return the member paths of an official row in a nested exported service."""
    if name in ROOTS:
        return ROOTS[name]
    return [f"{prefix}/{MEMBER[name]}" for link, parent in PARENT.items() if row.get(link)
            for parent_row in tables[parent] if parent_row["id"] == row[link]
            for prefix in _paths(tables, parent, parent_row)]


def test_every_official_table_value_comes_back_at_its_path(app, tmp_path):
    """Each cell of the official package is found in the exported JSON at the member path its table and
    links give it (phones.csv row linked to a location: /service_at_locations/location/phones/<column>)."""
    package = _official_package(tmp_path)
    app.test_cli_runner().invoke(args=["import", str(package)])
    exported = leaves(export_directory(public=False))
    tables = _package_tables(package)
    missing = []
    for name, rows in tables.items():
        if name in NOT_NESTED:
            continue
        for row in (r for r in rows if not _dangling(r)):
            paths = _paths(tables, name, row)
            assert paths, (name, row["id"])
            missing += [(name, f"{path}/{column}", text) for path in paths for column, text in row.items()
                        if text and column not in LINKS and (f"{path}/{column}", _value(text)) not in exported
                        and (f"{path}/{column}", _value(_typed(text))) not in exported]
    assert missing == [], "\n".join(map(str, missing))


def test_every_official_row_comes_back_in_the_exported_package(app, tmp_path):
    """Re-exported as a data package, every official row is there under its id with every value in the same
    column, its links included."""
    package = _official_package(tmp_path)
    app.test_cli_runner().invoke(args=["import", str(package)])
    exported = _package_tables_from_bytes(datapackage_bytes(public=False))
    differences = []
    for name, rows in _package_tables(package).items():
        if name == "meta_table_descriptions.csv":
            continue  # describes the official package itself
        ours = {row["id"]: row for row in exported.get(name, [])}
        for row in (r for r in rows if not _dangling(r)):
            if row["id"] not in ours:
                differences.append((name, row["id"], "missing"))
                continue
            differences += [(name, column, text, ours[row["id"]].get(column)) for column, text in row.items()
                            if text and not _same(text, ours[row["id"]].get(column))]
    assert differences == [], "\n".join(map(str, differences))


def _package_tables_from_bytes(data: bytes) -> dict[str, list[dict]]:
    path = io.BytesIO(data)
    with zipfile.ZipFile(path) as archive:
        return {name: list(csv.DictReader(io.StringIO(archive.read(name).decode("utf-8-sig"))))
                for name in archive.namelist() if name.endswith(".csv")}
