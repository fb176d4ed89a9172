"""The sample directory carries the sourced facts of data/providers-zasavje-contacts.json
(tools/merge_contacts.py): phones, e-mail, streets and office hours with their sources; what no source
gave stays unknown, doubtful facts are flagged, and the merge is complete and repeatable."""
import importlib.util
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "sample-directory.json"
CONTACTS = ROOT / "data" / "providers-zasavje-contacts.json"


def _tool():
    spec = importlib.util.spec_from_file_location("merge_contacts", ROOT / "tools" / "merge_contacts.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


TOOL = _tool()
PROVIDERS = {p["id"]: p for p in json.loads(CONTACTS.read_text(encoding="utf-8"))}
SERVICES = json.loads(SAMPLE.read_text(encoding="utf-8"))
MERGED = sorted(TOOL.PROVIDERS)


def services_of(org_id: str) -> list[dict]:
    return [s for s in SERVICES if s["organization"]["id"] == org_id]


def test_every_provider_is_merged_or_named_as_not_listed():
    accounted = set(TOOL.PROVIDERS) | set(TOOL.PARENTS) | set(TOOL.SERVICES) | TOOL.NOT_LISTED
    assert accounted == set(PROVIDERS) and len(PROVIDERS) == 46
    for provider_id in TOOL.NOT_LISTED:  # not silently left out: the sample really has no listing for them
        name = PROVIDERS[provider_id]["name"].split(" (")[0]
        assert not any(s["organization"]["name"] == name for s in SERVICES), provider_id


def test_merging_again_changes_nothing():
    again = json.loads(SAMPLE.read_text(encoding="utf-8"))
    TOOL.merge(again, list(PROVIDERS.values()))
    assert again == SERVICES


@pytest.mark.parametrize("provider_id", MERGED)
def test_a_merged_providers_facts_and_sources(provider_id):
    provider = PROVIDERS[provider_id]
    org = services_of(TOOL.PROVIDERS[provider_id])[0]["organization"]
    assert set(provider["sources"]) <= set(org["x_sources"])
    voice = {p["number"] for p in provider["phones"] if "faks" not in (p.get("description") or "").lower()}
    assert voice <= {p["number"] for p in org.get("phones", [])}
    if provider["email"]:
        assert org.get("email")
    if not provider["phones"] and not org.get("phones"):
        assert "phones" in org["x_unknown"]  # unknown is said, not hidden
    if TOOL._doubtful(provider["notes"]) or any(TOOL._doubtful(p.get("description", "")) for p in provider["phones"]):
        assert org["x_unverified"]


@pytest.mark.parametrize("provider_id", [p for p in MERGED if PROVIDERS[p]["office_hours"]])
def test_office_hours_are_there_as_the_sources_word_them(provider_id):
    text = "Uradne ure: " + PROVIDERS[provider_id]["office_hours"]
    services = services_of(TOOL.PROVIDERS[provider_id])
    without_own = [s for s in services if not any(x.get("byday") for x in s.get("schedules", []))]
    assert without_own
    for service in without_own:
        notes = [x.get("description") for x in service["schedules"]]
        assert text in notes and not any("ure niso navedene" in (n or "") for n in notes), service["id"]
        assert not any(x.get("byday") for x in service["schedules"])  # no "open now" claimed from them


def test_regional_centres_go_with_their_units():
    litija = services_of("org-csd-osrednja-slovenija-vzhod-litija")[0]["organization"]
    assert litija["x_parent"]["address"] == "Masljeva ulica 3, 1230 Domžale"
    assert litija["x_parent"]["phones"][0] == "01 724 63 70"
    zasavje = services_of("org-csd-zasavje-trbovlje")[0]["organization"]["x_parent"]
    assert set(zasavje) == {"name", "notes"}  # no seat or contacts found: none invented


def test_the_service_page_shows_the_office_hours(client, sample):
    html = client.get("/storitev/svc-csd-trbovlje-dsp").get_data(as_text=True)
    assert "Uradne ure: pon 8.00–12.00 in 13.00–15.00; sre 8.00–12.00 in 13.00–17.00; pet 8.00–12.00" in html
    assert "Podatki še niso preverjeni. Pred obiskom pokličite in preverite." in html


NOTE = "Telefon, faks, e-pošta, poštna številka in uradne ure pa izhajajo SAMO"


def test_residents_get_the_warning_and_staff_the_research_note_behind_it(app, client, sample):
    """Which source says what and what to check is work for staff, not a resident's reading."""
    from infotocka.auth.operations import create_user

    for url in ("/storitev/svc-csd-trbovlje-dsp", "/izvajalec/org-csd-zasavje-trbovlje", "/obcina/trbovlje"):
        html = client.get(url).get_data(as_text=True)
        assert "Podatki še niso preverjeni" in html and NOTE not in html, url
    create_user("osebje@infotocka.si", "staff", password="pravilno-geslo-123")
    assert client.post("/prijava", data={"email": "osebje@infotocka.si",
                                         "password": "pravilno-geslo-123"}).status_code == 302
    html = client.get("/storitev/svc-csd-trbovlje-dsp").get_data(as_text=True)
    assert "Opomba za osebje:" in html and NOTE in html


def test_a_doubtful_service_says_so(client, sample):
    html = client.get("/storitev/svc-zlu-vecgeneracijski-center").get_data(as_text=True)
    assert 'class="notice-unverified"' in html and "Pred obiskom pokličite in preverite." in html
