"""Probable duplicates: the same registration or tax number, or a similar name with the same phone or at a
nearby address (fuzzy matching with rapidfuzz)."""
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from rapidfuzz import fuzz

from ..extensions import db
from ..models import Organization, Service
from ..text import fold

SIMILAR_NAME = 85  # rapidfuzz token_set_ratio, 0–100
SAME_NAME = 95
REASONS = {"registration": _l("enaka matična številka"), "tax_number": _l("enaka davčna številka"),
           "name_phone": _l("podobno ime in isti telefon"), "name_address": _l("podobno ime in isti naslov"),
           "name": _l("skoraj enako ime")}
IDENTIFIER_TYPES = {"registration": "AJPES matična številka", "tax_number": "davčna številka"}


@dataclass
class Candidate:
    organization: Organization
    reason: str  # "registration" | "tax_number" | "name_phone" | "name_address" | "name"


def identifiers(org: Organization) -> dict[str, str]:
    """Return an organization's registration and tax numbers (kept as HSDS organization_identifiers)."""
    found = {}
    for entry in (org.extra or {}).get("organization_identifiers") or ():
        for key, label in IDENTIFIER_TYPES.items():
            if entry.get("identifier_type") == label:
                found[key] = str(entry.get("identifier", "")).replace(" ", "")
    return found


def _digits(value: str | None) -> str:
    return "".join(c for c in value or "" if c.isdigit())


def _phones(org: Organization) -> set[str]:
    numbers = [p.number for p in org.phones] + [p.number for s in org.services for p in s.phones]
    return {_digits(n)[-8:] for n in numbers if n}


def _addresses(org: Organization) -> set[str]:
    return {fold(loc.address.address_1 or "") + "|" + (loc.address.postal_code or "")
            for s in org.services for loc in s.locations if loc.address and loc.address.address_1}


def organization_candidates(name: str, registration: str = "", tax_number: str = "", phone: str = "",
                            address: str = "", postal_code: str = "") -> list[Candidate]:
    """Return existing organizations that are probably the one described, strongest reason first."""
    found = []
    phone_key = _digits(phone)[-8:]
    address_key = fold(address) + "|" + (postal_code or "")
    for org in db.session.scalars(db.select(Organization).order_by(Organization.name)):
        ids = identifiers(org)
        score = fuzz.token_set_ratio(fold(name), fold(org.name)) if name else 0
        if registration and ids.get("registration") == registration.replace(" ", ""):
            found.append(Candidate(org, "registration"))
        elif tax_number and ids.get("tax_number") == _digits(tax_number):
            found.append(Candidate(org, "tax_number"))
        elif score >= SIMILAR_NAME and phone_key and phone_key in _phones(org):
            found.append(Candidate(org, "name_phone"))
        elif score >= SIMILAR_NAME and address and address_key in _addresses(org):
            found.append(Candidate(org, "name_address"))
        elif score >= SAME_NAME:
            found.append(Candidate(org, "name"))
    order = ["registration", "tax_number", "name_phone", "name_address", "name"]
    return sorted(found, key=lambda c: order.index(c.reason))


def similar_services(name: str, organization_id: str | None, phones, exclude_id: str | None = None) -> list[Service]:
    """Return services that are probably the one described: a similar name in the same organization, or a
    similar name with the same phone anywhere."""
    keys = {_digits(p)[-8:] for p in phones if p}
    found = []
    for other in db.session.scalars(db.select(Service).where(Service.id != (exclude_id or ""))):
        if fuzz.token_set_ratio(fold(name), fold(other.name)) < SIMILAR_NAME:
            continue
        same_phone = keys & {_digits(p.number)[-8:] for p in other.phones if p.number}
        if other.organization_id == organization_id or same_phone:
            found.append(other)
    return found


def duplicate_pairs() -> list[tuple[Service, Service]]:
    """Return pairs of published services that are probably the same (each pair once)."""
    pairs, seen = [], set()
    for service in db.session.scalars(db.select(Service).order_by(Service.name)):
        for other in similar_services(service.name, service.organization_id, [p.number for p in service.phones],
                                      service.id):
            key = tuple(sorted((service.id, other.id)))
            if key not in seen:
                seen.add(key)
                pairs.append((service, other))
    return pairs
