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

from flask_babel import gettext as _

from ..text import from_spreadsheet_safe, spreadsheet_safe
from .hsds_export import export_directory
from .hsds_import import ImportFileError
from .hsds_parse import BAD_CELL, DROPPED_ROW
from .hsds_values import quoted
from .taxonomy_import import imported_vocabularies, wrap

# table → (nested member → child table) and the column that links a child row to its parent
CHILDREN = {
    "services": {"phones": "phones", "schedules": "schedules", "service_areas": "service_areas",
                 "languages": "languages", "contacts": "contacts", "cost_options": "cost_options",
                 "funding": "funding", "required_documents": "required_documents"},
    "organizations": {"phones": "phones", "contacts": "contacts", "funding": "funding", "programs": "programs",
                      "organization_identifiers": "organization_identifiers"},
    "locations": {"addresses": "addresses", "phones": "phones", "schedules": "schedules", "languages": "languages",
                  "contacts": "contacts", "accessibility": "accessibility"},
    "service_at_locations": {"phones": "phones", "schedules": "schedules", "contacts": "contacts"},
    "phones": {"languages": "languages"},
    "contacts": {"phones": "phones"},
}
LINK = {"services": "service_id", "organizations": "organization_id", "locations": "location_id",
        "service_at_locations": "service_at_location_id", "phones": "phone_id", "contacts": "contact_id"}
# our table name → the official HSDS 3.0 resource name; the file is <table>.csv, as the official package has it
# (but for service_at_location.csv)
OFFICIAL = {"organizations": "organization", "services": "service", "locations": "location",
            "service_at_locations": "service_at_location", "addresses": "address", "phones": "phone",
            "schedules": "schedule", "service_areas": "service_area", "languages": "language",
            "contacts": "contact", "cost_options": "cost_option", "funding": "funding",
            "required_documents": "required_document", "programs": "program",
            "organization_identifiers": "organization_identifier", "accessibility": "accessibility",
            "taxonomies": "taxonomy", "taxonomy_terms": "taxonomy_term", "attributes": "attribute",
            "metadata": "metadata"}
TABLES = tuple(OFFICIAL)
FOREIGN = {"service_id": "services", "organization_id": "organizations", "location_id": "locations",
           "taxonomy_term_id": "taxonomy_terms", "service_at_location_id": "service_at_locations",
           "phone_id": "phones", "contact_id": "contacts", "program_id": "programs", "taxonomy_id": "taxonomies"}
LINKS = tuple(FOREIGN) + ("link_id", "resource_id")


def file_name(table: str) -> str:
    """Return the CSV file of a table, named as in the official package."""
    return "service_at_location.csv" if table == "service_at_locations" else f"{table}.csv"


MANIFEST = "datapackage.json"
# A package is read whole into memory: refuse one that would not fit (a zip bomb: 1 MB holding 1 GiB).
MAX_MEMBER_BYTES = 200 * 1024 * 1024  # uncompressed size of one CSV
MAX_TOTAL_BYTES = 500 * 1024 * 1024  # uncompressed size of the package
MAX_RATIO = 200  # uncompressed / compressed size of a member
MAX_ROWS = 1_000_000  # rows of one table
_GENERATED = re.compile(r"-(phone|schedule|area|language|address|attribute|sal|contact|cost_option|funding|"
                        r"required_document|program|organization_identifier|accessibility)-\d+$")


