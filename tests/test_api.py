"""The HSDS 3.0 read API under /api/v1."""
import pytest

import json

from hsds_schemas import validate_openapi
from infotocka.directory.hsds_ids import hsds_uuid
from infotocka.directory.hsds_import import import_records
from infotocka.extensions import db
from infotocka.models import Service

PAGE_KEYS = {"total_items", "total_pages", "page_number", "size", "first_page", "last_page", "empty", "contents"}


def _ids(response) -> list[str]:
    """Return our keys (x_source_id; the HSDS id is a UUID) of the items of a page."""
    assert response.status_code == 200, response.get_json()
    return [item["x_source_id"] for item in response.get_json()["contents"]]


def test_root_describes_version(client):
    response = client.get("/api/v1/")
    assert response.get_json()["version"] == "3.0"
    assert response.get_json()["profile"].startswith("https://")
    assert response.headers["Access-Control-Allow-Origin"] == "*"


def test_openapi_document_is_valid(client):
    document = client.get("/api/v1/openapi.json").get_json()
    validate_openapi(document)
    assert {"/services", "/services/{id}", "/organizations", "/organizations/{id}", "/taxonomies",
            "/taxonomy_terms"} <= set(document["paths"])


def test_services_page_envelope(client, sample):
    body = client.get("/api/v1/services?per_page=10&page=2").get_json()
    assert set(body) == PAGE_KEYS | {"x_understood_needs", "x_crisis"}  # what the search read in `search`
    assert (body["x_understood_needs"], body["x_crisis"]) == ([], [])
    assert (body["total_items"], body["total_pages"], body["page_number"], body["size"]) == (87, 9, 2, 10)
    assert (body["first_page"], body["last_page"], body["empty"]) == (False, False, False)
    last = client.get("/api/v1/services?per_page=10&page=9").get_json()
    assert last["last_page"] and last["size"] == 7
    beyond = client.get("/api/v1/services?per_page=10&page=10").get_json()
    assert beyond["empty"] and beyond["contents"] == []


def test_services_are_fully_nested(client, sample):
    item = client.get("/api/v1/services?search=denarna+socialna+trbovlje&full=true").get_json()["contents"][0]
    assert item["x_source_id"] == "svc-csd-trbovlje-dsp" and item["id"] == hsds_uuid("service", item["x_source_id"])
    assert item["organization"]["name"].startswith("Center za socialno delo")
    assert [(a["name"], a["uri"]) for a in item["service_areas"]] == [("Trbovlje", "urn:si:obcina:129")]
    listed = client.get("/api/v1/services?search=denarna+socialna+trbovlje").get_json()["contents"][0]
    assert "service_areas" not in listed and listed["organization"]["name"] == item["organization"]["name"]


def test_service_detail_and_404(client, sample):
    response = client.get("/api/v1/services/svc-csd-trbovlje-dsp")
    assert response.get_json()["attributes"][0]["taxonomy_term"]["taxonomy"] == "ciljne-skupine"
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    by_uuid = client.get(f"/api/v1/services/{response.get_json()['id']}")
    assert by_uuid.get_json() == response.get_json()
    missing = client.get("/api/v1/services/nope")
    assert missing.status_code == 404 and missing.get_json()["message"]


def test_filter_by_municipality_code_and_name(client, sample):
    by_code = set(_ids(client.get("/api/v1/services?municipality=129&per_page=100")))
    by_name = set(_ids(client.get("/api/v1/services?municipality=trbovlje&per_page=100")))
    assert by_code == by_name and "svc-csd-trbovlje-dsp" in by_code
    assert "svc-csd-kranj-zavetisce" not in by_code


@pytest.mark.parametrize("query", ["taxonomy_term_id=starejsi", "target_group=starejsi"])
def test_filter_by_term(client, sample, query):
    ids = _ids(client.get(f"/api/v1/services?{query}&per_page=100"))
    assert ids
    for service_id in ids:
        assert "starejsi" in {t.code for t in db.session.get(Service, service_id).terms}


def test_filter_by_kind_and_organization(client, sample):
    ids = _ids(client.get("/api/v1/services?kind=denarna-pomoc&organization_id=org-csd-zasavje-trbovlje"))
    assert ids == ["svc-csd-trbovlje-dsp"]


