"""The directory as an HSDS tabular data package: a zip with datapackage.json and one CSV per table.

Export flattens the nested HSDS services of `export_directory()`; import rebuilds those nested
records from the tables and hands them to the JSON importer, so both formats share every rule.
Column types are declared in datapackage.json (Frictionless Table Schema); list and object
members that have no table of their own are JSON in their cell."""
import csv
import io
import json
import re
import sys
import zipfile
from datetime import datetime, timezone

from ..text import from_spreadsheet_safe, spreadsheet_safe
from .hsds_export import export_directory
from .hsds_import import ImportFileError

# table → (nested member → child table) and the column that links a child row to its parent
CHILDREN = {
    "services": {"phones": "phones", "schedules": "schedules", "service_areas": "service_areas",
                 "languages": "languages"},
    "organizations": {"phones": "phones"},
    "locations": {"addresses": "addresses", "phones": "phones"},
}
LINK = {"services": "service_id", "organizations": "organization_id", "locations": "location_id"}
TABLES = ("organizations", "services", "locations", "service_at_locations", "addresses", "phones", "schedules",
          "service_areas", "languages", "taxonomy_terms", "attributes")
FOREIGN = {"service_id": "services", "organization_id": "organizations", "location_id": "locations",
           "taxonomy_term_id": "taxonomy_terms"}
MANIFEST = "datapackage.json"
_GENERATED = re.compile(r"-(phone|schedule|area|language|address|attribute|sal)-\d+$")


# export ---------------------------------------------------------------------------------------
class _Tables:
    def __init__(self):
        self.rows: dict[str, list[dict]] = {name: [] for name in TABLES}
        self._seen: dict[str, set] = {name: set() for name in TABLES}

    def add(self, table: str, row: dict) -> bool:
        """Add a row once per id; return whether it was new."""
        if row["id"] in self._seen[table]:
            return False
        self._seen[table].add(row["id"])
        self.rows[table].append(row)
        return True

    def entity(self, table: str, obj: dict, **links) -> None:
        """Add an organization, service or location with its child tables and attributes."""
        obj = dict(obj)
        nested = {key: obj.pop(key) for key in (*CHILDREN[table], "attributes") if key in obj}
        if not self.add(table, {"id": obj.pop("id"), **links, **obj}):
            return
        parent_id = self.rows[table][-1]["id"]
        for key, child_table in CHILDREN[table].items():
            for i, item in enumerate(nested.get(key) or []):
                self._child(child_table, item, f"{parent_id}-{_singular(key)}-{i + 1}", {LINK[table]: parent_id})
        for i, attribute in enumerate(nested.get("attributes") or []):
            self._attribute(attribute, parent_id, table[:-1], f"{parent_id}-attribute-{i + 1}")

    def _child(self, table: str, item: dict, generated_id: str, links: dict) -> None:
        item = dict(item)
        self.add(table, {"id": item.pop("id", None) or generated_id, **links, **item})

    def _attribute(self, attribute: dict, link_id: str, link_type: str, generated_id: str) -> None:
        attribute = dict(attribute)
        term = dict(attribute.pop("taxonomy_term", None) or {})
        term_id = term.pop("id", None) or term.get("code")
        self.add("taxonomy_terms", {"id": term_id, **term})
        self.add("attributes", {"id": attribute.pop("id", None) or generated_id, "link_id": link_id,
                                "link_type": link_type, "link_entity": link_type, "taxonomy_term_id": term_id,
                                **attribute})

    def service(self, record: dict) -> None:
        record = dict(record)
        organization = record.pop("organization", None) or {}
        sals = record.pop("service_at_locations", None) or []
        if organization:
            self.entity("organizations", organization)
        self.entity("services", record, organization_id=organization.get("id"))
        for i, sal in enumerate(sals):
            sal = dict(sal)
            location = sal.pop("location", None) or {}
            if location:
                self.entity("locations", location)
            self._child("service_at_locations", sal, f"{record['id']}-sal-{i + 1}",
                        {"service_id": record["id"], "location_id": location.get("id")})