# export ---------------------------------------------------------------------------------------
class _Tables:
    def __init__(self):
        self.rows: dict[str, list[dict]] = {name: [] for name in TABLES}
        self._by_id: dict[str, dict] = {name: {} for name in TABLES}

    def add(self, table: str, row: dict) -> bool:
        """Add a row once per id; return whether it was new. A row met again under another parent (a phone
        of a service and of its location) gains that parent's link in the column it left empty."""
        if row["id"] in self._by_id[table]:
            kept = self._by_id[table][row["id"]]
            kept.update({k: v for k, v in row.items() if k in LINKS and v and not kept.get(k)})
            return False
        self._by_id[table][row["id"]] = row
        self.rows[table].append(row)
        return True

    def entity(self, table: str, obj: dict, **links) -> None:
        """Add a row with its child tables, attributes, metadata and program, recursively."""
        obj = dict(obj)
        children = CHILDREN.get(table, {})
        nested = {key: obj.pop(key) for key in (*children, "attributes", "metadata") if key in obj}
        program = obj.pop("program", None) if table == "services" else None
        if isinstance(program, dict):
            self.entity("programs", program)
            links["program_id"] = program.get("id")
        if not self.add(table, {"id": obj.pop("id"), **links, **obj}):
            return
        parent_id = self.rows[table][-1]["id"]
        for key, child_table in children.items():
            for i, item in enumerate(nested.get(key) or []):
                self._child(child_table, item, f"{parent_id}-{_singular(key)}-{i + 1}", {LINK[table]: parent_id})
        for i, attribute in enumerate(nested.get("attributes") or []):
            self._attribute(attribute, parent_id, OFFICIAL[table], f"{parent_id}-attribute-{i + 1}")
        for item in nested.get("metadata") or []:
            self.add("metadata", {**item, "resource_id": item.get("resource_id") or parent_id,
                                  "resource_type": item.get("resource_type") or OFFICIAL[table]})

    def _child(self, table: str, item: dict, generated_id: str, links: dict) -> None:
        item = dict(item)
        self.entity(table, {**item, "id": item.get("id") or generated_id}, **links)

    def _attribute(self, attribute: dict, link_id: str, link_type: str, generated_id: str) -> None:
        attribute = dict(attribute)
        term = dict(attribute.pop("taxonomy_term", None) or {})
        term_id = term.pop("id", None) or term.get("code")
        detail = term.pop("taxonomy_detail", None)
        if isinstance(detail, dict) and detail.get("id"):
            self.add("taxonomies", dict(detail))
            term["taxonomy_id"] = detail["id"]
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
    return {"service_areas": "area", "addresses": "address", "accessibility": "accessibility",
            "funding": "funding"}.get(key, key[:-1])


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
    foreign = [{"fields": n, "reference": {"resource": OFFICIAL[FOREIGN[n]], "fields": "id"}}
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


def write_datapackage(stream, records: list[dict], vocabularies: list[tuple[str, dict]] = ()) -> None:
    """Write HSDS service records (and imported taxonomies and terms: (table, object)) to a binary stream as a
    zipped tabular data package."""
    tables = _Tables()
    for record in records:
        tables.service(record)
    for table, row in vocabularies:
        tables.add(table, dict(row))
    resources = []
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in TABLES:
            schema = _schema(name, tables.rows[name])
            archive.writestr(file_name(name), _csv(tables.rows[name], schema))
            resources.append({"name": OFFICIAL[name], "path": file_name(name), "profile": "tabular-data-resource",
                              "format": "csv", "mediatype": "text/csv", "encoding": "utf-8", "schema": schema})
        archive.writestr(MANIFEST, json.dumps(_manifest(resources), ensure_ascii=False, indent=2))


def datapackage_bytes(*, public: bool = True) -> bytes:
    """Return the whole directory as a zipped data package."""
    buffer = io.BytesIO()
    write_datapackage(buffer, export_directory(public=public), imported_vocabularies())
    return buffer.getvalue()


# import ---------------------------------------------------------------------------------------
TABLE_OF = {official: table for table, official in OFFICIAL.items()}


def _resource(resource: dict) -> dict:
    """Return a resource under our table name, whether the package names it in the singular (as HSDS 3.0
    does) or in the plural (as this directory did before)."""
    return {**resource, "name": TABLE_OF.get(resource.get("name"), resource.get("name"))}


class BadCell:
    """A cell that does not hold a value of its column's type: the record it belongs to is rejected, naming it."""

    def __init__(self, table: str, line: int, column: str, kind: str, text: str):
        self.table, self.line, self.column, self.kind, self.text = table, line, column, kind, text

    def message(self) -> str:
        """Return "<table>.csv, line N, column C: why", in the reader's language."""
        where = _("%(table)s.csv, vrstica %(line)d, stolpec %(column)s", table=self.table, line=self.line,
                  column=self.column)
        return f"{where}: " + _("%(value)s ni vrednost tipa %(type)s", value=quoted(self.text), type=self.kind)


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


def _cell(table: str, line: int, name: str, text: str, kind: str):
    try:
        return _decode(text, kind)
    except ValueError:  # int(), float() and json.loads() all raise a ValueError
        return BadCell(table, line, name, kind, text)


def _check_size(info: zipfile.ZipInfo) -> None:
    if info.file_size > MAX_MEMBER_BYTES or info.file_size > MAX_RATIO * max(info.compress_size, 1):
        raise ImportFileError(f"{info.filename}: {info.file_size} bytes unpacked from {info.compress_size}: "
                              f"more than this importer reads (at most {MAX_MEMBER_BYTES} bytes, "
                              f"{MAX_RATIO} times the packed size)")


def _read_table(archive: zipfile.ZipFile, resource: dict, base: str) -> list[dict]:
    types = {f["name"]: f.get("type", "string") for f in (resource.get("schema") or {}).get("fields", [])}
    info = archive.getinfo(base + resource["path"])
    _check_size(info)
    with archive.open(info) as raw_file:  # the declared size can lie: read no more than the limit
        data = raw_file.read(MAX_MEMBER_BYTES + 1)
    if len(data) > MAX_MEMBER_BYTES:
        raise ImportFileError(f"{info.filename}: larger than {MAX_MEMBER_BYTES} bytes unpacked")
    rows = []
    for line, raw in enumerate(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))), start=2):
        if len(rows) >= MAX_ROWS:
            raise ImportFileError(f"{info.filename}: more than {MAX_ROWS} rows")
        row = {name: _cell(resource["name"], line, name, value or "", types.get(name, "string"))
               for name, value in raw.items() if name}
        rows.append(Row({name: value for name, value in row.items() if value is not None},
                        where=(info.filename.rsplit("/", 1)[-1], line)))
    return rows


