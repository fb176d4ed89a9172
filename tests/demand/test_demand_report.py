"""Demand × supply on the coverage page, in the printable report, the CSV and /api/v1/demand:
small counts are "< 5" everywhere, shortfalls are said in words, periods and regions select."""
import csv
import html as entities
import io
import re
from datetime import date

from infotocka.demand.log import count

from .conftest import HRASTNIK, TRBOVLJE, ZAGORJE

TODAY = date.today()
CRISIS = "Krizna namestitev in varne hiše"


def _enquiries(when=TODAY):
    """7 searches for crisis accommodation in Trbovlje, 3 in Hrastnik; 2 tallies for home care in Zagorje."""
    for _ in range(7):
        count(["krizna-namestitev"], TRBOVLJE, "none", "web", when)
    for _ in range(3):
        count(["krizna-namestitev"], HRASTNIK, "regional", "kiosk", when)
    for _ in range(2):
        count(["pomoc-na-domu"], ZAGORJE, "yes", "desk", when)


def _rows(html: str, table_id: str) -> list[list[str]]:
    table = re.search(rf'<table class="dem-table" id="{table_id}">(.*?)</table>', html, re.S).group(1)
    body = table.split("<tbody>", 1)[1]
    cells = r"<t[hd][^>]*>(.*?)</t[hd]>"
    return [[entities.unescape(re.sub(r"<[^>]+>|\s+", " ", cell)).strip() for cell in re.findall(cells, row, re.S)]
            for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)]


def test_the_coverage_page_sets_demand_beside_supply_and_hides_small_counts(client, sample):
    _enquiries()
    html = client.get("/pokritost?region=zasavska").get_data(as_text=True)
    cells = {(r[0], r[1]): r[2:] for r in _rows(html, "dem-cells")}
    trbovlje = cells["Trbovlje", CRISIS]
    assert trbovlje[:3] == ["7", "100 %", "0 / 0 / 0"]
    assert "primanjkljaj" in trbovlje[3]  # in words, not only by colour
    assert cells["Hrastnik", CRISIS][:2] == ["< 5", "—"]  # neither the count nor its share
    assert cells["Zagorje ob Savi", "Pomoč na domu"][0] == "< 5"
    totals = {r[0]: r[1:] for r in _rows(html, "dem-totals")}
    # 10 in all, but "10" minus Trbovlje's 7 would give Hrastnik's 3 away
    assert totals[CRISIS][:3] == ["> 7", "100 %", "0 / 0 / 0"]
    assert "primanjkljaj" in totals[CRISIS][3]
    assert totals["Pomoč na domu"][0] == "< 5"


def test_the_csv_and_the_api_suppress_the_same_counts(client, sample):
    _enquiries()
    response = client.get("/pokritost/povprasevanje.csv?region=zasavska")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    lines = list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    by_place = {(r["municipality_name"], r["need_code"]): r for r in lines}
    assert by_place["Trbovlje", "krizna-namestitev"]["enquiries"] == "7"
    assert by_place["Trbovlje", "krizna-namestitev"]["shortfall"] == "true"
    assert by_place["Hrastnik", "krizna-namestitev"]["enquiries"] == "< 5"
    assert by_place["Hrastnik", "krizna-namestitev"]["not_found_locally_percent"] == ""
    assert by_place["", "krizna-namestitev"]["enquiries"] == "> 7"  # the region's total, not giving Hrastnik away

    data = client.get("/api/v1/demand?region=zasavska").get_json()
    api = {(c["municipality"], c["need"]): c for c in data["cells"]}
    assert api[TRBOVLJE, "krizna-namestitev"]["enquiries"] == "7"
    assert api[HRASTNIK, "krizna-namestitev"]["enquiries"] == "< 5"
    assert api[HRASTNIK, "krizna-namestitev"]["not_found_locally_percent"] is None
    assert api[ZAGORJE, "pomoc-na-domu"]["enquiries"] == "< 5"
    published = [r["enquiries"] for r in lines] + [c["enquiries"] for c in data["cells"] + data["totals"]]
    assert all(value in ("< 5", "> 7") or int(value) >= 5 for value in published)  # never 1 to 4 as a number


def test_the_printable_report_summarises_the_region(client, sample):
    _enquiries()
    html = client.get("/pokritost/povprasevanje/porocilo?region=zasavska").get_data(as_text=True)
    summary = entities.unescape(re.search(r'<section class="dem-summary".*?</section>', html, re.S).group(0))
    assert f"Poizvedbe po potrebi »{CRISIS}«: > 7. V območju ni nobene lokalne ali regionalne storitve" in summary
    assert "Pomoč na domu (< 5)" in summary
    assert 'href="/static/css/demand.css' in html


def test_a_total_is_exact_when_no_single_cell_can_be_worked_out_from_it(client, sample):
    _enquiries()
    for _ in range(4):
        count(["krizna-namestitev"], ZAGORJE, "none", "web")  # a second suppressed cell: 7 + < 5 + < 5
    data = client.get("/api/v1/demand?region=zasavska").get_json()
    assert {t["need"]: t["enquiries"] for t in data["totals"]}["krizna-namestitev"] == "14"


def test_the_national_report_summarises_each_region(client, sample):
    _enquiries()
    count(["pomoc-na-domu"], 61, "local", "web")  # Ljubljana (Osrednjeslovenska)
    html = client.get("/pokritost/povprasevanje/porocilo?region=slovenija").get_data(as_text=True)
    summary = entities.unescape(re.search(r'<section class="dem-summary".*?</section>', html, re.S).group(0))
    assert re.findall(r"<h3>(.*?)</h3>", summary) == ["Osrednjeslovenska", "Zasavska"]
    assert "V obdobju %d je bilo v območju Zasavska največ poizvedb po: %s (> 7)" % (TODAY.year, CRISIS) in summary


def test_the_period_picker_selects_month_quarter_and_year(client, sample):
    _enquiries(date(2025, 11, 20))
    def crisis_total(period):
        html = client.get(f"/pokritost?region=zasavska&obdobje={period}").get_data(as_text=True)
        return {r[0]: r[1:] for r in _rows(html, "dem-totals")}.get(CRISIS, [None])[0]
    assert crisis_total("2025-11") == "> 7"
    assert crisis_total("2025-Q4") == "> 7"
    assert crisis_total("2025") == "> 7"
    assert crisis_total("2025-10") is None
    assert crisis_total("2025-Q3") is None


def test_an_unknown_period_or_region_is_a_clear_400(client, sample):
    for url in ("/pokritost?obdobje=2026-13", "/pokritost/povprasevanje.csv?obdobje=lani",
                "/api/v1/demand?period=2026-Q5", "/api/v1/demand?region=atlantida"):
        response = client.get(url)
        assert response.status_code == 400, url
    assert "Neznano obdobje" in client.get("/pokritost?obdobje=2026-13").get_data(as_text=True)
    assert "Neznano obdobje" in client.get("/api/v1/demand?period=x").get_json()["message"]


def test_the_openapi_document_describes_the_demand_endpoint(client):
    document = client.get("/api/v1/openapi.json").get_json()
    operation = document["paths"]["/demand"]["get"]
    assert {p["name"] for p in operation["parameters"]} == {"region", "period"}
    assert "< 5" in operation["description"]
    assert "Demand" in document["components"]["schemas"]
