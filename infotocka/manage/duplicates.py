"""Probable duplicates: the same registration or tax number, or a similar name with the same phone or at a
nearby address (fuzzy matching with rapidfuzz, blocked so it scales; see matching.py). Pairs staff kept apart
are not proposed again."""
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from ..extensions import db
from ..models import Address, DistinctPair, Location, Organization, Phone, Service, ServiceAtLocation
from ..text import fold
from .matching import Listing, address_key, cell_keys, digits, find_pairs, names_like, phone_key

SIMILAR_NAME = 85  # rapidfuzz token_set_ratio, 0–100
SAME_NAME = 95
REASONS = {"registration": _l("enaka matična številka"), "tax_number": _l("enaka davčna številka"),
           "name_phone": _l("podobno ime in isti telefon"),
           "name_address": _l("podobno ime in isti ali bližnji naslov"),
           "name_organization": _l("podobno ime v isti organizaciji"), "name": _l("skoraj enako ime")}
IDENTIFIER_TYPES = {"registration": "AJPES matična številka", "tax_number": "davčna številka"}
_REASON_OF_KEY = {"reg": "registration", "tax": "tax_number", "tel": "name_phone", "adr": "name_address",
                  "cell": "name_address", "org": "name_organization", "name": "name", "word": "name"}
ORGANIZATION_RULES = [(("reg:",), None), (("tax:",), None), (("tel:",), SIMILAR_NAME),
                      (("adr:", "cell:"), SIMILAR_NAME)]
SERVICE_RULES = [(("org:", "tel:", "adr:", "cell:"), SIMILAR_NAME)]


@dataclass
class Candidate:
    organization: Organization
    reason: str  # a key of REASONS


def reason_of(key: str) -> str:
    return _REASON_OF_KEY[key.split(":", 1)[0]]


def identifiers(org: Organization) -> dict[str, str]:
    """Return an organization's registration and tax numbers (kept as HSDS organization_identifiers)."""
    return _identifiers(org.extra)


def _identifiers(extra: dict | None) -> dict[str, str]:
    found = {}
    for entry in (extra or {}).get("organization_identifiers") or ():
        for key, label in IDENTIFIER_TYPES.items():
            if entry.get("identifier_type") == label:
                found[key] = digits(str(entry.get("identifier", "")))
    return found


def _place_rows(owner):
    """Yield (owner id, address key, map cells) for every location of every service."""
    query = (db.select(owner, Address.address_1, Address.postal_code, Location.latitude, Location.longitude)
             .select_from(ServiceAtLocation).join(Service, Service.id == ServiceAtLocation.service_id)
             .join(Location, Location.id == ServiceAtLocation.location_id)
             .outerjoin(Address, Address.location_id == Location.id))
    for owner_id, address, postal_code, lat, lon in db.session.execute(query):
        yield owner_id, address_key(address, postal_code), cell_keys(lat, lon)


def _add_places(by_id: dict[str, Listing], owner) -> None:
    for owner_id, address, cells in _place_rows(owner):
        listing = by_id.get(owner_id)
        if listing is not None:
            listing.keys.update(([f"adr:{address}"] if address else []) + cells)


def _add_phones(by_id: dict[str, Listing], query) -> None:
    for owner_id, number in db.session.execute(query):
        if owner_id in by_id and phone_key(number):
            by_id[owner_id].keys.add("tel:" + phone_key(number))


def service_listings() -> list[Listing]:
    """Return every service as a Listing (a handful of queries, whatever the size of the directory)."""
    rows = db.session.execute(db.select(Service.id, Service.name, Service.organization_id).order_by(Service.name))
    by_id = {sid: Listing(sid, fold(name), {f"org:{org_id}"}) for sid, name, org_id in rows}
    _add_phones(by_id, db.select(Phone.service_id, Phone.number).where(Phone.service_id.is_not(None)))
    _add_places(by_id, Service.id)
    return list(by_id.values())


def organization_listings() -> list[Listing]:
    """Return every organization as a Listing: its numbers, and the phones and addresses of it and its services."""
    rows = db.session.execute(db.select(Organization.id, Organization.name, Organization.extra)
                              .order_by(Organization.name))
    by_id = {oid: Listing(oid, fold(name), {f"{key[:3]}:{value}" for key, value in _identifiers(extra).items()
                                            if value}) for oid, name, extra in rows}
    _add_phones(by_id, db.select(Phone.organization_id, Phone.number).where(Phone.organization_id.is_not(None)))
    _add_phones(by_id, db.select(Service.organization_id, Phone.number).join(Phone, Phone.service_id == Service.id))
    _add_places(by_id, Service.organization_id)
    return list(by_id.values())


