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


# Malformed import records that crash the whole import (ValueError, OverflowError, AttributeError) instead of
# being rejected with a message. The fix belongs to infotocka/directory/hsds_values.py (parse_age) and
# hsds_parse.py (area, parse_terms); remove the xfail mark with it.
@pytest.mark.xfail(strict=True, reason="importer: not yet rejected cleanly (hsds_values.py / hsds_parse.py)")
@pytest.mark.parametrize("patch", [
    {"minimum_age": "²"},
    {"minimum_age": "9" * 30},
    {"service_areas": [{"uri": "urn:si:obcina:²"}]},
    {"attributes": [{"taxonomy_term": "x"}]},
], ids=["age-superscript", "age-huge", "area-superscript", "term-not-object"])
def test_malformed_import_record_is_rejected_not_a_crash(app, patch):
    import copy
    from pathlib import Path

    from infotocka.directory.hsds_import import import_records, read_records
    sample = Path(__file__).resolve().parent.parent / "data" / "sample-directory.json"
    record = {**copy.deepcopy(read_records(sample)[0]), "id": "svc-napacen-zapis", **patch}
    report = import_records([record])
    assert report.rejected == 1 and report.problems
