"""Onboarding from a spreadsheet: the template, a preview with per-row checks, nothing stored before staff
confirm, the good rows imported through the listing write path and the bad row reported."""
import io
import json
import re

from openpyxl import Workbook

from infotocka.extensions import db
from infotocka.models import AuditEntry, Organization, Service
from infotocka.search import SearchQuery, search

HEADER = ["Organizacija", "Storitev", "Opis", "Vrste pomoči", "Ciljne skupine", "Telefon", "Občine", "Delovni čas"]
GOOD = ["Društvo Modri val", "Kopalni dan za starejše", "Pomoč pri osebni higieni na domu.",
        "informiranje-svetovanje", "Starejši", "03 56 52 100", "Hrastnik", "pon–pet 7.00–12:00, 13–15; sob 9–12"]
BAD = ["Društvo Modri val", "", "Brez imena.", "neznana-pomoc", "", "123", "Atlantida", "vsak dan"]
OTHER = ["Društvo Zeleni gaj", "Vrtnarska skupina", "Skupno vrtnarjenje.", "informiranje-svetovanje", "", "",
         "", ""]


def _xlsx(rows) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _upload(client, data: bytes, name="seznam.xlsx"):
    return client.post("/urejanje/uvoz", data={"datoteka": (io.BytesIO(data), name)},
                       content_type="multipart/form-data")


def _form_fields(page: str) -> dict:
    fields = {"rows": json.loads(re.search(r'name="rows" value="([^"]*)"', page).group(1).replace("&#34;", '"')
                                 .replace("&quot;", '"').replace("&amp;", "&"))}
    for select in re.findall(r"<select .*?</select>", page, re.S):
        chosen = re.search(r'<option value="([^"]*)" selected', select)
        fields[re.search(r'name="([^"]+)"', select).group(1)] = chosen.group(1) if chosen else ""
    return fields


def test_example_files_use_the_slovene_template(as_role, listings):
    staff = as_role("staff")
    xlsx = staff.get("/urejanje/uvoz/primer.xlsx")
    assert xlsx.status_code == 200 and xlsx.data[:2] == b"PK"
    text = staff.get("/urejanje/uvoz/primer.csv").get_data(as_text=True)
    assert text.startswith("Organizacija,Matična številka,Davčna številka,Storitev,Opis")
    assert as_role("editor").get("/urejanje/uvoz").status_code == 403


def test_preview_stores_nothing_then_confirm_imports_the_good_rows(as_role, listings):
    staff = as_role("staff")
    services_before = db.session.scalar(db.select(db.func.count()).select_from(Service))
    preview = _upload(staff, _xlsx([HEADER, GOOD, BAD, OTHER]))
    page = preview.get_data(as_text=True)
    assert preview.status_code == 200
    assert "Vrstic: 3, brez napak: 2, z napakami: 1" in page
    for message in ("Vpišite ime storitve.", "Neznana občina: Atlantida", "Neznana vrsta pomoči",
                    "Delovnega časa »vsak dan« ne razumemo", "Vpišite veljavno slovensko telefonsko številko"):
        assert message in page, message
    assert db.session.scalar(db.select(db.func.count()).select_from(Service)) == services_before
    assert db.session.scalar(db.select(Organization).where(Organization.name == "Društvo Modri val")) is None

    fields = _form_fields(page)
    response = staff.post("/urejanje/uvoz/potrdi", data={**fields, "rows": json.dumps(fields["rows"]),
                                                         "action": "import"})
    report = response.get_data(as_text=True)
    assert response.status_code == 200 and "Uvoženi sta 2 storitvi." in report
    assert "ni uvoženo:" in report and "Neznana občina: Atlantida" in report  # the bad row is reported
    db.session.expire_all()
    service = db.session.scalar(db.select(Service).where(Service.name == "Kopalni dan za starejše"))
    assert service.organization.name == "Društvo Modri val"
    assert [(s.byday, s.opens_at, s.closes_at) for s in service.schedules] == [
        ("MO,TU,WE,TH,FR", "07:00", "12:00"), ("MO,TU,WE,TH,FR", "13:00", "15:00"), ("SA", "09:00", "12:00")]
    assert [m.name for m in service.areas] == ["Hrastnik"]
    assert [p.number for p in service.phones] == ["03 56 52 100"]
    assert service.description == "Pomoč pri osebni higieni na domu."
    assert [t.code for t in service.target_groups] == ["starejsi"]
    assert [t.code for t in service.kinds_of_help] == ["informiranje-svetovanje"]
    other = db.session.scalar(db.select(Service).where(Service.name == "Vrtnarska skupina"))
    assert other.organization.name == "Društvo Zeleni gaj" and other.description == "Skupno vrtnarjenje."
    assert [t.code for t in other.kinds_of_help] == ["informiranje-svetovanje"] and other.target_groups == []
    assert other.phones == [] and other.schedules == [] and other.is_national  # no area given: all Slovenia
    assert db.session.scalar(db.select(AuditEntry).where(AuditEntry.entity_id == service.id,
                                                         AuditEntry.action == "create")) is not None
    assert service.id in search(SearchQuery(text="kopalni")).ids