def test_filter_by_taxonomy_and_modified_after(client, sample):
    import_records([{"id": "svc-new", "name": "Nova", "description": "Opis.", "last_modified": "2999-01-01",
                     "organization": {"id": "org-new", "name": "Novo društvo"}}])
    assert _ids(client.get("/api/v1/services?modified_after=2998-12-31")) == ["svc-new"]
    assert _ids(client.get("/api/v1/services?modified_after=2999-01-01T00:00:00Z")) == ["svc-new"]  # on or after
    minimal = client.get("/api/v1/services?modified_after=2999-01-01&minimal=true").get_json()["contents"]
    assert minimal == [{"id": hsds_uuid("service", "svc-new"), "name": "Nova", "status": "active",
                        "last_modified": "2999-01-01T00:00:00Z"}]
    with_terms = client.get("/api/v1/services?taxonomy_id=vrste-pomoci&per_page=100").get_json()
    assert with_terms["total_items"] == 87 and "svc-new" not in [s["id"] for s in with_terms["contents"]]


@pytest.mark.parametrize("query", [
    "page=abc", "per_page=0", "per_page=101", "page=-1", "municipality=Atlantida", "municipality=9999",
    "modified_after=yesterday", "taxonomy_term_id=nobena", "target_group=denarna-pomoc", "kind=xyz",
    "taxonomy_id=barve", "taxonomy_id=", "full=maybe", "format=xml", "sort=name", "organisation_id=x",
])
def test_bad_parameters_are_400_json(client, query):
    response = client.get(f"/api/v1/services?{query}")
    assert response.status_code == 400
    body = response.get_json()
    assert body["error"] and body["message"]
    assert body["parameter"] == query.split("=")[0]


@pytest.mark.parametrize("url", ["/api/v1/organizations?municipality=129", "/api/v1/taxonomies?taxonomy_id=x",
                                 "/api/v1/services/svc-x?full=true", "/api/v1/?x=1", "/api/v1/geocode?q=Kranj&n=2"])
