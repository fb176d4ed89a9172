"""Import HSDS service records: validate, upsert by id, report problems.

`apply_service_record` is the one write path for listings: the importer and the
editing forms (which turn a form into an HSDS dict) both go through it."""
import json
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from flask import current_app
from sqlalchemy.exc import SQLAlchemyError

from ..extensions import db
from ..models import Address, Location, Organization, Phone, Schedule, Service, ServiceAtLocation
from .changes import record_change
from .hsds_export import location_to_hsds, organization_to_hsds, service_to_hsds
from .hsds_parse import Catalog, Warn, parse_service
from .hsds_values import RecordError

__all__ = ["ImportFileError", "ImportReport", "Problem", "RecordError", "apply_service_record",
           "delete_service", "import_path", "import_records", "read_records"]


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
    problems: list[Problem] = field(default_factory=list)

    @property
    def summary(self) -> str:
        return (f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged, "
                f"{self.rejected} rejected, {len(self.problems)} problems")

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
        return data["contents"]
    if isinstance(data, list):
        return data
    raise ImportFileError(f"{path}: expected a JSON array of services or an HSDS page with 'contents'")


def import_path(path) -> ImportReport:
    """Import the services of one JSON file and commit."""
    return import_records(read_records(path))


def import_records(records: list) -> ImportReport:
    """Import service records one by one (each in a savepoint) and commit the good ones."""
    report, catalog = ImportReport(), Catalog()
    for index, record in enumerate(records):
        _import_one(record, _record_id(record, index), catalog, report)
    db.session.commit()
    return report


def _record_id(record, index: int) -> str:
    record_id = record.get("id") if isinstance(record, dict) else None
    return str(record_id) if record_id not in (None, "") else f"#{index + 1}"


def _import_one(record, record_id: str, catalog: Catalog, report: ImportReport) -> None:
    warnings: list[Problem] = []
    savepoint = db.session.begin_nested()
    try:
        outcome = _write(record, catalog, lambda f, m: warnings.append(Problem(record_id, f, m)))[1]
    except (RecordError, SQLAlchemyError) as exc:
        savepoint.rollback()
        report.count("rejected")
        report.problems.append(_rejection(record_id, exc))
        return
    report.problems.extend(warnings)
    report.count(outcome)
    if outcome == "unchanged":
        savepoint.rollback()  # undo the rewrite of identical rows; nothing to index
    else:
        savepoint.commit()


def _rejection(record_id: str, exc: Exception) -> Problem:
    if isinstance(exc, RecordError):
        return Problem(record_id, exc.field, exc.message)
    reason = str(getattr(exc, "orig", exc)).splitlines()[0]
    return Problem(record_id, "record", f"the database refused it: {reason}")


def apply_service_record(record: dict, *, warn: Warn | None = None) -> Service:
    """Validate one HSDS service record and write it without committing; raise RecordError when it is bad."""
    return _write(record, Catalog(), warn or (lambda f, m: None))[0]


def delete_service(service: Service) -> None:
    """Delete a service and log the deletion for the search index (the caller commits)."""
    record_change("service", service.id, op="delete")
    db.session.delete(service)


def _write(record: dict, catalog: Catalog, warn: Warn) -> tuple[Service, str]:
    parsed = parse_service(record, catalog, warn)
    service = db.session.get(Service, parsed["values"]["id"])
    before = _snapshot(service, parsed)
    with db.session.no_autoflush:
        service = _write_service(service, parsed)
    db.session.flush()
    outcome = _outcome(before, service)
    if outcome != "unchanged":
        for service_id in _affected(before, service):
            record_change("service", service_id)
    return service, outcome


def _snapshot(service: Service | None, parsed: dict) -> dict:
    """Capture what the service, its organization and locations export as before the write."""
    org = db.session.get(Organization, parsed["organization"]["values"]["id"])
    location_ids = [sal["location"]["values"]["id"] for sal in parsed["locations"]]
    locations = {lid: location_to_hsds(loc, public=False)
                 for lid in location_ids if (loc := db.session.get(Location, lid)) is not None}
    return {"service": service_to_hsds(service, public=False) if service else None,
            "organization": organization_to_hsds(org) if org else None, "locations": locations}


def _outcome(before: dict, service: Service) -> str:
    if before["service"] is None:
        return "created"
    unchanged = _without_stamps(before["service"]) == _without_stamps(service_to_hsds(service, public=False))
    if not unchanged:
        service.version += 1
    return "unchanged" if unchanged else "updated"


def _without_stamps(data: dict) -> dict:
    org = {k: v for k, v in data["organization"].items() if k != "last_modified"}
    return {**{k: v for k, v in data.items() if k != "last_modified"}, "organization": org}


def _affected(before: dict, service: Service) -> set[str]:
    """Return the services whose indexed text changed: this one, and those sharing a changed org or location."""
    ids = {service.id}
    if before["organization"] not in (None, organization_to_hsds(service.organization)):
        ids.update(s.id for s in service.organization.services)
    for sal in service.service_at_locations:
        old = before["locations"].get(sal.location.id)
        if old is not None and old != location_to_hsds(sal.location, public=False):
            ids.update(db.session.scalars(db.select(ServiceAtLocation.service_id)
                                          .where(ServiceAtLocation.location_id == sal.location.id)))
    return ids


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None, microsecond=0)


def _assign(obj, values: dict) -> None:
    for name, value in values.items():
        setattr(obj, name, value)


def _write_service(service: Service | None, parsed: dict) -> Service:
    if service is None:
        service = Service(id=parsed["values"]["id"])
        db.session.add(service)
    _assign(service, {**parsed["values"], "last_modified": parsed["values"]["last_modified"] or _now()})
    service.organization = _write_organization(parsed["organization"])
    service.phones = [Phone(**phone) for phone in parsed["phones"]]
    service.schedules = [Schedule(position=i, **values) for i, values in enumerate(parsed["schedules"])]
    service.terms = parsed["terms"]
    service.areas = parsed["areas"]
    service.service_at_locations = [_write_service_at_location(sal, i) for i, sal in enumerate(parsed["locations"])]
    return service


def _write_organization(parsed: dict) -> Organization:
    values = parsed["values"]
    org = db.session.get(Organization, values["id"])
    if org is None:
        org = Organization(id=values["id"])
        db.session.add(org)
    _assign(org, {**values, "last_modified": values["last_modified"] or org.last_modified or _now()})
    org.phones = [Phone(**phone) for phone in parsed["phones"]]
    org.terms = parsed["terms"]
    return org


def _write_service_at_location(parsed: dict, position: int) -> ServiceAtLocation:
    sal = db.session.get(ServiceAtLocation, parsed["id"]) or ServiceAtLocation(id=parsed["id"])
    _assign(sal, {"description": parsed["description"], "position": position,
                  "location": _write_location(parsed["location"])})
    return sal


def _write_location(parsed: dict) -> Location:
    values = parsed["values"]
    location = db.session.get(Location, values["id"])
    if location is None:
        location = Location(id=values["id"])
        db.session.add(location)
    if _is_public_copy_of_hidden(parsed, location):
        # A public export of a safe house carries no address: keep the one we have.
        _assign(location, {k: v for k, v in values.items() if k in ("name", "location_type", "confidential")})
        return location
    _assign(location, values)
    location.addresses = [Address(**address) for address in parsed["addresses"]]
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
