"""Coverage JSON and CSV downloads, and the whole directory as HSDS JSON."""
import csv
import io

import pytest

from infotocka.directory.hsds_export import export_directory


def test_coverage_json(client, sample):
    response = client.get("/api/v1/coverage?region=zasavska&by=target_group")
    assert response.status_code == 200 and response.mimetype == "application/json"
    data = response.get_json()
    assert data["region"]["slug"] == "zasavska" and data["by"] == "target_group"
    assert [m["code"] for m in data["municipalities"]] == [34, 60, 129, 142]
    hrastnik = data["municipalities"][0]
    assert hrastnik["population"] == 9058
    assert hrastnik["services"]["total"] == 27 and hrastnik["services"]["per_10000"] == 29.8
    row = next(r for r in data["rows"] if r["code"] == "zrtve-nasilja")
    assert [(c["local"], c["regional"], c["national"], c["gap"]) for c in row["cells"]] == [
        (1, 0, 2, False), (0, 1, 2, False), (1, 0, 2, False), (1, 0, 2, False)]  # a CSD unit in three towns
    assert row["gaps"] == 0
    assert "gap" in data["definitions"]


def test_coverage_json_by_kind_defaults_to_home_region(client, sample):
    data = client.get("/api/v1/coverage?by=kind").get_json()
    assert data["region"]["slug"] == "zasavska"
    row = next(r for r in data["rows"] if r["code"] == "telefonska-pomoc")
    assert {c["national"] for c in row["cells"]} == {5}


def test_coverage_csv(client, sample):
    response = client.get("/api/v1/coverage.csv?region=zasavska&by=target_group")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.get_data().decode("utf-8-sig"))))
    assert len(rows) == 16 * 4  # 16 target groups × 4 municipalities
    cell = next(r for r in rows if r["term_code"] == "zrtve-nasilja" and r["municipality_name"] == "Trbovlje")
    assert (cell["local"], cell["regional"], cell["national"], cell["total"]) == ("1", "0", "2", "3")
    assert (cell["per_10000"], cell["gap"], cell["population"]) == ("1.9", "false", "16024")
    assert client.get("/api/v1/coverage?region=zasavska&format=csv").get_data() == response.get_data()


@pytest.mark.parametrize("query, word", [
    ("?by=xyz", "by"), ("?region=atlantida", "atlantida"), ("?format=xml", "format"),
])
def test_bad_parameters_give_json_400(client, query, word):
    response = client.get("/api/v1/coverage" + query)
    assert response.status_code == 400 and response.mimetype == "application/json"
    assert word in response.get_json()["message"]


def test_bad_region_on_csv_gives_json_400(client):
    assert client.get("/api/v1/coverage.csv?region=nope").status_code == 400


def test_export_json_is_the_whole_directory(client, sample):
    response = client.get("/api/v1/export.json")
    assert response.status_code == 200
    data = response.get_json()
    assert len(data) == 87
    assert data == export_directory(public=True)
