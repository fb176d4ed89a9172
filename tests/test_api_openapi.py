"""The OpenAPI document cannot drift from the API: every route is described, and real answers fit the schemas."""
import re

import pytest
from openapi_schema_validator import OAS31Validator

from hsds_schemas import BASE, official_registry, validate_openapi

PREFIX = "/api/v1"
IGNORED_METHODS = {"HEAD", "OPTIONS"}


@pytest.fixture
def document(client):
    return client.get(f"{PREFIX}/openapi.json").get_json()


def _shape(path: str) -> str:
    """Return a path with its parameters blanked: /services/<service_id> and /services/{id} both give /services/{}."""
    return re.sub(r"<(?:[^:<>]+:)?[^<>]+>|\{[^}]+\}", "{}", path)


def _api_routes(app) -> dict[str, set[str]]:
    """Return {path relative to /api/v1 (parameters blanked): methods} for every rule of the api blueprint."""
    routes = {}
    for rule in app.url_map.iter_rules():
        if rule.endpoint.split(".")[0] != "api":
            continue
        assert rule.rule.startswith(PREFIX), rule.rule
        path = _shape(rule.rule[len(PREFIX):] or "/")
        routes.setdefault(path, set()).update(m.lower() for m in rule.methods - IGNORED_METHODS)
    return routes


def _check(document: dict, schema: dict, instance) -> None:
    """Validate instance against a schema of the document (its $refs resolve in the document's components)."""
    OAS31Validator({"allOf": [schema], "components": document["components"]},
                   registry=official_registry()).validate(instance)


def _response_schema(document: dict, path: str, status: str = "200", media: str = "application/json") -> dict:
    response = document["paths"][path]["get"]["responses"][status]
    if "$ref" in response:
        response = document["components"]["responses"][response["$ref"].rsplit("/", 1)[1]]
    return response["content"][media]["schema"]


def _params(document: dict, path: str) -> dict[str, dict]:
    return {p["name"]: p for p in document["paths"][path]["get"]["parameters"]}


def test_document_validates(document):
    """openapi-spec-validator, with the official schemas it refers to answered from tests/hsds (no network)."""
    followed = validate_openapi(document)
    assert BASE + "service.json" in followed  # the referred official schemas were read and checked too
    assert document["servers"] == [{"url": PREFIX}]


def test_hsds_objects_are_the_official_schemas(document):
    schemas = document["components"]["schemas"]
    for name, official in (("Service", "service.json"), ("ServiceListItem", "compiled/service_list.json"),
                           ("Taxonomy", "taxonomy.json"), ("TaxonomyTerm", "taxonomy_term.json"),
                           ("OrganizationListItem", "compiled/organization_list.json"),
                           ("ServiceAtLocationListItem", "compiled/service_at_location_list.json")):
        assert schemas[name] == {"$ref": BASE + official}, name
    assert schemas["Organization"]["allOf"][0] == {"$ref": BASE + "organization.json"}
    assert schemas["ServiceAtLocation"]["allOf"][0] == {"$ref": BASE + "service_at_location.json"}


def test_every_api_route_is_in_the_document(app, document):
    routes = _api_routes(app)
    documented = {_shape(path): {m for m in item if m != "parameters"} for path, item in document["paths"].items()}
    missing = {path for path in routes if path not in documented}
    assert not missing, f"API routes missing from infotocka/api/openapi.py: {sorted(missing)}"
    for path, methods in routes.items():
        assert methods <= documented[path], f"{path}: {methods - documented[path]} not documented"
    phantom = set(documented) - set(routes)
    assert not phantom, f"documented paths with no route: {sorted(phantom)}"


def test_new_endpoints_and_parameters_are_described(document):
    assert {"/coverage", "/coverage.csv", "/export.json", "/export.zip", "/geocode"} <= set(document["paths"])
    assert {"lat", "lon", "radius_km"} <= set(_params(document, "/services"))
    assert _params(document, "/geocode")["q"]["required"] is True
    assert set(_params(document, "/coverage")) == {"by", "region", "format"}
    assert set(_params(document, "/coverage.csv")) == {"by", "region"}
    coverage = document["paths"]["/coverage"]["get"]["responses"]["200"]["content"]
    assert set(coverage) == {"application/json", "text/csv"}
    assert "application/zip" in document["paths"]["/export.zip"]["get"]["responses"]["200"]["content"]
    for path in ("/services", "/services/{id}", "/geocode", "/coverage", "/coverage.csv"):
        assert "400" in document["paths"][path]["get"]["responses"], path
    for path in ("/services/{id}", "/organizations/{id}"):
        assert "404" in document["paths"][path]["get"]["responses"], path