def test_undeclared_parameters_are_named(client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert response.get_json()["parameter"] == url.rsplit("&", 1)[-1].split("?")[-1].split("=")[0]


def test_organizations_list_and_detail(client, sample):
    body = client.get("/api/v1/organizations?per_page=100").get_json()
    assert body["total_items"] == 46
    assert [o["id"] for o in body["contents"]] == sorted(o["id"] for o in body["contents"])
    org = client.get("/api/v1/organizations/org-csd-zasavje-trbovlje").get_json()
    assert "svc-csd-trbovlje-dsp" in [s["x_source_id"] for s in org["services"]]
    assert "organization" not in org["services"][0] and "phones" not in org["services"][0]
    assert client.get(f"/api/v1/organizations/{org['id']}").get_json() == org
    full = client.get(f"/api/v1/organizations/{org['id']}?full_service=true").get_json()
    assert any("service_areas" in s for s in full["services"])
    assert client.get("/api/v1/organizations/nope").status_code == 404
    found = client.get("/api/v1/organizations?search=csd+trbovlje").get_json()["contents"]
    assert [o["x_source_id"] for o in found] == ["org-csd-zasavje-trbovlje"]


def test_taxonomies_and_terms(client):
    taxonomies = client.get("/api/v1/taxonomies").get_json()
    assert [t["x_source_id"] for t in taxonomies["contents"]] == ["ciljne-skupine", "vrste-pomoci", "vrste-izvajalcev"]
    providers = taxonomies["contents"][2]
    assert client.get(f"/api/v1/taxonomies/{providers['id']}").get_json() == providers
    assert client.get("/api/v1/taxonomies/vrste-izvajalcev").get_json() == providers
    assert client.get("/api/v1/taxonomies?search=izvajal").get_json()["contents"] == [providers]
    terms = client.get(f"/api/v1/taxonomy_terms?taxonomy_id={providers['id']}&per_page=100").get_json()
    assert terms["total_items"] == len(terms["contents"]) > 0
    assert {t["taxonomy"] for t in terms["contents"]} == {"vrste-izvajalcev"}
    assert {t["taxonomy_id"] for t in terms["contents"]} == {providers["id"]}
    csd = next(t for t in terms["contents"] if t["code"] == "csd")
    assert client.get(f"/api/v1/taxonomy_terms/{csd['id']}").get_json() == csd
    assert client.get("/api/v1/taxonomy_terms/csd").get_json() == csd
    assert client.get("/api/v1/taxonomy_terms/nope").status_code == 404
    assert client.get(f"/api/v1/taxonomy_terms?parent_id={csd['id']}").get_json()["total_items"] == 0
    top = client.get("/api/v1/taxonomy_terms?top_only=true&per_page=100").get_json()
    assert top["total_items"] == client.get("/api/v1/taxonomy_terms").get_json()["total_items"]
    assert client.get("/api/v1/taxonomy_terms?taxonomy_id=barve").status_code == 400


def test_confidential_address_never_in_api(client, app):
    import_records([{"id": "svc-safe", "name": "Varna hiša", "description": "Zatočišče.",
                     "organization": {"id": "org-safe", "name": "Društvo SOS"},
                     "service_at_locations": [{"id": "sal-safe", "location": {
                         "id": "loc-safe", "x_confidential": True, "latitude": 46.1, "longitude": 15.0,
                         "addresses": [{"address_1": "Skrita ulica 5", "city": "Trbovlje"}]}}]}])
    for url in ("/api/v1/services/svc-safe", "/api/v1/services", "/api/v1/organizations/org-safe"):
        text = client.get(url).get_data(as_text=True)
        assert "Skrita" not in text and "46.1" not in text


@pytest.mark.parametrize("query, headers, expected", [
    ("per_page=0", {}, "Parameter per_page mora biti celo število"),
    ("per_page=0&lang=en", {}, "Parameter per_page must be a whole number"),
    ("taxonomy_id=barve", {"Accept-Language": "en"}, "Unknown taxonomy 'barve'"),
    ("modified_after=včeraj", {}, "Parameter modified_after mora biti datum"),
])
def test_bad_parameter_message_is_in_the_readers_language(client, query, headers, expected):
    body = client.get(f"/api/v1/services?{query}", headers=headers).get_json()
    assert body["error"] == "Bad Request" and expected in body["message"]


def test_ndjson_streams_every_result(client, sample):
    response = client.get("/api/v1/services?format=ndjson&municipality=129")
    assert response.status_code == 200 and response.mimetype == "application/x-ndjson"
    assert response.is_streamed and "Content-Length" not in response.headers  # sent as it is written
    lines = [json.loads(line) for line in response.get_data(as_text=True).splitlines()]
    paged = client.get("/api/v1/services?municipality=129&per_page=100").get_json()
    assert [item["id"] for item in lines] == [item["id"] for item in paged["contents"]]
    assert len(lines) == paged["total_items"] > 20
    organizations = client.get("/api/v1/organizations?format=ndjson").get_data(as_text=True).splitlines()
    assert len(organizations) == 46


def test_an_hsds_uuid_url_redirects_to_the_readable_one(client, sample):
    response = client.get(f"/storitev/{hsds_uuid('service', 'svc-csd-trbovlje-dsp')}")
    assert response.status_code == 301 and response.headers["Location"].endswith("/storitev/svc-csd-trbovlje-dsp")
    organization = client.get(f"/izvajalec/{hsds_uuid('organization', 'org-csd-zasavje-trbovlje')}")
    assert organization.headers["Location"].endswith("/izvajalec/org-csd-zasavje-trbovlje")
    assert client.get("/storitev/0b7f4a0e-2b1a-4d7e-9a51-2f1a5c3e6b10").status_code == 404


def test_service_at_locations_by_postcode_and_proximity(client, sample):
    every = client.get("/api/v1/service_at_locations?per_page=100&format=ndjson").get_data(as_text=True)
    trbovlje = client.get("/api/v1/service_at_locations?postcode=1420&format=ndjson").get_data(as_text=True)
    near = client.get("/api/v1/service_at_locations?postcode=1420&proximity=3000&format=ndjson")
    every, trbovlje, near = ([json.loads(line) for line in text.splitlines()]
                             for text in (every, trbovlje, near.get_data(as_text=True)))
    assert len(every) > len(trbovlje) > len(near) > 0
    assert all(item["location"].get("latitude") for item in near)
    kranj = {item["id"] for item in every if "Kranj" in json.dumps(item, ensure_ascii=False)}
    assert kranj and not kranj & {item["id"] for item in near}
    one = client.get(f"/api/v1/service_at_locations/{near[0]['id']}").get_json()
    assert one["id"] == near[0]["id"] and one["service"]["id"] == near[0]["service_id"]
    for bad in ("postcode=9999", "proximity=100", "postcode=1420&proximity=metres", "municipality=129"):
        response = client.get(f"/api/v1/service_at_locations?{bad}")
        assert response.status_code == 400 and response.get_json()["parameter"], bad


def test_a_listing_edited_after_a_search_shows_its_new_text_in_the_next_search(client, sample):
    """Search result items are reused between searches, but never across a change of the data."""
    def names():
        page = client.get("/api/v1/services", query_string={"search": "paketi hrane"}).get_json()["contents"]
        return {item["x_source_id"]: item["name"] for item in page}
    assert names()["svc-rks-trbovlje-paketi-hrane"] == "Paketi hrane za družine"
    report = import_records([{"id": "svc-rks-trbovlje-paketi-hrane", "name": "Paketi hrane in higiene za družine",
                              "description": "Rdeči križ deli pakete hrane.",
                              "organization": {"id": "org-rks-oz-trbovlje", "name": "Rdeči križ Trbovlje"}}])
    assert report.updated == 1, report.summary
    assert names()["svc-rks-trbovlje-paketi-hrane"] == "Paketi hrane in higiene za družine"
