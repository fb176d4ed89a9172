"""Merge the sourced contact facts of providers-zasavje-contacts.json into data/sample-directory.json.

Only fills what the sample lacks (never overwrites): organization e-mail, website and phones, and the
street of a service place that has only its town. Each organization gets the provider's sources
(`x_sources`, per fact with dates in `x_field_sources`); what no source gave stays absent and is listed
in `x_unknown`; facts the sources flag as doubtful ("preveriti") are listed in `x_unverified`.

    python tools/merge_contacts.py ../shared/data/providers-zasavje-contacts.json [data/sample-directory.json]
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
}
DOUBT = ("preveri", "nepreverjen", "tipkarsk", "ni potrjen", "nepotrjen")


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


def merge(services: list[dict], providers: list[dict]) -> int:
    """Merge every mapped provider into the services' organizations; return how many were merged."""
    by_id = {p["id"]: p for p in providers}
    merged = set()
    for service in services:
        org = service.get("organization") or {}
        for provider_id, org_id in PROVIDERS.items():
            if org.get("id") == org_id and provider_id in by_id:
                merge_organization(org, by_id[provider_id])
                merge_places(service, by_id[provider_id])
                merged.add(provider_id)
    return len(merged)


def main(argv: list[str]) -> int:
    contacts = Path(argv[1])
    target = Path(argv[2]) if len(argv) > 2 else ROOT / "data" / "sample-directory.json"
    services = json.loads(target.read_text(encoding="utf-8"))
    count = merge(services, json.loads(contacts.read_text(encoding="utf-8")))
    target.write_text(json.dumps(services, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"merged {count} providers into {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
