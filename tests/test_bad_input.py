"""Bad input never costs data: a malformed query or path gets a clear 4xx, never a 500.

Each case here was a 500 found by fuzzing the query parameters of every GET route."""
import itertools

import pytest

# str.isdigit() accepts these, int() or the database does not
ODD_NUMBERS = ["²", "𝟏", "9" * 5000, "99999999999999999999999"]


QUERY_NUMBERS = [("/iskanje", "municipality"), ("/obcina", "obcina"), ("/api/v1/services", "municipality"),
                 ("/api/v1/services", "page"), ("/api/v1/services", "per_page"),
                 ("/api/v1/organizations", "page"), ("/api/v1/taxonomy_terms", "per_page")]


def test_odd_numbers_in_the_query_are_a_4xx(client, sample):
    for (url, name), value in itertools.product(QUERY_NUMBERS, ODD_NUMBERS):
        response = client.get(url, query_string={name: value})
        assert 400 <= response.status_code < 500, (url, name, value[:30], response.status_code)


def test_odd_municipality_in_a_path_is_a_404(client):
    for value in ODD_NUMBERS:
        assert client.get(f"/obcina/{value}").status_code == 404
        assert client.get(f"/kiosk/{value}").status_code == 404


@pytest.fixture
def staff(app, client):
    from infotocka.auth.operations import create_user
    create_user("osebje@infotocka.si", "staff", password="pravilno-geslo-123")
    assert client.post("/prijava", data={"email": "osebje@infotocka.si",
                                         "password": "pravilno-geslo-123"}).status_code == 302
    return client


@pytest.mark.parametrize("method, url", [("get", "/geo/obcina/99999999999999999999999.geojson"),
                                         ("get", "/urejanje/predlog/99999999999999999999999"),
                                         ("post", "/urejanje/predlog/99999999999999999999999/odobri"),
                                         ("post", "/urejanje/prijave/99999999999999999999999/resi"),
                                         ("post", "/urejanje/uporabniki/99999999999999999999999/ponastavitev")])
def test_ids_too_large_for_the_database_are_a_404(staff, method, url):
    assert getattr(staff, method)(url).status_code == 404


def test_api_error_is_json_and_says_what_is_wrong(client):
    response = client.get("/api/v1/services", query_string={"page": "²"})
    assert response.status_code == 400 and "page" in response.get_json()["message"]


def test_error_pages_carry_the_security_headers(client):
    for response in (client.get("/obcina/²"), client.get("/static/css/ni-je.css"),
                     client.get("/api/v1/services", query_string={"page": "²"})):
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]


def _sample_record(**patch) -> dict:
    import copy
    from pathlib import Path

    from infotocka.directory.hsds_import import read_records
    sample = Path(__file__).resolve().parent.parent / "data" / "sample-directory.json"
    return {**copy.deepcopy(read_records(sample)[0]), "id": "svc-napacen-zapis", **patch}


# Malformed import records that once crashed the whole import (ValueError, OverflowError, AttributeError)
# instead of being rejected with a message.
@pytest.mark.parametrize("patch, field", [
    ({"minimum_age": "²"}, "minimum_age"),
    ({"minimum_age": "9" * 30}, "minimum_age"),
    ({"maximum_age": 1e300}, "maximum_age"),
    ({"maximum_age": 151}, "maximum_age"),
    ({"service_areas": [{"uri": "urn:si:obcina:²"}]}, "service_areas"),
    ({"attributes": [{"taxonomy_term": "x"}]}, "attributes[0].taxonomy_term"),
    ({"id": "s" * 201}, "id"),
], ids=["age-superscript", "age-huge", "age-float-huge", "age-over-150", "area-superscript", "term-not-object",
        "id-too-long"])
def test_malformed_import_record_is_rejected_not_a_crash(app, patch, field):
    from infotocka.directory.hsds_import import import_records
    report = import_records([_sample_record(**patch), _sample_record(id="svc-dober-zapis")])
    assert (report.rejected, report.created) == (1, 1)
    assert [p.field for p in report.problems] == [field]


@pytest.mark.parametrize("path", ["organization", "service_at_locations.0", "service_at_locations.0.location"])
def test_too_long_nested_id_is_rejected_on_its_field(app, path):
    from infotocka.directory.hsds_import import import_records
    record = _sample_record()
    target = record
    for key in path.split("."):
        target = target[int(key)] if key.isdigit() else target[key]
    target["id"] = "x" * 201
    report = import_records([record])
    assert report.rejected == 1
    assert report.problems[0].field == path.replace(".0", "[0]") + ".id"
    assert "200" in report.problems[0].message


def test_unexpected_error_in_one_record_rejects_only_that_record(app, monkeypatch):
    from infotocka.directory import hsds_import
    real = hsds_import.parse_service

    def parse(record, catalog, warn):
        if record["id"] == "svc-napacen-zapis":
            raise TypeError("boom")
        return real(record, catalog, warn)
    monkeypatch.setattr(hsds_import, "parse_service", parse)
    report = hsds_import.import_records([_sample_record(), _sample_record(id="svc-dober-zapis")])
    assert (report.rejected, report.created) == (1, 1)
    assert (report.problems[0].field, report.problems[0].record_id) == ("record", "svc-napacen-zapis")
    assert "TypeError" in report.problems[0].message