def _singular(key: str) -> str:
    return {"service_areas": "area", "addresses": "address"}.get(key, key[:-1])


def _field_type(values: list) -> str:
    kinds = {type(v) for v in values if v is not None}
    if kinds <= {str}:
        return "string"
    if kinds == {bool}:
        return "boolean"
    if kinds <= {int}:
        return "integer"
    if kinds <= {int, float}:
        return "number"
    return "array" if kinds == {list} else "object" if kinds == {dict} else "any"


def _schema(table: str, rows: list[dict]) -> dict:
    names = list(dict.fromkeys(name for row in rows for name in row)) or ["id"]
    fields = [{"name": n, "type": _field_type([r.get(n) for r in rows])} for n in names]
    foreign = [{"fields": n, "reference": {"resource": FOREIGN[n], "fields": "id"}}
               for n in names if n in FOREIGN and FOREIGN[n] != table]
    return {"fields": fields, "primaryKey": "id", "foreignKeys": foreign, "missingValues": [""]}


def _encode(value, kind: str) -> str:
    if value is None:
        return ""
    if kind == "boolean":
        return "true" if value else "false"
    if kind in ("array", "object", "any"):
        return json.dumps(value, ensure_ascii=False)
    return spreadsheet_safe(str(value))  # the tables are opened in spreadsheets too


def _csv(rows: list[dict], schema: dict) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([f["name"] for f in schema["fields"]])
    for row in rows:
        writer.writerow([_encode(row.get(f["name"]), f["type"]) for f in schema["fields"]])
    return out.getvalue()


