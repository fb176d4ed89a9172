"""Merge the sourced contact facts of providers-zasavje-contacts.json into data/sample-directory.json.

Only fills what the sample lacks (never overwrites): organization e-mail, website and phones, the
street of a service place that has only its town, and office hours (as the sources word them) of
services without hours; a regional centre's facts go with its listed units (`x_parent`), a provider
that is one listed service adds its sources to that service. Each organization gets the provider's sources
(`x_sources`, per fact with dates in `x_field_sources`); what no source gave stays absent and is listed
in `x_unknown`; facts the sources flag as doubtful ("preveriti") are listed in `x_unverified`.

    python tools/merge_contacts.py [data/providers-zasavje-contacts.json [data/sample-directory.json]]

Providers with no listing in the sample are named in NOT_LISTED with the reason (tests/test_sample_contacts.py
keeps that list honest).
"""
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# provider id in the contacts file → organization id in the sample (checked by hand; the rest are not listed)
PROVIDERS = {
    "csd-zasavje-enota-trbovlje": "org-csd-zasavje-trbovlje",
    "csd-osv-enota-litija": "org-csd-osrednja-slovenija-vzhod-litija",
    "du-franc-salamon-trbovlje": "org-du-franc-salamon-trbovlje",
    "dom-starejsih-hrastnik": "org-dom-starejsih-hrastnik",
    "dso-izlake": "org-dso-izlake",
    "dom-tisje": "org-dom-tisje",
    "vdc-zasavje": "org-vdc-zasavje",
    "rks-oz-trbovlje": "org-rks-oz-trbovlje",
    "zasavska-ljudska-univerza": "org-zasavska-ljudska-univerza",
    "sent-enota-trbovlje": "org-sent-trbovlje",
    "ozara-zasavje": "org-ozara-zasavje",
    "zlht-regionalni-center-nvo": "org-consulta-zlht",
    "dpm-trbovlje": "org-dpm-trbovlje",
    "du-trbovlje": "org-du-trbovlje",
    "di-hrastnik": "org-di-hrastnik",
    "tocka-za-starejse-litija-smartno": "org-tocka-za-starejse-litija-smartno",
    "drustvo-sozitje-hrastnik": "org-sozitje-hrastnik",
    "csd-gorenjska-enota-kranj": "org-csd-gorenjska-kranj",
    "csd-gorenjska-enota-radovljica": "org-csd-gorenjska-radovljica",
    "csd-gorenjska-enota-jesenice": "org-csd-gorenjska-jesenice",
    "csd-gorenjska-enota-skofja-loka": "org-csd-gorenjska-skofja-loka",
    "csd-gorenjska-enota-trzic": "org-csd-gorenjska-trzic",
    "csd-savinjsko-saleska": "org-csd-savinjsko-saleska",
    "csd-savinjsko-saleska-enota-zalec": "org-csd-savinjsko-saleska-zalec",
    "csd-savinjsko-saleska-enota-mozirje": "org-csd-savinjsko-saleska-mozirje",
    "vdc-sasa": "org-vdc-sasa",
    "posvet-svetovalnica-mozirje": "org-posvet-mozirje",
    "csd-zasavje-enota-zagorje": "org-csd-zasavje-zagorje",
    "csd-zasavje-enota-hrastnik": "org-csd-zasavje-hrastnik",
    "rks-oz-hrastnik": "org-rks-oz-hrastnik",
    "rks-oz-litija": "org-rks-oz-litija",
    "rks-oz-zagorje": "org-rk-zagorje",
    "drustvo-invalidov-trbovlje": "org-di-trbovlje",
    "du-hrastnik": "org-du-hrastnik",
    "du-zagorje": "org-du-zagorje",
    "du-litija": "org-du-litija",
    "mdi-litija-smartno": "org-mdi-litija-smartno",
    "zupnijska-karitas-zagorje": "org-zupnijska-karitas-zagorje",
    "zd-trbovlje": "org-zd-trbovlje",
    "zrsz-os-trbovlje": "org-zrsz-os-trbovlje",
    "obcina-hrastnik": "org-obcina-hrastnik",
}
# regional centres whose units are listed: their facts go with each unit (`x_parent`)
PARENTS = {
    "csd-zasavje": ("org-csd-zasavje-trbovlje", "org-csd-zasavje-zagorje", "org-csd-zasavje-hrastnik"),
    "csd-osrednja-slovenija-vzhod": ("org-csd-osrednja-slovenija-vzhod-litija",),
    "csd-gorenjska": ("org-csd-gorenjska-kranj", "org-csd-gorenjska-jesenice", "org-csd-gorenjska-radovljica",
                      "org-csd-gorenjska-skofja-loka", "org-csd-gorenjska-trzic"),
}
# providers the sample has no listing for, each with the reason
NOT_LISTED = {
    # no service, no contact and no address in any source (only membership of the SAŠA partnership): a listing
    # would be a card with nothing a resident could act on
    "obcina-nazarje",
}
# providers that are one listed service of another organization
SERVICES = {"vgc-zasavje": "svc-zlu-vecgeneracijski-center"}
DOUBT = ("preveri", "nepreverjen", "tipkarsk", "ni potrjen", "nepotrjen")
HOURS = (("office_hours", "Uradne ure: "), ("business_hours", "Poslovni čas: "))
NO_HOURS = "ure niso navedene"  # a note the sources now answer


