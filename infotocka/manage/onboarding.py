"""Onboarding from a spreadsheet: check every row like the listing form (nothing stored), then import the rows
staff confirm through the listing write path (publish → apply_service_record, audited, indexed)."""
from dataclasses import dataclass, field
from datetime import datetime

from ..directory.hsds_export import organization_to_hsds
from ..directory.operations import save_organization
from ..extensions import db
from ..models import Organization
from ..text import slugify
from ..audit import record_audit
from .duplicates import (IDENTIFIER_TYPES, Candidate, organization_candidates, organization_listings,
                         service_listings, similar_services)
from .forms import ServiceForm, error_summary
from .hsds_form import new_service_id, record_from_form, set_choices
from .operations import current_version, publish
from .spreadsheet import form_data, row_values


@dataclass
class RowCheck:
    number: int  # the row's number in the sheet (the header is row 1)
    values: dict
    problems: list[str] = field(default_factory=list)
    record: dict | None = None
    candidates: list[Candidate] = field(default_factory=list)
    similar: list = field(default_factory=list)  # listed services that are probably this row's
    service_id: str | None = None

    @property
    def ok(self) -> bool:
        return not self.problems


def check_row(number: int, row: list[str], mapping: dict, known: tuple | None = None) -> RowCheck:
    """Validate one row exactly like the listing form and look for listed duplicates; store nothing.

    `known` is (organization listings, service listings) when many rows are checked."""
    organizations, services = known or (organization_listings(), service_listings())
    check = RowCheck(number, row_values(row, mapping))
    data, check.problems = form_data(check.values)
    form = ServiceForm(formdata=data, meta={"csrf": False})
    set_choices(form)
    form.validate()
    check.problems += [f"{label}: {message}" for _id, label, message in error_summary(form)]
    if check.ok:
        check.record = record_from_form(form, None, new_service_id(), {"id": ""})
    v = check.values
    check.candidates = organization_candidates(v.get("organization", ""), v.get("registration", ""),
                                               v.get("tax_number", ""), v.get("phone", ""), v.get("address", ""),
                                               v.get("postal_code", ""), listings=organizations)
    org_id = check.candidates[0].organization.id if check.candidates else None
    check.similar = similar_services(v.get("name", ""), org_id, [v.get("phone", "")], listings=services) \
        if v.get("name") else []
    return check


def check_rows(rows: list[list[str]], mapping: dict) -> list[RowCheck]:
    """Check every data row (the first row is the header)."""
    known = organization_listings(), service_listings()
    return [check_row(number, row, mapping, known) for number, row in enumerate(rows[1:], start=2)]


def create_organization(name: str, staff, email: str | None = None, identifiers: dict | None = None,
                        phone: str | None = None) -> Organization:
    """Create a new organization with an id from its name, audited and indexed (the caller commits)."""
    base = f"org-{slugify(name)[:180] or 'izvajalec'}"
    org_id, n = base, 1
    while db.session.get(Organization, org_id) is not None:
        n += 1
        org_id = f"{base}-{n}"
    extra = {"organization_identifiers": [{"identifier_type": IDENTIFIER_TYPES[key], "identifier": value}
                                          for key, value in (identifiers or {}).items() if value]}
    org = save_organization(org_id, {"name": name, "email": email or None, "last_modified": datetime.now(),
                                     "extra": extra if extra["organization_identifiers"] else None},
                            phones=[{"number": phone, "type": "voice"}] if phone else [])
    db.session.flush()
    record_audit("organization", org.id, None, organization_to_hsds(org), staff, "create")
    return org


def _organization_for(check: RowCheck, choice: str, staff, created: dict) -> Organization:
    """Return the organization a row goes to: the existing one staff chose, else one created for this import."""
    if choice and choice != "new":
        org = db.session.get(Organization, choice)
        if org is not None:
            return org
    name = check.values["organization"]
    if name not in created:
        created[name] = create_organization(name, staff, check.values.get("email"), {
            "registration": check.values.get("registration", "").replace(" ", ""),
            "tax_number": check.values.get("tax_number", "").replace(" ", "")})
    return created[name]


def import_rows(checks: list[RowCheck], choices: dict[int, str], staff) -> list[RowCheck]:
    """Publish the valid rows staff kept ("skip" leaves a row out); return the imported ones."""
    created, imported = {}, []
    for check in checks:
        choice = choices.get(check.number, "new")
        if not check.ok or choice == "skip":
            continue
        org = _organization_for(check, choice, staff, created)
        record = {**check.record, "organization": {"id": org.id}}
        service = publish("service", record, staff, base_version=current_version("service", record["id"]))
        check.service_id = service.id
        imported.append(check)
    return imported
