"""A safe house's address never reaches the public: not in any page, API answer, export or audit trail.

The listing is given a history the way it happens in practice: imported, its address changed by a later
import, edited by staff, and one location whose address was entered before "confidential" was ticked.
Then every public GET route of the app is requested and each answer searched for the secret."""
import io
import json
import zipfile
from copy import deepcopy
from urllib.parse import parse_qs, urlsplit

import pytest

from infotocka.auth.operations import create_user
from infotocka.directory.hsds_import import import_records
from infotocka.extensions import db
from infotocka.manage.operations import current_version, publish
from infotocka.models import Location, Service

SECRETS = ("Skrivna ulica", "Tajna pot", "Zadnja cesta", "46.1523", "15.0412", "Za cerkvijo")
# Routes that are not public, or not pages of the directory (files from packages, token links).
NOT_PUBLIC = ("/urejanje", "/static", "/ponastavi-geslo", "/povabilo")


def _safe_house() -> dict:
    return {
        "id": "svc-safe", "name": "Varna hiša Zasavje", "description": "Varna namestitev za ženske in otroke.",
        "status": "active", "organization": {"id": "org-safe", "name": "Društvo za varno zavetje"},
        "phones": [{"number": "041 555 123", "description": "dežurni telefon"}],
        "service_at_locations": [{"id": "sal-safe", "location": {
            "id": "loc-safe", "name": "Varna hiša", "location_type": "physical", "x_confidential": True,
            "latitude": 46.1523, "longitude": 15.0412, "description": "Za cerkvijo.",
            "addresses": [{"address_1": "Skrivna ulica 12", "city": "Trbovlje", "postal_code": "1420",
                           "country": "SI"}]}}],
        "service_areas": [{"name": "Trbovlje", "uri": "urn:si:obcina:129"}],
        "attributes": [{"taxonomy_term": {"code": "zrtve-nasilja", "taxonomy": "ciljne-skupine"}},
                       {"taxonomy_term": {"code": "krizna-namestitev", "taxonomy": "vrste-pomoci"}}],
    }


def _second_house() -> dict:
    """A shelter entered with its address first; "confidential" is ticked in a later edit."""
    record = deepcopy(_safe_house())
    record.update(id="svc-safe-2", name="Zatočišče za ženske")
    record["service_at_locations"] = [{"id": "sal-safe-2", "location": {
        "id": "loc-safe-2", "name": "Zatočišče", "location_type": "physical",
        "addresses": [{"address_1": "Zadnja cesta 3", "city": "Trbovlje", "postal_code": "1420", "country": "SI"}]}}]
    return record


@pytest.fixture
def history(app, sample):
    """The safe houses with a real audit trail: an import update, a staff edit, a late confidential tick."""
    assert import_records([_safe_house(), _second_house()]).rejected == 0
    moved = _safe_house()
    moved["service_at_locations"][0]["location"]["addresses"][0]["address_1"] = "Tajna pot 7"
    assert import_records([moved]).updated == 1  # audited like an edit, with no editor

    staff = create_user("osebje@example.org", "staff", password="pravilno-geslo-123")
    db.session.commit()
    edited = deepcopy(moved)
    edited["description"] = "Varna namestitev za ženske in otroke, ki doživljajo nasilje."
    edited["service_at_locations"][0]["location"]["addresses"][0]["address_1"] = "Skrivna ulica 14"
    publish("service", edited, staff, base_version=current_version("service", edited["id"]))

    ticked = _second_house()
    ticked["service_at_locations"][0]["location"]["x_confidential"] = True
    publish("service", ticked, staff, base_version=current_version("service", ticked["id"]))
    assert db.session.get(Location, "loc-safe-2").confidential
    return staff


