"""Every API answer and the JSON export validate against the official HSDS 3.0 schemas, strictly
(`additionalProperties: false` everywhere except `x_` members), uuid/email/date-time formats checked."""
import copy
import json

import pytest

from jsonschema import Draft202012Validator, FormatChecker

from hsds_schemas import errors, example, openapi, page_errors, profile_errors, schema, strict
from infotocka.directory.hsds_export import export_directory
from infotocka.directory.hsds_fields import FIELDS
from infotocka.directory.hsds_import import import_path, import_records

API = "/api/v1"
SERVICES = {"type": "array", "items": {"$ref": "service.json"}}
LIST_SERVICES = {"type": "array", "items": {"$ref": "compiled/service_list.json"}}


def _safe_house() -> dict:
    return {"id": "svc-safe", "name": "Varna hiša", "description": "Zatočišče.", "status": "active",
            "organization": {"id": "org-safe", "name": "Društvo SOS"},
            "phones": [{"number": "080 11 55", "extension": 12, "languages": [{"code": "sl", "name": "slovenščina"}]}],
            "schedules": [{"byday": "MO", "opens_at": "08:00", "closes_at": "15:00", "freq": "WEEKLY"}],
            "service_at_locations": [{"id": "sal-safe", "location": {
                "id": "loc-safe", "name": "Varna hiša", "x_confidential": True, "latitude": 46.1,
                "longitude": 15.0, "addresses": [{"address_1": "Skrita ulica 5", "city": "Trbovlje"}]}}]}


@pytest.fixture
def directory(sample):
    """The sample plus a safe house and a service with many HSDS members."""
    report = import_records([_safe_house()])
    changed = import_records([{**_safe_house(), "name": "Varna hiša SOS", "fees_description": "brezplačno"}])
    assert (report.rejected, changed.updated) == (0, 1), report.problems
    return sample


def test_the_fields_we_keep_are_the_official_ones():
    for kind, names in FIELDS.items():
        assert tuple(schema(f"{kind}.json")["properties"]) == names, kind


def test_the_official_examples_pass_our_strict_reading():
    assert errors(example("service_full.json"), "service.json") == []
    assert errors(example("organization_full.json"), "organization.json", {"services": SERVICES}) == []


def test_a_slug_id_or_an_unknown_member_is_an_error():
    assert errors({"id": "svc-x", "name": "x", "status": "active"}, "service.json")
    assert errors({"id": "0b7f4a0e-2b1a-4d7e-9a51-2f1a5c3e6b10", "name": "x", "status": "active", "colour": 1},
                  "service.json")
    assert not errors({"id": "0b7f4a0e-2b1a-4d7e-9a51-2f1a5c3e6b10", "name": "x", "status": "active", "x_c": 1},
                      "service.json")


