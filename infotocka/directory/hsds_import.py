"""Import HSDS service records: validate, upsert by id, report problems.

`apply_service_record` is the one write path for listings: the importer and the
editing forms (which turn a form into an HSDS dict) both go through it. What a write
changes is logged for the search index by the session hook (changes.py)."""
import json
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import inspect
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import joinedload, selectinload
from sqlalchemy.orm.util import identity_key

from ..audit import record_audit
from ..extensions import db
from ..models import Address, Location, Organization, Phone, Schedule, Service, ServiceAtLocation
from .hsds_export import location_to_hsds, organization_to_hsds, service_to_hsds
from .hsds_fields import FIELDS
from .hsds_ids import source_id
from .hsds_parse import DROPPED_ROW, Catalog, Warn, parse_organization, parse_service
from .hsds_values import RecordError
from .loading import service_loads
from .operations import Getter, assign, assign_rows, save_organization
from .taxonomy_import import TAXONOMY_RECORD, import_taxonomy_record, taxonomy_kind, wrap

__all__ = ["ImportFileError", "ImportReport", "Problem", "RecordError", "apply_service_record", "import_path",
           "import_records", "read_records"]


class ImportFileError(ValueError):
    """A file that is not JSON, or not an array of services nor an HSDS page."""


@dataclass
class Problem:
    record_id: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.record_id}: {self.field}: {self.message}"


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    dropped: int = 0  # rows of a data package that belong to no record
    problems: list[Problem] = field(default_factory=list)

    @property
    def summary(self) -> str:
        dropped = f"{self.dropped} rows dropped, " if self.dropped else ""
        return (f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged, "
                f"{self.rejected} rejected, {dropped}{len(self.problems)} problems")

    def count(self, outcome: str) -> None:
        """Add one record to the counter of its outcome."""
        setattr(self, outcome, getattr(self, outcome) + 1)