def _doubtful(text: str) -> bool:
    return any(word in (text or "").lower() for word in DOUBT)


def merge_organization(org: dict, provider: dict) -> None:
    """Fill the organization's missing contacts from one provider record; record sources and gaps."""
    found = {"email": provider.get("email"), "website": provider.get("website")}
    for key, value in found.items():
        if value and not org.get(key):
            org[key] = value
    phones = [{"number": p["number"], "type": "fax" if "faks" in (p.get("description") or "").lower() else "voice",
               **({"description": p["description"]} if p.get("description") else {})}
              for p in provider.get("phones", []) if p.get("number")]
    if phones and not org.get("phones"):
        org["phones"] = phones
    org["x_sources"] = sorted(set(org.get("x_sources", [])) | set(provider.get("sources", [])))
    if provider.get("field_sources"):
        org["x_field_sources"] = provider["field_sources"]
    street = (provider.get("address") or {}).get("street")
    unknown = [name for name, value in (("phones", org.get("phones")), ("email", org.get("email")),
                                        ("website", org.get("website")), ("street", street)) if not value]
    if unknown:
        org["x_unknown"] = unknown
    unverified = [p["number"] for p in provider.get("phones", []) if _doubtful(p.get("description", ""))]
    if unverified or _doubtful(provider.get("notes", "")):
        org["x_unverified"] = provider.get("notes") or "; ".join(unverified)


def merge_places(service: dict, provider: dict) -> None:
    """Add the provider's street to the service's places that name only a town."""
    address = provider.get("address") or {}
    if not address.get("street"):
        return
    for link in service.get("service_at_locations", []):
        for entry in link.get("location", {}).get("addresses", []):
            same_town = (entry.get("city") or "").lower() == (address.get("town") or "").lower()
            if same_town and not entry.get("address_1"):
                entry["address_1"] = address["street"]
                entry.setdefault("postal_code", address.get("postal_code") or None)


def merge_hours(service: dict, provider: dict) -> None:
    """Add the provider's office and business hours, as the sources word them, to the service's schedules.

    Only as text: the sources give office hours of the provider, not of each service, and some are dated
    or unverified, so nothing is claimed for "open now"."""
    notes = [label + provider[key] for key, label in HOURS if provider.get(key)]
    if not notes or any(s.get("byday") for s in service.get("schedules", [])):
        return  # hours of its own (a phone line's) are not replaced by the provider's office hours
    schedules = [s for s in service.get("schedules", [])
                 if s.get("byday") or NO_HOURS not in (s.get("description") or "")]
    known = {s.get("description") for s in schedules}
    schedules += [{"description": note} for note in notes if note not in known]
    service["schedules"] = schedules


def merge_parent(org: dict, provider: dict) -> None:
    """Record the facts of a unit's regional centre (seat, contacts, sources) on the unit."""
    address = provider.get("address") or {}
    parent = {"name": provider["name"],
              "address": ", ".join(filter(None, (address.get("street"), " ".join(
                  filter(None, (address.get("postal_code"), address.get("town"))))))),
              "phones": [p["number"] for p in provider.get("phones", [])],
              "email": provider.get("email"), "website": provider.get("website"), "notes": provider.get("notes")}
    org["x_parent"] = {key: value for key, value in parent.items() if value}
    org["x_sources"] = sorted(set(org.get("x_sources", [])) | set(provider.get("sources", [])))


def merge_service_sources(service: dict, provider: dict) -> None:
    """Add a provider's sources to the one service it is; its doubts to the service's own note."""
    service["x_sources"] = service.get("x_sources", []) + [
        url for url in provider.get("sources", []) if url not in service.get("x_sources", [])]
    if _doubtful(provider.get("notes", "")):
        service["x_unverified"] = provider["notes"]


def merge(services: list[dict], providers: list[dict]) -> int:
    """Merge every mapped provider into the services and their organizations; return how many were merged."""
    by_id = {p["id"]: p for p in providers}
    merged = set()
    for service in services:
        org = service.get("organization") or {}
        for provider_id, org_id in PROVIDERS.items():
            if org.get("id") == org_id and provider_id in by_id:
                merge_organization(org, by_id[provider_id])
                merge_places(service, by_id[provider_id])
                merge_hours(service, by_id[provider_id])
                merged.add(provider_id)
        for provider_id, org_ids in PARENTS.items():
            if org.get("id") in org_ids and provider_id in by_id:
                merge_parent(org, by_id[provider_id])
                merged.add(provider_id)
        for provider_id, service_id in SERVICES.items():
            if service.get("id") == service_id and provider_id in by_id:
                merge_service_sources(service, by_id[provider_id])
                merged.add(provider_id)
    return len(merged)


def main(argv: list[str]) -> int:
    contacts = Path(argv[1]) if len(argv) > 1 else ROOT / "data" / "providers-zasavje-contacts.json"
    target = Path(argv[2]) if len(argv) > 2 else ROOT / "data" / "sample-directory.json"
    services = json.loads(target.read_text(encoding="utf-8"))
    count = merge(services, json.loads(contacts.read_text(encoding="utf-8")))
    target.write_text(json.dumps(services, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"merged {count} providers into {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