class Row(dict):
    """A row of a table that knows its file and line, so that a row no record takes in can be named."""

    def __init__(self, values: dict, where: tuple[str, int] = ("", 0)):
        super().__init__(values)
        self.where = where


def read_tables(path) -> dict[str, list[dict]]:
    """Read every table of a zipped data package; raise ImportFileError with a one-line reason."""
    try:
        with zipfile.ZipFile(path) as archive:
            manifest = next((n for n in archive.namelist() if n.rsplit("/", 1)[-1] == MANIFEST), None)
            if manifest is None:
                raise ImportFileError(f"{path}: no {MANIFEST} in the zip")
            base = manifest[: -len(MANIFEST)]
            _check_size(archive.getinfo(manifest))
            if sum(info.file_size for info in archive.infolist()) > MAX_TOTAL_BYTES:
                raise ImportFileError(f"{path}: more than {MAX_TOTAL_BYTES} bytes unpacked")
            package = json.loads(archive.read(manifest).decode("utf-8-sig"))
            resources = [_resource(r) for r in package.get("resources", []) if isinstance(r, dict)]
            resources = [r for r in resources if r.get("name") in TABLES and r.get("path")]
            if not resources:
                names = ", ".join(str(r.get("name")) for r in package.get("resources", []) if isinstance(r, dict))
                raise ImportFileError(f"{path}: no HSDS table in {MANIFEST} (resources: {names or 'none'})")
            return {r["name"]: _read_table(archive, r, base) for r in resources}
    except ImportFileError:
        raise
    except (OSError, zipfile.BadZipFile, KeyError, ValueError, UnicodeDecodeError) as exc:
        raise ImportFileError(f"{path}: not a readable data package ({exc})") from None