def test_root(client):
    body = client.get(f"{API}/").get_json()
    root = openapi()["paths"]["/"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert set(body) <= set(root["properties"]) and body["version"] == "3.0"
    assert list(Draft202012Validator(strict(root), format_checker=FormatChecker()).iter_errors(body)) == []


@pytest.mark.parametrize("url, item_schema, extra", [
    ("/services?format=ndjson", "compiled/service_list.json", None),
    ("/services?format=ndjson&full=true", "service.json", None),
    ("/organizations?format=ndjson", "compiled/organization_list.json", None),
    ("/organizations?format=ndjson&full=true", "organization.json", {"services": LIST_SERVICES}),
    ("/service_at_locations?format=ndjson", "compiled/service_at_location_list.json", None),
    ("/taxonomies?format=ndjson", "taxonomy.json", None),
    ("/taxonomy_terms?format=ndjson", "taxonomy_term.json", None),
])
def test_ndjson_lines(client, directory, url, item_schema, extra):
    response = client.get(API + url)
    assert response.status_code == 200 and response.mimetype == "application/x-ndjson"
    items = [json.loads(line) for line in response.get_data(as_text=True).splitlines()]
    assert len(items) >= 3
    assert [f"{i}: {e}" for i, item in enumerate(items) for e in errors(item, item_schema, extra)] == []


def test_services_list_full_minimal_and_item(client, directory):
    assert page_errors(client.get(f"{API}/services?per_page=100").get_json(), "compiled/service_list.json") == []
    assert page_errors(client.get(f"{API}/services?per_page=100&full=true").get_json(), "service.json") == []
    near = client.get(f"{API}/services?lat=46.15&lon=15.05&radius_km=20&per_page=100").get_json()
    assert near["contents"] and page_errors(near, "compiled/service_list.json") == []
    for item in client.get(f"{API}/services?per_page=100").get_json()["contents"]:
        assert errors(client.get(f"{API}/services/{item['id']}").get_json(), "service.json") == [], item["id"]


def test_organizations_list_and_item(client, directory):
    body = client.get(f"{API}/organizations?per_page=100").get_json()
    assert page_errors(body, "compiled/organization_list.json") == []
    assert page_errors(client.get(f"{API}/organizations?per_page=100&full=true").get_json(), "organization.json",
                       {"services": LIST_SERVICES}) == []
    for item in body["contents"]:
        for query, services in (("", LIST_SERVICES), ("?full_service=true", SERVICES)):
            answer = client.get(f"{API}/organizations/{item['id']}{query}").get_json()
            assert errors(answer, "organization.json", {"services": services}) == [], item["id"]


def test_service_at_locations(client, directory):
    body = client.get(f"{API}/service_at_locations?per_page=100").get_json()
    assert body["total_items"] > 50 and page_errors(body, "compiled/service_at_location_list.json") == []
    full = client.get(f"{API}/service_at_locations?per_page=100&full=true").get_json()
    assert page_errors(full, "service_at_location.json", {"service": {"$ref": "service.json"}}) == []
    item = client.get(f"{API}/service_at_locations/{body['contents'][0]['id']}").get_json()
    assert errors(item, "service_at_location.json", {"service": {"$ref": "service.json"}}) == []


def test_taxonomies_and_terms(client, directory):
    taxonomies = client.get(f"{API}/taxonomies").get_json()
    assert page_errors(taxonomies, "taxonomy.json") == []
    for item in taxonomies["contents"]:
        assert errors(client.get(f"{API}/taxonomies/{item['id']}").get_json(), "taxonomy.json") == []
    terms = client.get(f"{API}/taxonomy_terms?per_page=100").get_json()
    assert terms["total_items"] > 20 and page_errors(terms, "taxonomy_term.json") == []
    first = terms["contents"][0]
    assert errors(client.get(f"{API}/taxonomy_terms/{first['id']}").get_json(), "taxonomy_term.json") == []


def test_the_json_export(client, directory):
    exported = client.get(f"{API}/export.json").get_json()
    assert len(exported) == 88
    assert any(s.get("metadata") for s in exported)  # the audit trail, as HSDS metadata
    problems = [f"{s['x_source_id']}: {e}" for s in exported for e in errors(s, "service.json")]
    assert problems == []
    internal = [e for s in export_directory(public=False) for e in errors(s, "service.json")]
    assert internal == []


def test_one_id_names_one_object(client, directory):
    """The same id never stands for two different objects (a location shared by services is one object)."""
    seen: dict[str, str] = {}

    def walk(node):
        if isinstance(node, list):
            for item in node:
                walk(item)
        elif isinstance(node, dict):
            if "id" in node and "taxonomy_term" not in node:
                text = json.dumps(node, sort_keys=True)
                assert seen.setdefault(node["id"], text) == text, node["id"]
            for value in node.values():
                walk(value)
    walk(client.get(f"{API}/export.json").get_json())
    assert len(seen) > 500


def test_the_export_follows_our_profile(client, directory):
    exported = client.get(f"{API}/export.json").get_json()
    assert [e for service in exported for e in profile_errors(service)] == []
    safe = next(s for s in exported if s["x_source_id"] == "svc-safe")
    leaked = copy.deepcopy(safe)
    leaked["service_at_locations"][0]["location"]["latitude"] = 46.1  # a safe house's point must never be public
    assert profile_errors(leaked)
    assert profile_errors({**safe, "x_easy_read": 5}) and profile_errors({**safe, "x_sources": "https://x"})


@pytest.mark.parametrize("url, item_schema", [
    ("/services?search=pomoč na domu&per_page=100", "compiled/service_list.json"),
    ("/services?search=pomoc&full=true&per_page=100", "service.json"),
    ("/services?search=svetovanje&lat=46.15&lon=15.05&per_page=100", "compiled/service_list.json"),
    ("/services?municipality=Trbovlje&per_page=100", "compiled/service_list.json"),
    ("/services?municipality=129&full=true&per_page=100", "service.json"),
    ("/services?modified_after=2000-01-01&per_page=100", "compiled/service_list.json"),
    ("/services?modified_after=2000-01-01T00:00:00Z&minimal=true&per_page=100", "compiled/service_list.json"),
    ("/services?minimal=true&per_page=100", "compiled/service_list.json"),
    ("/services?target_group=starejsi&kind=pomoc-na-domu&per_page=100", "compiled/service_list.json"),
    ("/service_at_locations?postcode=1420&per_page=100", "compiled/service_at_location_list.json"),
    ("/service_at_locations?postcode=1420&proximity=5000&per_page=100", "compiled/service_at_location_list.json"),
    ("/service_at_locations?search=pomoč&per_page=100", "compiled/service_at_location_list.json"),
    ("/service_at_locations?modified_after=2000-01-01&per_page=100", "compiled/service_at_location_list.json"),
    ("/organizations?search=center&per_page=100", "compiled/organization_list.json"),
    ("/taxonomies?search=ciljne", "taxonomy.json"),
    ("/taxonomy_terms?top_only=true&per_page=100", "taxonomy_term.json"),
    ("/taxonomy_terms?search=star&per_page=100", "taxonomy_term.json"),
    ("/taxonomy_terms?taxonomy_id=vrste-pomoci&per_page=100", "taxonomy_term.json"),
])
def test_filtered_answers(client, directory, url, item_schema):
    body = client.get(API + url).get_json()
    assert body["contents"], url
    assert page_errors(body, item_schema) == []


def _in_slovenia(node):
    """Move every location of an official example into Trbovlje (their lat 100 is rightly refused)."""
    if isinstance(node, list):
        for item in node:
            _in_slovenia(item)
    elif isinstance(node, dict):
        if "latitude" in node:
            node.update(latitude=46.15, longitude=15.05)
        for value in node.values():
            _in_slovenia(value)
    return node


@pytest.fixture
def official(app, tmp_path):
    """The official full service, full organization (with its services), taxonomy and term lists, imported into an
    empty directory."""
    service, organization = _in_slovenia(example("service_full.json")), _in_slovenia(example("organization_full.json"))
    reports = [import_records([service])]
    for name, contents in (("organization.json", organization), ("taxonomies.json", example("taxonomy_list.json")),
                           ("terms.json", example("taxonomy_term_list.json"))):
        (tmp_path / name).write_text(json.dumps(contents), encoding="utf-8")
        reports.append(import_path(tmp_path / name))
    assert [(report.rejected, report.problems) for report in reports if report.rejected] == []
    return service, organization


def test_every_endpoint_after_importing_the_official_examples(client, official):
    service, organization = official
    services = client.get(f"{API}/services?per_page=100").get_json()
    assert {service["id"], *(s["id"] for s in organization["services"])} <= {s["id"] for s in services["contents"]}
    checks = [("/services?per_page=100", "compiled/service_list.json", None),
              ("/services?full=true&per_page=100", "service.json", None),
              ("/services?minimal=true&per_page=100", "compiled/service_list.json", None),
              ("/organizations?per_page=100", "compiled/organization_list.json", None),
              ("/organizations?full=true&per_page=100", "organization.json", {"services": LIST_SERVICES}),
              ("/service_at_locations?per_page=100", "compiled/service_at_location_list.json", None),
              ("/service_at_locations?full=true&per_page=100", "service_at_location.json",
               {"service": {"$ref": "service.json"}}),
              ("/taxonomies", "taxonomy.json", None),
              ("/taxonomy_terms?per_page=100", "taxonomy_term.json", None),
              ("/taxonomy_terms?top_only=true&per_page=100", "taxonomy_term.json", None)]
    for url, item_schema, extra in checks:
        body = client.get(API + url).get_json()
        assert body["contents"] and page_errors(body, item_schema, extra) == [], url
    for item in services["contents"]:
        assert errors(client.get(f"{API}/services/{item['id']}").get_json(), "service.json") == [], item["id"]
    for item in client.get(f"{API}/organizations?per_page=100").get_json()["contents"]:
        for query, nested in (("", LIST_SERVICES), ("?full_service=true", SERVICES)):
            answer = client.get(f"{API}/organizations/{item['id']}{query}").get_json()
            assert errors(answer, "organization.json", {"services": nested}) == [], item["id"]
    for item in client.get(f"{API}/service_at_locations?per_page=100").get_json()["contents"]:
        answer = client.get(f"{API}/service_at_locations/{item['id']}").get_json()
        assert errors(answer, "service_at_location.json", {"service": {"$ref": "service.json"}}) == [], item["id"]
    for kind, item_schema in (("taxonomies", "taxonomy.json"), ("taxonomy_terms", "taxonomy_term.json")):
        for item in client.get(f"{API}/{kind}?per_page=100").get_json()["contents"]:
            assert errors(client.get(f"{API}/{kind}/{item['id']}").get_json(), item_schema) == [], item["id"]
    terms = [t for t in client.get(f"{API}/taxonomy_terms?per_page=100").get_json()["contents"] if t.get("parent_id")]
    assert terms  # the official term names a parent: parent_id finds it under that parent
    children = client.get(f"{API}/taxonomy_terms?parent_id={terms[0]['parent_id']}").get_json()
    assert terms[0]["id"] in {t["id"] for t in children["contents"]} and page_errors(children, "taxonomy_term.json") == []
    assert [e for s in client.get(f"{API}/export.json").get_json() for e in errors(s, "service.json")] == []