def test_columns_of_another_sheet_are_mapped_in_the_preview(as_role, listings):
    staff = as_role("staff")
    rows = [["Ime društva", "Program", "Kaj delamo", "Pomoč"],
            ["Društvo Lipa", "Bralna skupina", "Skupaj beremo.", "informiranje-svetovanje"]]
    page = _upload(staff, "\n".join(";".join(r) for r in rows).encode(), "lipa.csv").get_data(as_text=True)
    assert "brez napak: 0" in page
    mapping = {"map-organization": "0", "map-name": "1", "map-description": "2", "map-kinds": "3"}
    page = staff.post("/urejanje/uvoz/potrdi", data={"rows": json.dumps(rows), "action": "check",
                                                     **mapping}).get_data(as_text=True)
    assert "brez napak: 1" in page
    staff.post("/urejanje/uvoz/potrdi", data={"rows": json.dumps(rows), "action": "import", **mapping})
    db.session.expire_all()
    assert db.session.scalar(db.select(Service).where(Service.name == "Bralna skupina")) is not None


def test_unreadable_files_get_a_slovene_message(as_role, listings):
    staff = as_role("staff")
    response = _upload(staff, b"\x00\x01 ni preglednica", "seznam.xlsx")
    assert response.status_code == 400 and "ni mogoče prebrati" in response.get_data(as_text=True)
    response = _upload(staff, b"a,b", "seznam.pdf")
    assert response.status_code == 400 and "CSV ali XLSX" in response.get_data(as_text=True)


def test_a_row_of_an_organization_already_listed_goes_to_it_by_default(as_role, listings):
    service, _ = listings
    org = service.organization
    staff = as_role("staff")
    row = [org.name.upper(), "Nova delavnica", "Delavnica za starše.", "informiranje-svetovanje", "", "", "", ""]
    again = [org.name, service.name, "Isto še enkrat.", "informiranje-svetovanje", "", "", "", ""]
    page = _upload(staff, _xlsx([HEADER, row, again])).get_data(as_text=True)
    assert "Morda ta organizacija že obstaja" in page and "skoraj enako ime" in page
    assert "Podobna storitev je že v imeniku" in page and f"/storitev/{service.id}" in page
    fields = {**_form_fields(page), "row-3": "skip"}
    assert fields["row-2"] == org.id  # merge into the listed organization unless staff choose otherwise
    staff.post("/urejanje/uvoz/potrdi", data={**fields, "rows": json.dumps(fields["rows"]), "action": "import"})
    db.session.expire_all()
    created = db.session.scalar(db.select(Service).where(Service.name == "Nova delavnica"))
    assert created.organization_id == org.id
    assert db.session.scalar(db.select(db.func.count()).select_from(Organization)
                             .where(db.func.upper(Organization.name) == org.name.upper())) == 1


def test_the_rejected_rows_come_back_with_their_reasons_to_fix_and_send_again(as_role, listings):
    import csv
    from openpyxl import load_workbook

    staff = as_role("staff")
    page = _upload(staff, _xlsx([HEADER, GOOD, BAD, OTHER])).get_data(as_text=True)
    assert "Prenesi zavrnjene vrstice (CSV)" in page  # offered already in the preview
    fields = _form_fields(page)
    report = staff.post("/urejanje/uvoz/potrdi", data={**fields, "rows": json.dumps(fields["rows"]),
                                                       "action": "import"}).get_data(as_text=True)
    assert "Prenesi zavrnjene vrstice (XLSX)" in report
    posted = {**_form_fields(report), "rows": json.dumps(fields["rows"])}
    posted.update(dict(re.findall(r'name="(map-[a-z_]+)" value="([^"]*)"', report)))
    response = staff.post("/urejanje/uvoz/zavrnjene", data={**posted, "format": "csv"})
    assert response.status_code == 200 and "zavrnjene-vrstice.csv" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0] == HEADER + ["Razlog, da vrstica ni uvožena"]
    assert len(rows) == 2 and rows[1][:len(BAD)] == BAD  # the bad row as sent, nothing else
    assert "Neznana občina: Atlantida" in rows[1][-1] and "Vpišite ime storitve." in rows[1][-1]
    xlsx = staff.post("/urejanje/uvoz/zavrnjene", data={**posted, "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(xlsx.data)).active
    assert [c.value or "" for c in sheet[2]][:len(BAD)] == BAD
    assert staff.post("/urejanje/uvoz/zavrnjene", data={**posted, "format": "pdf"}).status_code == 404
    assert staff.post("/urejanje/uvoz/zavrnjene", data={"rows": "ni json", "format": "csv"}).status_code == 400
    assert as_role("editor").post("/urejanje/uvoz/zavrnjene", data={**posted, "format": "csv"}).status_code == 403


def test_confirming_an_import_or_adding_a_provider_without_a_csrf_token_is_refused_and_stores_nothing(
        app, as_role, listings):
    staff = as_role("staff")
    fields = _form_fields(_upload(staff, _xlsx([HEADER, GOOD, OTHER])).get_data(as_text=True))
    services_before = db.session.scalar(db.select(db.func.count()).select_from(Service))
    app.config["WTF_CSRF_ENABLED"] = True
    response = staff.post("/urejanje/uvoz/potrdi", data={**fields, "rows": json.dumps(fields["rows"]),
                                                         "action": "import"})
    assert response.status_code == 400 and "Uvoženi sta" not in response.get_data(as_text=True)
    response = staff.post("/urejanje/nov-izvajalec", data={"name": "Društvo Brez Žetona", "confirmed": "1"})
    assert response.status_code == 400
    db.session.expire_all()
    assert db.session.scalar(db.select(db.func.count()).select_from(Service)) == services_before
    for name in ("Društvo Modri val", "Društvo Zeleni gaj", "Društvo Brez Žetona"):
        assert db.session.scalar(db.select(Organization).where(Organization.name == name)) is None, name