class _Rebuild:
    def __init__(self, tables: dict[str, list[dict]]):
        self.tables = tables
        self.used: set[int] = set()  # id() of every row some record took in
        self.by_id = {name: {row["id"]: row for row in tables.get(name, []) if "id" in row} for name in TABLES}
        self.children: dict[tuple[str, str, str], list[dict]] = {}
        for name in TABLES:
            for row in tables.get(name, []):
                for link in LINKS:
                    if isinstance(row.get(link), str):
                        self.children.setdefault((name, link, row[link]), []).append(row)

    def _kids(self, table: str, link: str, parent_id: str) -> list[dict]:
        return self.children.get((table, link, parent_id), [])

    def _plain(self, row: dict) -> dict:
        """Return a row's values without the links its nesting says; a link to a row the package does not
        hold (a contact's organization_id naming an organization of another file) is kept as its member."""
        self.used.add(id(row))
        item = {k: v for k, v in row.items() if k not in LINKS or (
            k in FOREIGN and isinstance(v, str) and v not in self.by_id[FOREIGN[k]])}
        if _GENERATED.search(str(item.get("id", ""))):
            item.pop("id")
        return item

    def entity(self, table: str, entity_id: str) -> dict:
        row = self.by_id[table].get(entity_id)
        return {"id": entity_id} if row is None else self.nest(table, row)

    def nest(self, table: str, row: dict) -> dict:
        """Return a row with the rows of its child tables, attributes and metadata nested in it."""
        data = self._plain(row)
        for key, child_table in CHILDREN.get(table, {}).items():
            kids = [self.nest(child_table, kid) for kid in self._kids(child_table, LINK[table], row["id"])]
            if kids:
                data[key] = kids
        own = OFFICIAL[table]
        attributes = [self._attribute(a) for a in self._kids("attributes", "link_id", row["id"])
                      if a.get("link_type", own) == own or a.get("link_type") not in TABLE_OF]
        metadata = [self._plain(m) for m in self._kids("metadata", "resource_id", row["id"])]
        data.update({k: v for k, v in (("attributes", attributes), ("metadata", metadata)) if v})
        if table == "services" and row.get("program_id") in self.by_id["programs"]:
            data["program"] = self._plain(self.by_id["programs"][row["program_id"]])
        return data

    def _attribute(self, row: dict) -> dict:
        term_id = row.get("taxonomy_term_id")
        term_row = self.by_id["taxonomy_terms"].get(term_id)
        term = dict(term_row) if term_row is not None else {"code": term_id}
        taxonomy = self.by_id["taxonomies"].get(term.pop("taxonomy_id", None))
        self.used.update({id(term_row), id(taxonomy)})
        if taxonomy:
            term["taxonomy_detail"] = dict(taxonomy)
        own = row.get("link_type")  # our writer's link_type/link_entity say what the nesting says
        rest = {k: v for k, v in self._plain(row).items() if not (k in ("link_type", "link_entity") and v == own
                                                                  and own in TABLE_OF)}
        return {**rest, "taxonomy_term": term}

    def vocabularies(self) -> list[dict]:
        """Return every row of the taxonomies and taxonomy_terms tables as a record of its own (as in a JSON file
        of taxonomies or terms): those of other systems are kept as given, ours are left alone."""
        found = []
        for table, kind in (("taxonomies", "taxonomy"), ("taxonomy_terms", "taxonomy_term")):
            for row in self.tables.get(table, []):
                self.used.add(id(row))
                found.append(wrap(kind, dict(row)))
        return found

    def dropped(self) -> list[dict]:
        """Return a DROPPED_ROW record for each row of the tables that no service record took in."""
        found = []
        for table in TABLES:
            for row in self.tables.get(table, []):
                if id(row) not in self.used:
                    where = getattr(row, "where", (file_name(table), 0))
                    found.append({DROPPED_ROW: where, "field": self._missing_link(row), "message": _(
                        "vrstica ni uvožena: ne spada k nobeni storitvi")})
        return found

    def _missing_link(self, row: dict) -> str:
        """Return "<column> <value>" of the first link of a row to a row that does not exist, else "id"."""
        for column, value in row.items():
            if column in FOREIGN and isinstance(value, str) and value not in self.by_id[FOREIGN[column]]:
                return f"{column} {quoted(value)}"
            if column in ("link_id", "resource_id") and not any(value in ids for ids in self.by_id.values()):
                return f"{column} {quoted(value)}"
        return "id" if "id" not in row else f"id {quoted(row['id'])}"

    def service(self, row: dict) -> dict:
        record = self.entity("services", row["id"])
        if row.get("organization_id"):
            record["organization"] = self.entity("organizations", row["organization_id"])
        sals = [{**self.nest("service_at_locations", sal), "location": self.entity("locations", sal["location_id"])}
                for sal in self._kids("service_at_locations", "service_id", row["id"]) if sal.get("location_id")]
        if sals:
            record["service_at_locations"] = sals
        return record


def records_from_tables(tables: dict[str, list[dict]]) -> list[dict]:
    """Rebuild nested HSDS service records from data-package tables; a record with a bad cell carries it
    under BAD_CELL, so that the importer rejects that record alone, naming the table, line and column.

    A row that no record takes in (a phone whose service_id names no service, …) follows as a
    DROPPED_ROW record naming its file, line and why, so that the report lists every row not imported."""
    rebuild = _Rebuild(tables)
    records = []
    for row in tables.get("services", []):
        if "id" not in row:
            continue
        record = rebuild.service(row)
        bad = _first_bad_cell(record)
        records.append({"id": record["id"], BAD_CELL: bad.message()} if bad else record)
    return records + rebuild.vocabularies() + rebuild.dropped()


def _first_bad_cell(node):
    if isinstance(node, BadCell):
        return node
    values = node.values() if isinstance(node, dict) else node if isinstance(node, list) else ()
    return next((bad for value in values if (bad := _first_bad_cell(value)) is not None), None)


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