def kept_apart(entity: str) -> set[tuple[str, str]]:
    return {(a, b) for a, b in db.session.execute(db.select(DistinctPair.first_id, DistinctPair.second_id)
                                                  .where(DistinctPair.entity == entity))}


def candidate_pairs(entity: str) -> list[tuple[str, str, str]]:
    """Return (id, id, reason) of probable duplicates, each pair once, leaving out pairs staff kept apart."""
    listings = service_listings() if entity == "service" else organization_listings()
    if entity == "service":
        found = find_pairs(listings, SERVICE_RULES)
    else:
        found = find_pairs(listings, ORGANIZATION_RULES, name_cutoff=SAME_NAME)
    apart = kept_apart(entity)
    pairs = []
    for (i, j), key in sorted(found.items()):
        a, b = listings[i].id, listings[j].id
        if tuple(sorted((a, b))) not in apart:
            pairs.append((a, b, reason_of(key)))
    return pairs


def duplicate_pairs(entity: str = "service") -> list[tuple]:
    """Return (listing, listing, reason) of probable duplicates as model objects, in name order."""
    model = Service if entity == "service" else Organization
    pairs = candidate_pairs(entity)
    ids = {i for a, b, _reason in pairs for i in (a, b)}
    loaded = {row.id: row for row in db.session.scalars(db.select(model).where(model.id.in_(ids)))} if ids else {}
    return [(loaded[a], loaded[b], reason) for a, b, reason in pairs]


def organization_candidates(name: str, registration: str = "", tax_number: str = "", phone: str = "",
                            address: str = "", postal_code: str = "",
                            listings: list[Listing] | None = None) -> list[Candidate]:
    """Return existing organizations that are probably the one described, strongest reason first
    (pass `listings` from organization_listings() when checking many)."""
    listings = organization_listings() if listings is None else listings
    probe = {"reg:" + digits(registration), "tax:" + digits(tax_number), "tel:" + phone_key(phone),
             "adr:" + address_key(address, postal_code)}
    probe = {key for key in probe if not key.endswith(":")}
    scores = names_like(name, listings, SIMILAR_NAME) if name else {}
    found = []
    for i, listing in enumerate(listings):
        keys = [k for k in probe & listing.keys if k[:3] in ("reg", "tax") or i in scores]
        keys += ["name:"] if scores.get(i, 0) >= SAME_NAME else []
        if keys:
            found.append((min(keys, key=_strength), listing.id))
    order = sorted(found, key=lambda f: _strength(f[0]))
    orgs = {o.id: o for o in db.session.scalars(db.select(Organization).where(
        Organization.id.in_([oid for _k, oid in order])))} if order else {}
    return [Candidate(orgs[oid], reason_of(key)) for key, oid in order]


def _strength(key: str) -> int:
    return ["reg", "tax", "tel", "adr", "nam"].index(key[:3])


def similar_services(name: str, organization_id: str | None, phones, exclude_id: str | None = None,
                     listings: list[Listing] | None = None) -> list[Service]:
    """Return services that are probably the one described: a similar name in the same organization, or a
    similar name with the same phone anywhere."""
    listings = service_listings() if listings is None else listings
    keys = {"tel:" + phone_key(p) for p in phones if phone_key(p)} | {f"org:{organization_id}"}
    ids = [listings[i].id for i in sorted(names_like(name, listings, SIMILAR_NAME))
           if listings[i].id != exclude_id and keys & listings[i].keys]
    return list(db.session.scalars(db.select(Service).where(Service.id.in_(ids)).order_by(Service.name))) \
        if ids else []


def keep_apart(entity: str, first_id: str, second_id: str, staff) -> None:
    """Remember that two listings are not duplicates, so they are not proposed again (the caller commits)."""
    a, b = sorted((first_id, second_id))
    if db.session.get(DistinctPair, (entity, a, b)) is None:
        db.session.add(DistinctPair(entity=entity, first_id=a, second_id=b, decided_by_id=staff.id))
