"""Staff import a spreadsheet with one bad row (the rest imported after confirmation, the bad row reported),
then catch a duplicate and merge it: the old address leads to the kept listing."""
import csv
import io
import re

import pytest
from openpyxl import Workbook
from playwright.sync_api import expect

from .backoffice import ensure_user, fits_both_widths, sign_in
from .test_accessibility_browser import serious

pytestmark = pytest.mark.browser
HEADER = ["Organizacija", "Storitev", "Opis", "Vrste pomoči", "Ciljne skupine", "Telefon", "Občine", "Delovni čas"]
ROWS = [
    ["Društvo Lastovka", "Pralnica za brezdomce", "Pranje perila.", "informiranje-svetovanje", "Brezdomci",
     "03 56 52 101", "Trbovlje", "pon–pet 8–12"],
    ["Društvo Lastovka", "Pralnica za brezdomce Trbovlje", "Pranje in sušenje perila.", "Informiranje in svetovanje",
     "Starejši", "03 56 52 102", "Hrastnik", "sre 13:00–17:00"],
    ["Društvo Lastovka", "Razdeljevanje hrane", "Paketi hrane.", "ni-take-pomoci", "", "03 56 52 101", "Atlantida",
     ""],
]
# what a resident reads on each imported listing: phone, hours in words, municipality, description, target group,
# kind of help (nothing of the row lost on the way)
SHOWN = [("03 56 52 101", "ponedeljek–petek 8.00–12.00", "Trbovlje", "Pranje perila.", "Brezdomci"),
         ("03 56 52 102", "sreda 13.00–17.00", "Hrastnik", "Pranje in sušenje perila.", "Starejši")]


def _listing_shows(page, row, shown) -> None:
    phone, hours, municipality, description, group = shown
    expect(page.get_by_role("heading", level=1)).to_have_text(row[1])
    expect(page.locator(".contacts .phones")).to_have_text(re.compile(re.escape(phone)))
    expect(page.locator(".contacts .hours")).to_have_text(hours)
    expect(page.locator("ul.areas")).to_have_text(municipality)
    expect(page.locator("section[aria-labelledby=opis] .prose")).to_have_text(description)
    expect(page.locator("section[aria-labelledby=komu] .tags")).to_have_text(group)
    expect(page.locator("section[aria-labelledby=vrste] .tags")).to_have_text("Informiranje in svetovanje")


def test_spreadsheet_import_with_a_bad_row_and_a_merged_duplicate(page, live_server, artifacts, tmp_path):
    book = Workbook()
    for row in [HEADER, *ROWS]:
        book.active.append(row)
    sheet = tmp_path / "lastovka.xlsx"
    book.save(sheet)
    page.set_viewport_size({"width": 320, "height": 900})
    sign_in(page, ensure_user(live_server, "osebje-uvoz@example.org", "staff"))
    page.get_by_role("link", name="Uvoz preglednice").press("Enter")
    page.get_by_label("Datoteka CSV ali XLSX").set_input_files(sheet)
    page.get_by_role("button", name="Naloži in preveri").press("Enter")
    expect(page.get_by_role("status")).to_contain_text("brez napak: 2, z napakami: 1")
    expect(page.locator("#vrstica-4")).to_contain_text("Neznana občina: Atlantida")
    fits_both_widths(page, "import preview", artifacts, "backoffice-import-preview")
    page.get_by_role("button", name="Uvozi 2 vrstici brez napak").press("Enter")
    expect(page.get_by_role("status")).to_contain_text("Uvoženi sta 2 storitvi.")
    expect(page.locator("table")).to_contain_text("Neznana občina: Atlantida")  # the bad row stays in the report
    fits_both_widths(page, "import report", artifacts, "backoffice-import-report")
    with page.expect_download() as download:  # the sender gets the bad row back, with the reason, to fix it
        page.get_by_role("button", name="Prenesi zavrnjene vrstice (CSV)").press("Enter")
    rows = list(csv.reader(io.StringIO(download.value.path().read_text(encoding="utf-8"))))
    assert download.value.suggested_filename == "zavrnjene-vrstice.csv"
    assert rows[0] == HEADER + ["Razlog, da vrstica ni uvožena"] and rows[1][:len(HEADER)] == ROWS[2]
    assert "Neznana občina: Atlantida" in rows[1][-1] and len(rows) == 2
    imported = [page.get_by_role("link", name="uvoženo").nth(i).get_attribute("href") for i in range(2)]
    old = imported[1]
    for href, row, shown in zip(imported, ROWS, SHOWN):  # open each imported listing as a resident would
        page.goto(href)
        _listing_shows(page, row, shown)

    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/urejanje/dvojniki")
    assert not serious(page)
    pair = page.locator(".report", has_text="Pralnica za brezdomce Trbovlje")
    button = pair.get_by_role("button", name=re.compile("^Ohrani »Pralnica za brezdomce«"))
    button.press("Enter")
    expect(page.locator(".flash-success")).to_contain_text("stari naslov vodi na ohranjeni vnos")
    artifacts.screenshot(page, "backoffice-duplicates-1280.png", full_page=True)
    page.goto(old)
    expect(page.get_by_role("heading", level=1)).to_have_text("Pralnica za brezdomce")
