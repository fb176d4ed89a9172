"""The writes of organizations and services shared by the back office, onboarding, merging and the importer.

Nothing here commits or audits: the caller knows who wrote and when the transaction ends. Nothing here logs
changes either: the session hook (changes.py) logs whatever a flush writes. A service is written from an HSDS
record by `hsds_import.apply_service_record`, which writes its organization with `save_organization`."""
from typing import Callable

from sqlalchemy import inspect

from ..extensions import db
from ..models import Organization, Phone

Getter = Callable[[type, str], object]


def assign(obj, values: dict) -> None:
    """Set attributes, leaving alone the loaded ones that already hold the value.

    An untouched row stays clean: its flush writes (and logs) nothing, and when an imported record turns out
    unchanged the savepoint's rollback expires nothing that the next records share."""
    loaded = obj.__dict__
    for name, value in values.items():
        if name not in loaded or loaded[name] != value:
            setattr(obj, name, value)


def assign_rows(obj, name: str, cls: type, rows: list[dict]) -> None:
    """Replace a child collection (phones, schedules, addresses) unless it already holds these rows."""
    current = getattr(obj, name) if inspect(obj).persistent else None
    if current is None or len(current) != len(rows) or any(
            any(getattr(child, key) != value for key, value in row.items()) for child, row in zip(current, rows)):
        setattr(obj, name, [cls(**row) for row in rows])


def save_organization(org_id: str, values: dict, *, phones: list[dict] | None = None, terms: list | None = None,
                      get: Getter | None = None) -> Organization:
    """Create or update an organization: set `values`, and replace its phones and terms when given.

    `get` looks rows up (an import passes the rows of its batch); a new organization is added to the session."""
    org = (get or db.session.get)(Organization, org_id)
    if org is None:
        org = Organization(id=org_id)
        db.session.add(org)
    assign(org, values)
    if phones is not None:
        assign_rows(org, "phones", Phone, phones)
    if terms is not None:
        assign(org, {"terms": terms})
    return org


def phone_rows(phones: list[Phone]) -> list[dict]:
    """Return phones as the rows `save_organization` takes."""
    return [{"number": p.number, "type": p.type, "description": p.description, "position": p.position,
             "extra": p.extra} for p in phones]