def read_records(path) -> list:
    """Read a JSON array of services or an HSDS page; raise ImportFileError with a one-line reason."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise ImportFileError(f"{path}: cannot read the file ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise ImportFileError(f"{path}: not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise ImportFileError(f"{path}: not JSON ({exc.msg}, line {exc.lineno})") from None
    if isinstance(data, dict) and isinstance(data.get("contents"), list):
        data = data["contents"]
    elif isinstance(data, dict) and ("services" in data or "service" in data):
        data = [data]  # one organization or one service_at_location
    if not isinstance(data, list):
        raise ImportFileError(f"{path}: expected a JSON array of services, organizations, service_at_locations, "
                              "taxonomies or taxonomy terms, or an HSDS page with 'contents'")
    return [record for item in data for record in service_records(item)]


def service_records(item) -> list:
    """Return the records an HSDS object of a file stands for: a service itself, an organization's services
    (each with the organization nested), the service of a service_at_location, or a taxonomy or term."""
    if not isinstance(item, dict):
        return [item]
    if (kind := taxonomy_kind(item)) is not None:
        return [wrap(kind, item)]
    if isinstance(item.get("services"), list) and "organization" not in item or _is_organization(item):
        organization = {k: v for k, v in item.items() if k != "services"}
        if not item.get("services"):  # an organization list's item: imported as an organization alone
            return [{ORGANIZATION_RECORD: organization}]
        return [{**service, "organization": organization} if isinstance(service, dict) else service
                for service in item["services"]]
    if isinstance(item.get("service"), dict) and "name" not in item:
        sal = {k: v for k, v in item.items() if k != "service"}
        return [{**item["service"], "service_at_locations": [sal]}]
    return [item]


ORGANIZATION_ONLY = set(FIELDS["organization"]) - set(FIELDS["service"])  # website, legal_status, …
ORGANIZATION_RECORD = "\0organization"  # wraps an organization without services (never a member name of HSDS)


def _is_organization(item: dict) -> bool:
    """Return whether an object without `services` is an organization (as the items of an organization list are):
    no service `status`, no organization of its own, and a member only organizations have."""
    return ("status" not in item and not {"organization", "organization_id"} & set(item)
            and bool(ORGANIZATION_ONLY & set(item)))


def import_path(path) -> ImportReport:
    """Import the services of one JSON file and commit."""
    return import_records(read_records(path))


BATCH = 500  # records per commit: bounds memory, lock time and each search-index catch-up


def import_records(records: list) -> ImportReport:
    """Import service records and commit the good ones every BATCH records.

    The rows a batch may touch are loaded up front in a few queries, and the batch is one
    transaction, so the search index catches up once per batch, not once per record. A batch of
    new listings is written at once (`_import_new`); otherwise, or when that fails, each record is
    written in a savepoint of its own (`_import_each`), so a bad one costs only itself."""
    report = ImportReport()
    for start in range(0, len(records), BATCH):
        batch = records[start:start + BATCH]
        _begin_transaction()
        catalog = Catalog()  # three queries; one kept from the last batch would reload each row it expired
        rows = _Rows(batch)
        if not _import_new(batch, start, catalog, report, rows):
            _begin_transaction()
            _import_each(batch, start, catalog, report, _Rows(batch))
    if not records:
        db.session.commit()
    return report


def _import_each(batch: list, start: int, catalog: Catalog, report: ImportReport, rows: "_Rows") -> None:
    """Write each record in a savepoint and commit the batch (the index catches up after this commit)."""
    for offset, record in enumerate(batch):
        kind = _kind_of(record)
        if kind == "dropped":
            _report_dropped(record, report)
        elif kind == "taxonomy":
            record = record if TAXONOMY_RECORD in record else wrap(taxonomy_kind(record), record)
            _import_taxonomy(record, _record_id(record["record"], start + offset), report)
        elif kind == "organization":
            organization = record[ORGANIZATION_RECORD]
            _import_organization(organization, _record_id(organization, start + offset), catalog, report)
        else:
            _import_one(record, _record_id(record, start + offset), catalog, report, rows)
    db.session.commit()


def _import_new(batch: list, start: int, catalog: Catalog, report: ImportReport, rows: "_Rows") -> bool:
    """Write a batch whose listings are all new with one flush, without a savepoint per record.

    A record the parser rejects is left out before anything of it is written. Return False, with
    the transaction rolled back and nothing counted, when a listing or one of its service-at-location
    rows exists already or appears twice, or when writing fails: the caller then writes record by record."""
    if not rows.all_new or any(_kind_of(record) != "service" for record in batch):
        db.session.rollback()
        return False
    done = ImportReport()
    try:
        with db.session.no_autoflush:
            for offset, record in enumerate(batch):
                record_id = _record_id(record, start + offset)
                warnings: list[Problem] = []
                try:
                    parsed = parse_service(record, catalog, lambda f, m: warnings.append(Problem(record_id, f, m)))
                except RecordError as exc:
                    done.count("rejected")
                    done.problems.append(_rejection(record_id, exc))
                    continue
                service = _write_service(None, parsed, rows.get)
                done.problems.extend(warnings)
                done.count("created")
                rows.keep(service)
        db.session.flush()
    except (SQLAlchemyError, ValueError, TypeError, AttributeError, OverflowError):
        db.session.rollback()
        return False
    db.session.commit()
    for outcome in ("created", "rejected"):
        setattr(report, outcome, getattr(report, outcome) + getattr(done, outcome))
    report.problems.extend(done.problems)
    return True


def _kind_of(record) -> str:
    """Say what a record of a file stands for: "dropped" (a data-package row no record took in), "taxonomy"
    (a taxonomy or term), "organization" (one without services) or "service"."""
    if isinstance(record, dict):
        if DROPPED_ROW in record:
            return "dropped"
        if TAXONOMY_RECORD in record or taxonomy_kind(record) is not None:
            return "taxonomy"
        if ORGANIZATION_RECORD in record:
            return "organization"
    return "service"


def _import_taxonomy(record: dict, record_id: str, report: ImportReport) -> None:
    """Import one taxonomy or term in a savepoint of its own; a bad one is rejected alone."""
    warnings: list[Problem] = []
    savepoint = db.session.begin_nested()
    try:
        outcome = import_taxonomy_record(record, lambda f, m: warnings.append(Problem(record_id, f, m)))
    except (RecordError, SQLAlchemyError) as exc:
        _reject(savepoint, report, _rejection(record_id, exc))
        return
    savepoint.commit()
    report.problems.extend(warnings)
    report.count(outcome)


def _import_organization(record: dict, record_id: str, catalog: Catalog, report: ImportReport) -> None:
    """Import an organization without services (an item of an organization list) in a savepoint of its own."""
    warnings: list[Problem] = []
    savepoint = db.session.begin_nested()
    try:
        parsed = parse_organization(record, catalog, lambda f, m: warnings.append(Problem(record_id, f, m)))
        existing = db.session.get(Organization, parsed["values"]["id"])
        published = organization_to_hsds(existing) if existing is not None else None
        before = _without_stamp(published) if published is not None else None
        with db.session.no_autoflush:
            organization = _write_organization(parsed, db.session.get)
        db.session.flush()
    except (RecordError, SQLAlchemyError) as exc:
        _reject(savepoint, report, _rejection(record_id, exc))
        return
    report.problems.extend(warnings)
    after = _without_stamp(organization_to_hsds(organization))
    outcome = "created" if before is None else "unchanged" if before == after else "updated"
    report.count(outcome)
    if outcome == "unchanged":
        savepoint.rollback()
        return
    if outcome == "updated":
        organization.version += 1
        # per field, as for an imported listing (no editor: the importer)
        record_audit("organization", organization.id, published, organization_to_hsds(organization), None, "update")
    savepoint.commit()


def _without_stamp(organization: dict) -> dict:
    return {k: v for k, v in organization.items() if k != "last_modified"}


def _report_dropped(record: dict, report: ImportReport) -> None:
    """Report a data-package row that no record took in: its file and line, the link that failed."""
    file, line = record[DROPPED_ROW]
    where = _("%(file)s, vrstica %(line)d", file=file, line=line)
    report.problems.append(Problem(where, record["field"], record["message"]))
    report.count("dropped")


def _begin_transaction() -> None:
    """Make sure SQLite runs the batch in one real transaction.

    pysqlite starts no transaction before a SAVEPOINT, so SQLite treats the first record's
    savepoint as the transaction itself and its RELEASE commits (and syncs to disk) every
    record on its own; an explicit BEGIN makes the savepoints nest, as on PostgreSQL. IMMEDIATE takes
    the write lock first (waiting up to SQLITE_BUSY_TIMEOUT for a web edit to finish): a batch that
    started by reading could not upgrade its stale WAL snapshot and every record would fail with
    "database is locked"."""
    connection = db.session.connection()
    if connection.dialect.name != "sqlite":
        return
    dbapi = connection.connection.dbapi_connection
    if dbapi is not None and not dbapi.in_transaction:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


class _Rows:
    """The services, organizations, locations and their children that a batch of records names,
    loaded in a few queries; `get` then answers from the session without a query per record."""

    CHUNK = 500  # ids per IN (…) list

    def __init__(self, records: list):
        ids: dict[type, set[str]] = {Service: set(), Organization: set(), Location: set(), ServiceAtLocation: set()}
        for record in records:
            _collect_ids(record, ids)
        org = joinedload(Service.organization)  # as service_loads() loads it
        options = {
            Service: [*service_loads("hsds"), org.selectinload(Organization.services)],
            Organization: [selectinload(Organization.phones), selectinload(Organization.terms),
                           selectinload(Organization.services)],
            Location: [selectinload(Location.addresses)],
            ServiceAtLocation: [selectinload(ServiceAtLocation.location).selectinload(Location.addresses)],
        }
        self.loaded: list = []  # strong references: the session's identity map only holds weak ones
        self.missing: set[tuple[type, str]] = set()
        self.written: dict[tuple[type, str], object] = {}  # rows earlier records of the batch added
        for cls, wanted in ids.items():
            wanted = sorted(wanted)
            found = set()
            for start in range(0, len(wanted), self.CHUNK):
                chunk = wanted[start:start + self.CHUNK]
                query = db.select(cls).where(cls.id.in_(chunk)).options(*options[cls])
                rows = db.session.scalars(query).all()
                self.loaded.extend(rows)
                found.update(row.id for row in rows)
            self.missing.update((cls, i) for i in wanted if i not in found)
        # one listing per record and each service-at-location named once, none of them in the database yet
        self.all_new = (len(ids[Service]) == len(records)
                        and len(ids[ServiceAtLocation]) == sum(map(_count_sals, records))
                        and all((cls, i) in self.missing for cls in (Service, ServiceAtLocation) for i in ids[cls]))

    def get(self, cls: type, ident: str):
        if (cls, ident) in self.missing:
            # Absent before the batch: only an earlier record of this batch can have added it, and
            # keep() holds what they wrote (a rolled-back record's rows are gone from the session).
            row = self.written.get((cls, ident))
            if row is not None and (row in db.session or inspect(row).persistent):
                return row
            return db.session.identity_map.get(identity_key(cls, ident))
        return db.session.get(cls, ident)  # loaded above: no query

    def keep(self, service: Service) -> None:
        """Hold the rows a record wrote for the rest of the batch (the identity map holds them weakly)."""
        rows = [service, service.organization, *service.service_at_locations,
                *(sal.location for sal in service.service_at_locations)]
        self.loaded += rows
        self.written.update(((type(row), row.id), row) for row in rows)


def _collect_ids(record, ids: dict[type, set[str]]) -> None:
    """Add the ids a raw record names (as parse_service will read them) to ids, ignoring malformed parts."""
    def add(cls: type, entry):
        value = source_id(entry) if isinstance(entry, dict) else None
        if isinstance(value, str) and value.strip():
            ids[cls].add(value.strip())

    if not isinstance(record, dict):
        return
    add(Service, record)
    add(Organization, record.get("organization"))
    sals = record.get("service_at_locations")
    for sal in sals if isinstance(sals, list) else []:
        add(ServiceAtLocation, sal)
        add(Location, sal.get("location") if isinstance(sal, dict) else None)


def _count_sals(record) -> int:
    sals = record.get("service_at_locations") if isinstance(record, dict) else None
    return sum(1 for sal in sals if isinstance(sal, dict) and source_id(sal)) if isinstance(sals, list) else 0


def _record_id(record, index: int) -> str:
    record_id = source_id(record) if isinstance(record, dict) else None
    return str(record_id) if record_id not in (None, "") else f"#{index + 1}"


def _import_one(record, record_id: str, catalog: Catalog, report: ImportReport, rows: _Rows) -> None:
    warnings: list[Problem] = []
    savepoint = db.session.begin_nested()
    try:
        service, outcome, before = _write(record, catalog, lambda f, m: warnings.append(Problem(record_id, f, m)),
                                          rows.get)
    except (RecordError, SQLAlchemyError) as exc:
        _reject(savepoint, report, _rejection(record_id, exc))
        return
    except (ValueError, TypeError, AttributeError, OverflowError) as exc:  # a malformation the parser missed
        current_app.logger.warning("Import record %s rejected by an unexpected error", record_id, exc_info=True)
        _reject(savepoint, report, Problem(record_id, "record", _("zapisa ni mogoče prebrati (%(error)s)",
                                                                  error=type(exc).__name__)))
        return
    report.problems.extend(warnings)
    report.count(outcome)
    if outcome == "updated":
        _audit_import(service, before)
    if outcome == "unchanged":
        savepoint.rollback()  # undo the rewrite of identical rows; nothing to index
    else:
        savepoint.commit()
        rows.keep(service)


def _reject(savepoint, report: ImportReport, problem: Problem) -> None:
    """Undo what a bad record wrote and count it as rejected; the rest of the batch goes on."""
    savepoint.rollback()
    report.count("rejected")
    report.problems.append(problem)


def _rejection(record_id: str, exc: Exception) -> Problem:
    if isinstance(exc, RecordError):
        return Problem(record_id, exc.field, exc.message)
    reason = str(getattr(exc, "orig", exc)).splitlines()[0]
    return Problem(record_id, "record", _("podatkovna zbirka ga je zavrnila: %(reason)s", reason=reason))


def apply_service_record(record: dict, *, warn: Warn | None = None) -> Service:
    """Validate one HSDS service record and write it without committing; raise RecordError when it is bad."""
    return _write(record, Catalog(), warn or (lambda f, m: None), db.session.get)[0]  # callers audit


def _write(record: dict, catalog: Catalog, warn: Warn, get: Getter) -> tuple[Service, str, dict]:
    """Write one record; return the service, "created"/"updated"/"unchanged" and its HSDS snapshot from before."""
    parsed = parse_service(record, catalog, warn)
    service = get(Service, parsed["values"]["id"])
    before = _snapshot(service, parsed, get)
    with db.session.no_autoflush:
        service = _write_service(service, parsed, get)
    db.session.flush()
    return service, _outcome(before, service), before


def _audit_import(service: Service, before: dict) -> None:
    """Record per field what an import changed in an existing listing (no editor: the importer)."""
    record_audit("service", service.id, before["service"], service_to_hsds(service, public=False), None, "update")


def _snapshot(service: Service | None, parsed: dict, get: Getter) -> dict:
    """Capture what the service, its organization and locations export as before the write."""
    org = get(Organization, parsed["organization"]["values"]["id"])
    location_ids = [sal["location"]["values"]["id"] for sal in parsed["locations"]]
    locations = {lid: location_to_hsds(loc, public=False)
                 for lid in location_ids if (loc := get(Location, lid)) is not None}
    return {"service": service_to_hsds(service, public=False) if service else None,
            "organization": organization_to_hsds(org) if org else None, "locations": locations}


def _outcome(before: dict, service: Service) -> str:
    if before["service"] is None:
        return "created"
    after = service_to_hsds(service, public=False)
    unchanged = _without_stamps(before["service"]) == _without_stamps(after)
    if not unchanged:
        service.version += 1
        if _without_stamps(before["service"])["organization"] != _without_stamps(after)["organization"]:
            service.organization.version += 1  # an open organization form is now out of date
    return "unchanged" if unchanged else "updated"


def _without_stamps(data: dict) -> dict:
    return {**_without_stamp(data), "organization": _without_stamp(data["organization"])}


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None, microsecond=0)


def _write_service(service: Service | None, parsed: dict, get: Getter) -> Service:
    if service is None:
        service = Service(id=parsed["values"]["id"])
        db.session.add(service)
    assign(service, {**parsed["values"], "last_modified": parsed["values"]["last_modified"] or _now()})
    assign(service, {"organization": _write_organization(parsed["organization"], get)})
    assign_rows(service, "phones", Phone, parsed["phones"])
    assign_rows(service, "schedules", Schedule, [{"position": i, **values}
                                                  for i, values in enumerate(parsed["schedules"])])
    assign(service, {"terms": parsed["terms"], "areas": parsed["areas"]})
    assign(service, {"service_at_locations": [_write_service_at_location(sal, i, get)
                                               for i, sal in enumerate(parsed["locations"])]})
    return service


def _get_or_add(cls: type, ident: str, get: Getter):
    """Return the row with this id, or a new one added to the session."""
    row = get(cls, ident)
    if row is None:
        row = cls(id=ident)
        db.session.add(row)
    return row


def _write_organization(parsed: dict, get: Getter) -> Organization:
    values = parsed["values"]
    known = get(Organization, values["id"])
    stamp = values["last_modified"] or (known.last_modified if known is not None else None) or _now()
    return save_organization(values["id"], {**values, "last_modified": stamp}, phones=parsed["phones"],
                             terms=parsed["terms"], get=get)


def _write_service_at_location(parsed: dict, position: int, get: Getter) -> ServiceAtLocation:
    sal = get(ServiceAtLocation, parsed["id"]) or ServiceAtLocation(id=parsed["id"])
    assign(sal, {"description": parsed["description"], "position": position, "extra": parsed["extra"],
                  "location": _write_location(parsed["location"], get)})
    return sal


def _write_location(parsed: dict, get: Getter) -> Location:
    values = parsed["values"]
    location = _get_or_add(Location, values["id"], get)
    if _is_public_copy_of_hidden(parsed, location):
        # A public export of a safe house carries no address: keep the one we have.
        assign(location, {k: v for k, v in values.items() if k in ("name", "location_type", "confidential")})
        return location
    assign(location, values)
    assign_rows(location, "addresses", Address, parsed["addresses"])
    geocode_missing(location)
    return location


def _is_public_copy_of_hidden(parsed: dict, location: Location) -> bool:
    values = parsed["values"]
    return (values["confidential"] and not parsed["addresses"] and values["latitude"] is None
            and bool(location.addresses or location.has_point))


def geocode_missing(location: Location) -> None:
    """Fill a location's missing coordinates from its address when the geo module is available; never fail."""
    if location.has_point or not location.addresses:
        return
    try:
        from ..geo import fill_coordinates
    except ImportError:
        return
    try:
        with db.session.begin_nested():
            fill_coordinates(location)
    except Exception:  # noqa: BLE001 - a geocoder problem must never fail an import
        current_app.logger.warning("Geocoding location %s failed", location.id, exc_info=True)