def test_answers_fit_their_schemas(client, sample, document):
    checks = {
        "/": f"{PREFIX}/",
        "/services": f"{PREFIX}/services?per_page=50",
        "/organizations": f"{PREFIX}/organizations?per_page=5",
        "/taxonomies": f"{PREFIX}/taxonomies",
        "/taxonomy_terms": f"{PREFIX}/taxonomy_terms?per_page=100",
        "/geocode": f"{PREFIX}/geocode?q=trbovlje",
        "/coverage": f"{PREFIX}/coverage?region=zasavska&by=kind",
        "/export.json": f"{PREFIX}/export.json",
    }
    for path, url in checks.items():
        response = client.get(url)
        assert response.status_code == 200, (url, response.get_data(as_text=True)[:300])
        _check(document, _response_schema(document, path), response.get_json())
    for path, url in (("/services", "/services?minimal=true"), ("/services", "/services?full=true&per_page=5"),
                      ("/service_at_locations", "/service_at_locations?per_page=50"),
                      ("/organizations", "/organizations?full=true&per_page=5")):
        _check(document, _response_schema(document, path), client.get(PREFIX + url).get_json())
    for path, listing in (("/services/{id}", "/services"), ("/organizations/{id}", "/organizations"),
                          ("/service_at_locations/{id}", "/service_at_locations"), ("/taxonomies/{id}", "/taxonomies"),
                          ("/taxonomy_terms/{id}", "/taxonomy_terms")):
        first = client.get(f"{PREFIX}{listing}?per_page=1").get_json()["contents"][0]["id"]
        _check(document, _response_schema(document, path), client.get(f"{PREFIX}{listing}/{first}").get_json())


def test_near_me_answers_carry_distance_km(client, sample, document):
    response = client.get(f"{PREFIX}/services?lat=46.155&lon=15.047&radius_km=30&per_page=100")
    assert response.status_code == 200
    body = response.get_json()
    _check(document, _response_schema(document, "/services"), body)
    assert body["contents"] and all("x_distance_km" in item for item in body["contents"])
    assert "x_distance_km" in document["components"]["schemas"]["ServiceResult"]["allOf"][1]["properties"]


def test_downloads_have_the_documented_media_types(client, sample, document):
    for path, url in (("/coverage", f"{PREFIX}/coverage?format=csv&region=zasavska"),
                      ("/coverage.csv", f"{PREFIX}/coverage.csv?region=zasavska"),
                      ("/export.zip", f"{PREFIX}/export.zip")):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.mimetype in document["paths"][path]["get"]["responses"]["200"]["content"], url
        assert response.headers["Content-Disposition"].startswith("attachment"), url


@pytest.mark.parametrize("path, url, status", [
    ("/geocode", "/geocode", "400"),
    ("/geocode", "/geocode?q=xqzwvkrajnikjer", "400"),
    ("/services", "/services?lat=46.1", "400"),
    ("/services", "/services?radius_km=5", "400"),
    ("/services", "/services?lat=46.1&lon=15&radius_km=0", "400"),
    ("/services", "/services?lat=north&lon=15", "400"),
    ("/services", "/services?per_page=1000", "400"),
    ("/coverage", "/coverage?by=nothing", "400"),
    ("/coverage", "/coverage?format=xml", "400"),
    ("/coverage", "/coverage?region=atlantida", "400"),
    ("/coverage.csv", "/coverage.csv?region=atlantida", "400"),
    ("/services/{id}", "/services/no-such-service", "404"),
    ("/organizations/{id}", "/organizations/no-such-org", "404"),
])
def test_errors_are_documented_json(client, document, path, url, status):
    response = client.get(PREFIX + url)
    assert str(response.status_code) == status, response.get_data(as_text=True)[:300]
    assert status in document["paths"][path]["get"]["responses"]
    _check(document, _response_schema(document, path, status), response.get_json())


def test_every_official_path_and_parameter_is_served(document):
    from hsds_schemas import openapi

    official = openapi()
    for path, item in official["paths"].items():
        assert path in document["paths"], path
        for parameter in item["get"].get("parameters", []):
            if "$ref" in parameter:
                parameter = official["components"]["parameters"][parameter["$ref"].rsplit("/", 1)[1]]
            assert parameter["name"] in _params(document, path), (path, parameter["name"])
