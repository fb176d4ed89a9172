"""A service whose only service areas are outside Slovenia is kept (with a warning) but is available to
nobody: not national on municipality pages, in coverage, in the search filter or the API. An area that
names a Slovene municipality makes it available there again. An empty list of areas is no area: national,
the same in every query and page."""
import re

import pytest

from infotocka.coverage.area import resolve_area
from infotocka.coverage.matrix import coverage_matrix
from infotocka.directory import queries
from infotocka.directory.hsds_import import import_records
from infotocka.extensions import db
from infotocka.models import Service
from infotocka.search import SearchQuery, search

TRBOVLJE = 129
GRAZ = {"name": "Graz", "uri": "https://www.geonames.org/2778067", "extent_type": "geojson",
        "extent": '{"type": "Point", "coordinates": [15.44, 47.07]}'}


def abroad(key: str, *areas: dict) -> dict:
    return {"id": key, "name": "Telefon za Slovence v tujini", "description": "Pomoč po telefonu rojakom v Avstriji.",
            "organization": {"id": "org-rojaki", "name": "Društvo rojakov"},
            "attributes": [{"taxonomy_term": {"code": "telefonska-pomoc"}},
                           {"taxonomy_term": {"code": "zrtve-nasilja"}}],
            "service_areas": list(areas),
            "service_at_locations": [{"id": key + "-sal", "location": {"id": "loc-rojaki", "name": "Trbovlje",
                                                   "latitude": 46.155, "longitude": 15.053,
                                                   "addresses": [{"address_1": "Trg svobode 11",
                                                                  "city": "Trbovlje", "postal_code": "1420"}]}}]}


@pytest.fixture
def only_abroad(sample):
    report = import_records([abroad("svc-abroad", GRAZ)])
    assert (report.created, report.rejected) == (1, 0), report.problems
    assert [p.field for p in report.problems] == ["service_areas[0]"]  # kept as given, with a warning
    return "svc-abroad"


def cards(html: str) -> list[str]:
    return re.findall(r'class="card-title"[^>]*><a href="/storitev/([^"]+)"', html)


def test_not_on_municipality_or_region_pages(client, only_abroad):
    assert only_abroad not in cards(client.get("/obcina/trbovlje").get_data(as_text=True))
    assert only_abroad not in cards(client.get("/regija/zasavska").get_data(as_text=True))
    municipality = queries.resolve_municipality("trbovlje")
    assert only_abroad not in {s.id for s in queries.services_available_in(municipality)}
    assert only_abroad not in {s.id for s in queries.helplines(limit=100)}


def test_not_counted_in_coverage(only_abroad):
    matrix = coverage_matrix(resolve_area("zasavska"), "target_group")
    cell = matrix.cell("zrtve-nasilja", TRBOVLJE)
    assert (cell.local, cell.regional, cell.national) == (1, 0, 2)  # as without it (tests/coverage/test_matrix.py)


def test_search_filter_leaves_it_out_but_text_search_finds_it(only_abroad):
    assert only_abroad not in search(SearchQuery(municipality=TRBOVLJE, per_page=200)).ids
    assert only_abroad in search(SearchQuery(text="rojakom v Avstriji")).ids


def test_api_municipality_and_postcode_leave_it_out(client, only_abroad):
    listed = client.get("/api/v1/services?municipality=129&per_page=100").get_json()["contents"]
    assert only_abroad not in {s.get("x_source_id") for s in listed}
    everywhere = client.get("/api/v1/services?search=rojakom&per_page=100").get_json()["contents"]
    assert only_abroad in {s.get("x_source_id") for s in everywhere}
    sals = client.get("/api/v1/service_at_locations?postcode=1420&per_page=100&full=true").get_json()["contents"]
    assert only_abroad not in {sal["service"].get("x_source_id") for sal in sals}


def test_an_area_naming_a_slovene_municipality_makes_it_available_there(client, sample):
    report = import_records([abroad("svc-both", GRAZ, {"name": "Trbovlje", "uri": "urn:si:obcina:129"})])
    assert report.created == 1
    assert "svc-both" in search(SearchQuery(municipality=TRBOVLJE, per_page=200)).ids
    assert "svc-both" not in search(SearchQuery(municipality=34, per_page=200)).ids  # Hrastnik
    cell = coverage_matrix(resolve_area("zasavska"), "target_group").cell("zrtve-nasilja", TRBOVLJE)
    assert (cell.local, cell.national) == (2, 2)


def line(key: str, name: str, *areas: dict) -> dict:
    """A phone line with no address (help on the phone only) for remote alarms."""
    return {"id": key, "name": name, "description": "Varovanje na daljavo po telefonu, rojakom in vsem drugim.",
            "organization": {"id": "org-rojaki", "name": "Društvo rojakov"},
            "attributes": [{"taxonomy_term": {"code": "varovanje-na-daljavo"}}], "service_areas": list(areas)}


@pytest.fixture
def lines(sample):
    """Two phone lines without an address: one serving only Graz, one whose kept list of areas is empty
    (as an earlier writer stored it: no area at all, so national)."""
    report = import_records([line("svc-line-abroad", "Alarm za rojake v Gradcu", GRAZ),
                             line("svc-line-empty", "Alarm za vso Slovenijo")])
    assert (report.created, report.rejected) == (2, 0), report.problems
    service = db.session.get(Service, "svc-line-empty")
    service.extra = {**(service.extra or {}), "service_areas": []}
    db.session.commit()
    return "svc-line-abroad", "svc-line-empty"


def group_of(html: str, service_id: str) -> str | None:
    """Return the id of the kind-of-help section a service's card is in on a municipality or region page."""
    for section in re.findall(r'<section class="group" id="skupina-([^"]+)"(.*?)</section>', html, re.S):
        if service_id in cards(section[1]):
            return section[0]
    return None


def test_place_pages_list_an_empty_list_of_areas_as_national_and_areas_abroad_nowhere(client, lines):
    abroad_only, empty = lines
    for page in ("/obcina/trbovlje", "/regija/zasavska"):
        html = client.get(page).get_data(as_text=True)
        assert group_of(html, empty) == "varovanje-na-daljavo", page  # under its kind, like any national line
        assert abroad_only not in cards(html), page
    municipality = queries.resolve_municipality("trbovlje")
    assert empty in {s.id for s in queries.services_available_in(municipality)}
    assert abroad_only not in {s.id for s in queries.services_available_in(municipality)}


def test_near_me_lists_an_empty_list_of_areas_by_phone_and_areas_abroad_not_at_all(client, lines):
    abroad_only, empty = lines
    html = client.get("/iskanje?q=varovanje+na+daljavo+rojakom&kraj=Trbovlje").get_data(as_text=True)
    remote = html[html.index('class="remote-group"'):]
    assert empty in cards(remote)
    assert abroad_only not in cards(html)
    api = client.get("/api/v1/services?search=varovanje+na+daljavo+rojakom&lat=46.155&lon=15.053&per_page=100")
    found = {s.get("x_source_id"): s["x_distance_km"] for s in api.get_json()["contents"]}
    assert empty in found and found[empty] is None  # reachable from anywhere: no distance
    assert abroad_only not in found
    assert abroad_only in client.get("/iskanje?q=rojakom+v+Gradcu").get_data(as_text=True)  # words still find it
