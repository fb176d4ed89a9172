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

from hsds_schemas import HERE as HSDS, example
from infotocka.directory.datapackage import datapackage_bytes
from infotocka.directory.hsds_export import export_directory
from infotocka.directory.hsds_import import import_path, import_records

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


def test_an_organization_list_says_its_organizations_have_no_services(app, tmp_path):
    """The official organization_list.json holds organizations without their services: each is named with
    the reason, not mistaken for a service without an organization."""
    path = tmp_path / "organizations.json"
    path.write_text(json.dumps(example("organization_list.json")), encoding="utf-8")
    report = import_path(path)
    assert report.rejected == 1 and [p.field for p in report.problems] == ["services"]


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


def test_the_official_tabular_package_imports_without_losing_a_value(app, tmp_path):
    result = app.test_cli_runner().invoke(args=["import", str(_official_package(tmp_path))])
    assert result.exit_code == 1, result.output  # rows were dropped: each is named, the status says so
    assert "3 created" in result.output and "0 rejected" in result.output  # the service, its taxonomy and term
    dropped = [line.split(": ")[0:2] for line in result.output.splitlines() if "vrstica ni uvožena" in line]
    assert dropped == [["attributes.csv, vrstica 2", f"link_id '{DANGLING_ATTRIBUTE}'"],
                       ["metadata.csv, vrstica 2", f"resource_id '{DANGLING_METADATA}'"]]
    exported = leaves(export_directory(public=False))
    exported_values = {value for _path, value in exported.elements()}
    missing = []
    for table in (HSDS / "examples" / "csv").glob("*.csv"):
        if table.name in ("meta_table_descriptions.csv", "locations.csv"):
            continue  # describes the package itself; locations were moved above
        for row in csv.DictReader(io.StringIO(table.read_text(encoding="utf-8"))):
            if row.get("link_id") == DANGLING_ATTRIBUTE or row.get("resource_id") == DANGLING_METADATA:
                continue
            if table.name.startswith("taxonom"):
                continue  # imported as taxonomies of their own: compared with the exported package below
            missing += [(table.name, k, v) for k, v in row.items() if v and k not in LINKS
                        and _value(v) not in exported_values and _value(_typed(v)) not in exported_values]
    assert missing == [], "\n".join(map(str, missing))


def _typed(text: str):
    try:
        return float(text)
    except ValueError:
        return text


def test_the_official_taxonomy_tables_come_back_in_the_exported_package(app, tmp_path):
    app.test_cli_runner().invoke(args=["import", str(_official_package(tmp_path))])
    exported = zipfile.ZipFile(io.BytesIO(datapackage_bytes(public=False)))
    for name in ("taxonomies.csv", "taxonomy_terms.csv"):
        (official,) = csv.DictReader(io.StringIO((HSDS / "examples" / "csv" / name).read_text(encoding="utf-8")))
        rows = list(csv.DictReader(io.StringIO(exported.read(name).decode("utf-8"))))
        ours = next(row for row in rows if row["id"] == official["id"])
        assert {k: v for k, v in official.items() if v} == {k: v for k, v in ours.items() if v}, name
