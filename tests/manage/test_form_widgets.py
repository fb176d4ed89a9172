"""The listing form as people fill it in: loose times, the "pon–pet" box, rows added and removed without
JavaScript, areas by region and municipality checkboxes, and an error summary that links to the fields."""
import re

from infotocka.extensions import db
from infotocka.models import Revision, Service

from .conftest import edit_data


def _edit(client, service, **changes):
    return client.post(f"/urejanje/storitev/{service.id}/uredi", data=edit_data(service, **changes))


def _schedules(service_id):
    db.session.expire_all()
    return [(s.byday, s.opens_at, s.closes_at) for s in db.session.get(Service, service_id).schedules]


def test_times_as_people_type_them_are_accepted(as_role, listings):
    service, _ = listings
    response = _edit(as_role("staff"), service, **{
        "schedules-0-days": ["MO"], "schedules-0-opens_at": "7:00", "schedules-0-closes_at": "12.30",
        "schedules-1-days": ["TU"], "schedules-1-opens_at": "07:00", "schedules-1-closes_at": "15"})
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    assert _schedules(service.id)[:2] == [("MO", "07:00", "12:30"), ("TU", "07:00", "15:00")]


def test_weekday_shortcut_ticks_monday_to_friday(as_role, listings):
    service, _ = listings
    response = _edit(as_role("staff"), service, **{
        "schedules-0-days": ["MO-FR"], "schedules-0-opens_at": "8:00", "schedules-0-closes_at": "12:00",
        "schedules-1-days": ["SA", "MO-FR"], "schedules-1-opens_at": "13:00", "schedules-1-closes_at": "15:00"})
    assert response.status_code == 302
    assert _schedules(service.id)[:2] == [("MO,TU,WE,TH,FR", "08:00", "12:00"),
                                          ("MO,TU,WE,TH,FR,SA", "13:00", "15:00")]


def test_a_row_marked_for_removal_is_dropped(as_role, listings):
    service, _ = listings
    staff = as_role("staff")
    _edit(staff, service, **{"schedules-0-days": ["MO"], "schedules-0-opens_at": "8:00",
                             "schedules-0-closes_at": "12:00", "schedules-1-days": ["MO"],
                             "schedules-1-opens_at": "13:00", "schedules-1-closes_at": "15:00"})
    db.session.expire_all()
    response = _edit(staff, service, **{"schedules-0-remove": "y"})
    assert response.status_code == 302
    assert _schedules(service.id) == [("MO", "13:00", "15:00")]


def test_add_row_button_without_javascript_saves_nothing_and_adds_a_row(as_role, listings):
    service, _ = listings
    editor = as_role("editor")
    sent = {key.split("-")[1] for key in edit_data(service) if key.startswith("schedules-")}
    rows = max(len(sent), 1)  # the rows of hours the form was sent with (an empty form shows one)
    response = _edit(editor, service, name="Še ne shranjeno", more="schedules")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert len(re.findall(r'name="schedules-\d+-opens_at"', page)) == rows + 1
    assert 'value="Še ne shranjeno"' in page  # what was typed stays
    assert db.session.scalar(db.select(Revision)) is None


def test_areas_by_region_municipality_or_whole_country(as_role, listings):
    service, _ = listings
    staff = as_role("staff")
    assert _edit(staff, service, regions=["zasavska"], municipalities=["61"]).status_code == 302
    db.session.expire_all()
    names = {m.name for m in db.session.get(Service, service.id).areas}
    assert names >= {"Trbovlje", "Hrastnik", "Zagorje ob Savi", "Ljubljana"}
    page = staff.get(f"/urejanje/storitev/{service.id}/uredi").get_data(as_text=True)
    assert re.search(r'name="regions" value="zasavska" id="regija-zasavska" checked', page)
    assert re.search(r'value="61" id="obcina-61" checked', page)
    db.session.expire_all()
    assert _edit(staff, service, whole_country="y").status_code == 302
    db.session.expire_all()
    assert db.session.get(Service, service.id).areas == []
    page = staff.get(f"/urejanje/storitev/{service.id}/uredi").get_data(as_text=True)
    assert re.search(r'id="whole_country"[^>]* checked|checked[^>]*id="whole_country"', page)


def test_form_uses_checkboxes_not_multiple_selects(as_role, listings):
    service, _ = listings
    page = as_role("editor").get(f"/urejanje/storitev/{service.id}/uredi").get_data(as_text=True)
    assert "<select multiple" not in page and 'multiple=""' not in page
    for label in ("pon–pet", "Vsa Slovenija", "vsa regija", "Dodaj časovno obdobje", "Odstrani to vrstico"):
        assert label in page, label
    assert 'type="checkbox" value="MO"' in page or 'value="MO" type="checkbox"' in page or \
        re.search(r'<input[^>]*type="checkbox"[^>]*value="MO"', page)


def test_error_summary_links_to_each_wrong_field(as_role, listings):
    service, _ = listings
    response = _edit(as_role("editor"), service, name="", **{
        "schedules-0-days": ["MO"], "schedules-0-opens_at": "osem", "schedules-0-closes_at": "12:00"})
    page = response.get_data(as_text=True)
    start = page.index('class="error-summary"')
    summary = page[start:page.index('</div>', start)]
    assert 'href="#name"' in summary and "Vpišite ime storitve." in summary
    assert 'href="#schedules-0-opens_at"' in summary and "Čas vpišite kot UU:MM" in summary
    assert 'id="schedules-0-opens_at"' in page and 'id="name"' in page
