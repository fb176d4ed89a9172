"""The HSDS 3.0 read API under /api/v1."""
import pytest
from openapi_spec_validator import validate

from infotocka.directory.hsds_import import import_records
from infotocka.extensions import db
from infotocka.models import Service

PAGE_KEYS = {"total_items", "total_pages", "page_number", "size", "first_page", "last_page", "empty", "contents"}


def _ids(response) -> list[str]:
    assert response.status_code == 200, response.get_json()
    return [item["id"] for item in response.get_json()["contents"]]


def test_root_describes_version(client):
    response = client.get("/api/v1/")
    assert response.get_json()["version"] == "3.0"
    assert response.get_json()["profile"].startswith("https://")
    assert response.headers["Access-Control-Allow-Origin"] == "*"


def test_openapi_document_is_valid(client):
    document = client.get("/api/v1/openapi.json").get_json()
    validate(document)
    assert {"/services", "/services/{id}", "/organizations", "/organizations/{id}", "/taxonomies",
            "/taxonomy_terms"} <= set(document["paths"])


def test_services_page_envelope(client, sample):
    body = client.get("/api/v1/services?per_page=10&page=2").get_json()
    assert set(body) == PAGE_KEYS | {"understood_needs", "crisis"}  # what the search read in `search`
    assert (body["understood_needs"], body["crisis"]) == ([], [])
    assert (body["total_items"], body["total_pages"], body["page_number"], body["size"]) == (69, 7, 2, 10)
    assert (body["first_page"], body["last_page"], body["empty"]) == (False, False, False)
    last = client.get("/api/v1/services?per_page=10&page=7").get_json()
    assert last["last_page"] and last["size"] == 9
    beyond = client.get("/api/v1/services?per_page=10&page=8").get_json()
    assert beyond["empty"] and beyond["contents"] == []


def test_services_are_fully_nested(client, sample):
    item = client.get("/api/v1/services?search=denarna+socialna+trbovlje").get_json()["contents"][0]
    assert item["id"] == "svc-csd-trbovlje-dsp"
    assert item["organization"]["name"].startswith("Center za socialno delo")
    assert item["service_areas"] == [{"name": "Trbovlje", "uri": "urn:si:obcina:129"}]


def test_service_detail_and_404(client, sample):
    response = client.get("/api/v1/services/svc-csd-trbovlje-dsp")
    assert response.get_json()["attributes"][0]["taxonomy_term"]["taxonomy"] == "ciljne-skupine"
    assert response.headers["Access-Control-Allow-Origin"] == "*"
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
    with_terms = client.get("/api/v1/services?taxonomy_id=vrste-pomoci&per_page=100").get_json()
    assert with_terms["total_items"] == 69 and "svc-new" not in [s["id"] for s in with_terms["contents"]]


@pytest.mark.parametrize("query", [
    "page=abc", "per_page=0", "per_page=101", "page=-1", "municipality=Atlantida", "municipality=9999",
    "modified_after=yesterday", "taxonomy_term_id=nobena", "target_group=denarna-pomoc", "kind=xyz",
    "taxonomy_id=barve",
])
def test_bad_parameters_are_400_json(client, query):
    response = client.get(f"/api/v1/services?{query}")
    assert response.status_code == 400
    body = response.get_json()
    assert body["error"] and body["message"]


def test_organizations_list_and_detail(client, sample):
    body = client.get("/api/v1/organizations?per_page=100").get_json()
    assert body["total_items"] == 32
    assert [o["id"] for o in body["contents"]] == sorted(o["id"] for o in body["contents"])
    org = client.get("/api/v1/organizations/org-csd-zasavje-trbovlje").get_json()
    assert "svc-csd-trbovlje-dsp" in [s["id"] for s in org["services"]]
    assert "organization" not in org["services"][0]
    assert client.get("/api/v1/organizations/nope").status_code == 404


def test_taxonomies_and_terms(client):
    taxonomies = client.get("/api/v1/taxonomies").get_json()
    assert [t["id"] for t in taxonomies["contents"]] == ["ciljne-skupine", "vrste-pomoci", "vrste-izvajalcev"]
    terms = client.get("/api/v1/taxonomy_terms?taxonomy_id=vrste-izvajalcev&per_page=100").get_json()
    assert terms["total_items"] == len(terms["contents"]) > 0
    assert {t["taxonomy"] for t in terms["contents"]} == {"vrste-izvajalcev"}
    assert "csd" in [t["code"] for t in terms["contents"]]
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