def _manifest(resources: list[dict]) -> dict:
    return {
        "profile": "tabular-data-package", "name": "infotocka-hsds", "title": "Infotočka: HSDS 3.0 directory",
        "created": datetime.now(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z"),
        "description": "Open Referral HSDS 3.0 tables; cells of type array, object or any hold JSON.",
        "resources": resources,
    }


def write_datapackage(stream, records: list[dict]) -> None:
    """Write HSDS service records to a binary stream as a zipped tabular data package."""
    tables = _Tables()
    for record in records:
        tables.service(record)
    resources = []
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in TABLES:
            schema = _schema(name, tables.rows[name])
            archive.writestr(f"{name}.csv", _csv(tables.rows[name], schema))
            resources.append({"name": name, "path": f"{name}.csv", "profile": "tabular-data-resource",
                              "format": "csv", "mediatype": "text/csv", "encoding": "utf-8", "schema": schema})
        archive.writestr(MANIFEST, json.dumps(_manifest(resources), ensure_ascii=False, indent=2))


def datapackage_bytes(*, public: bool = True) -> bytes:
    """Return the whole directory as a zipped data package."""
    buffer = io.BytesIO()
    write_datapackage(buffer, export_directory(public=public))
    return buffer.getvalue()


# import ---------------------------------------------------------------------------------------
def _decode(text: str, kind: str):
    if text == "":
        return None
    if kind == "boolean":
        return text.strip().lower() in ("true", "1", "yes")
    if kind == "integer":
        return int(text)
    if kind == "number":
        return float(text)
    if kind in ("array", "object", "any"):
        return json.loads(text)
    return from_spreadsheet_safe(text)


def _read_table(archive: zipfile.ZipFile, resource: dict, base: str) -> list[dict]:
    types = {f["name"]: f.get("type", "string") for f in (resource.get("schema") or {}).get("fields", [])}
    text = archive.read(base + resource["path"]).decode("utf-8-sig")
    rows = []
    for raw in csv.DictReader(io.StringIO(text)):
        row = {name: _decode(value or "", types.get(name, "string")) for name, value in raw.items() if name}
        rows.append({name: value for name, value in row.items() if value is not None})
    return rows


def read_tables(path) -> dict[str, list[dict]]:
    """Read every table of a zipped data package; raise ImportFileError with a one-line reason."""
    try:
        with zipfile.ZipFile(path) as archive:
            manifest = next((n for n in archive.namelist() if n.rsplit("/", 1)[-1] == MANIFEST), None)
            if manifest is None:
                raise ImportFileError(f"{path}: no {MANIFEST} in the zip")
            base = manifest[: -len(MANIFEST)]
            package = json.loads(archive.read(manifest).decode("utf-8-sig"))
            resources = [r for r in package.get("resources", []) if r.get("name") in TABLES and r.get("path")]
            return {r["name"]: _read_table(archive, r, base) for r in resources}
    except ImportFileError:
        raise
    except (OSError, zipfile.BadZipFile, KeyError, ValueError, UnicodeDecodeError) as exc:
        raise ImportFileError(f"{path}: not a readable data package ({exc})") from None


class _Rebuild:
    def __init__(self, tables: dict[str, list[dict]]):
        self.by_id = {name: {row["id"]: row for row in tables.get(name, []) if "id" in row} for name in TABLES}
        self.children: dict[tuple[str, str, str], list[dict]] = {}
        for name in TABLES:
            for row in tables.get(name, []):
                for link in ("service_id", "organization_id", "location_id", "link_id"):
                    if link in row:
                        self.children.setdefault((name, link, row[link]), []).append(row)

    def _kids(self, table: str, link: str, parent_id: str) -> list[dict]:
        return self.children.get((table, link, parent_id), [])

    @staticmethod
    def _plain(row: dict, *drop: str) -> dict:
        item = {k: v for k, v in row.items() if k not in drop}
        if _GENERATED.search(str(item.get("id", ""))):
            item.pop("id")
        return item

    def entity(self, table: str, entity_id: str) -> dict:
        row = self.by_id[table].get(entity_id)
        if row is None:
            return {"id": entity_id}
        data = self._plain(row, "organization_id" if table == "services" else "")
        links = ("service_id", "organization_id", "location_id")
        for key, child_table in CHILDREN[table].items():
            kids = [self._plain(kid, *links) for kid in self._kids(child_table, LINK[table], entity_id)]
            if kids:
                data[key] = kids
        attributes = [self._attribute(a) for a in self._kids("attributes", "link_id", entity_id)
                      if a.get("link_type", table[:-1]) == table[:-1]]
        if attributes:
            data["attributes"] = attributes
        return data

    def _attribute(self, row: dict) -> dict:
        term_id = row.get("taxonomy_term_id")
        term = dict(self.by_id["taxonomy_terms"].get(term_id, {"code": term_id}))
        rest = self._plain(row, "link_id", "link_type", "link_entity", "taxonomy_term_id")
        return {**rest, "taxonomy_term": term}

    def service(self, row: dict) -> dict:
        record = self.entity("services", row["id"])
        if row.get("organization_id"):
            record["organization"] = self.entity("organizations", row["organization_id"])
        sals = [{**self._plain(sal, "service_id", "location_id"),
                 "location": self.entity("locations", sal["location_id"])}
                for sal in self._kids("service_at_locations", "service_id", row["id"]) if sal.get("location_id")]
        if sals:
            record["service_at_locations"] = sals
        return record


def records_from_tables(tables: dict[str, list[dict]]) -> list[dict]:
    """Rebuild nested HSDS service records from data-package tables."""
    rebuild = _Rebuild(tables)
    return [rebuild.service(row) for row in tables.get("services", []) if "id" in row]


def read_records(path) -> list[dict]:
    """Read a zipped data package as HSDS service records (for the JSON importer)."""
    return records_from_tables(read_tables(path))


def write_file(path: str | None, public: bool) -> None:
    """Write the directory's data package to a file, or to standard output for None or "-"."""
    data = datapackage_bytes(public=public)
    if path in (None, "-"):
        sys.stdout.buffer.write(data)
    else:
        with open(path, "wb") as fh:
            fh.write(data)


def is_package_path(path) -> bool:
    """Return whether an import file is a zipped data package (by its .zip name)."""
    return str(path).lower().endswith(".zip")