def _public_urls(app) -> list[str]:
    values = {"service_id": "svc-safe", "organization_id": "org-safe", "obcina": "trbovlje",
              "key": "trbovlje", "slug": "zasavska", "municipality_id": 129, "taxonomy_id": "vrste-pomoci",
              "term_id": "csd", "sal_id": "sal-safe"}
    urls = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.rule.startswith(NOT_PUBLIC):
            continue
        with app.test_request_context():
            from flask import url_for
            urls.append(url_for(rule.endpoint, **{name: values[name] for name in rule.arguments}))
    searches = ["varna hiša", "nasilje", "Skrivna ulica", "Tajna pot", "Zadnja cesta", "partner mi grozi"]
    for query in searches:
        urls += [f"/iskanje?q={query}", f"/iskanje?q={query}&obcina=trbovlje", f"/api/v1/services?search={query}",
                 f"/kiosk/trbovlje/iskanje?q={query}"]
    urls += ["/storitev/svc-safe-2", "/api/v1/services/svc-safe-2", "/kiosk/trbovlje/storitev/svc-safe-2",
             "/listek?s=svc-safe&s=svc-safe-2", "/iskanje?q=varna+hiša&lat=46.15&lon=15.04&radius_km=10",
             "/api/v1/services?lat=46.15&lon=15.04&radius_km=10", "/api/v1/services?municipality=trbovlje",
             "/api/v1/services?full=true", "/api/v1/services?format=ndjson", "/api/v1/services?full=true&search=nasilje",
             "/api/v1/service_at_locations", "/api/v1/service_at_locations?postcode=1420",
             "/api/v1/service_at_locations?full=true", "/api/v1/organizations?full=true"]
    return sorted(set(urls))


def _texts(response) -> list[str]:
    if response.mimetype == "application/zip":
        with zipfile.ZipFile(io.BytesIO(response.data)) as archive:
            return [archive.read(name).decode("utf-8") for name in archive.namelist()]
    return [response.get_data(as_text=True)]


def test_no_public_output_carries_a_confidential_address(app, client, history):
    checked = 0
    for url in _public_urls(app):
        response = client.get(url)
        assert response.status_code < 500, url
        for text in _texts(response):
            echoed = parse_qs(urlsplit(url).query).get("q", []) + parse_qs(urlsplit(url).query).get("search", [])
            for words in echoed:  # the resident's own words, repeated on the page, are no leak
                text = text.replace(words, "")
            leaked = [secret for secret in SECRETS if secret in text]
            assert not leaked, f"{url} shows {leaked}"
        checked += 1
    assert checked > 40  # every public route was reached, not just a few


def test_public_export_keeps_the_audit_trail_without_the_address(client, history):
    services = {s["x_source_id"]: s for s in client.get("/api/v1/export.json").get_json()}
    trail = services["svc-safe"]["metadata"]
    fields = {entry["field_name"] for entry in trail}
    assert {"service_at_locations", "description"} <= fields  # the history is there ...
    changes = [e for e in trail if e["field_name"] == "service_at_locations"]
    assert all("Varna hiša [zaupno]" in (e["replacement_value"] or "") for e in changes)  # ... the place by name
    late = services["svc-safe-2"]["metadata"]
    assert any(e["field_name"] == "service_at_locations" for e in late)
    assert "Zadnja cesta" not in json.dumps(late, ensure_ascii=False)


def test_staff_history_and_internal_export_keep_the_address(app, client, history, runner, tmp_path):
    """Redaction happens where the trail is made public, not by losing the data."""
    client.post("/prijava", data={"email": "osebje@example.org", "password": "pravilno-geslo-123"})
    page = client.get("/urejanje/storitev/svc-safe/zgodovina").get_data(as_text=True)
    assert "Tajna pot 7" in page and "Skrivna ulica 14" in page
    path = tmp_path / "backup.json"
    assert runner.invoke(args=["export", str(path), "--include-confidential"]).exit_code == 0
    assert "Tajna pot 7" in path.read_text(encoding="utf-8")
    assert db.session.get(Service, "svc-safe").locations[0].address.address_1 == "Skrivna ulica 14"


def test_a_safe_house_is_not_found_by_its_address(client, history):
    for words in ("Skrivna", "Tajna pot", "Zadnja"):  # ("ulica", "cesta" alone mean homelessness to the thesaurus)
        found = [s["x_source_id"] for s in client.get(f"/api/v1/services?search={words}").get_json()["contents"]]
        assert "svc-safe" not in found and "svc-safe-2" not in found, words
