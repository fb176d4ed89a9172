"""The listing form: validation in Slovene, nothing lost, every exchange-format field, escaping."""
from infotocka.extensions import db
from infotocka.models import Location, Organization, Revision, Service

from .conftest import ORG_A, edit_data


def _post(client, service, **changes):
    return client.post(f"/urejanje/storitev/{service.id}/uredi", data=edit_data(service, **changes))


def test_invalid_values_get_slovene_messages_and_keep_what_was_typed(as_role, listings):
    service, _ = listings
    response = _post(as_role("editor"), service, name="", email="ni-naslov", url="www brez sheme",
                     **{"phones-0-number": "12345", "schedules-0-days": ["MO"], "schedules-0-opens_at": "8h",
                        "schedules-0-closes_at": "15:00", "status": "temporarily closed", "alert": "",
                        "description": "Opis, ki ga ne smemo izgubiti."})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    for message in ("Vpišite ime storitve.", "E-naslov ni veljaven.", "Vpišite celoten naslov spletne strani",
                    "Vpišite veljavno slovensko telefonsko številko", "Čas vpišite kot UU:MM",
                    "Pri začasno zaprti storitvi napišite obvestilo"):
        assert message in page, message
    assert "Opis, ki ga ne smemo izgubiti." in page and 'value="ni-naslov"' in page and 'value="12345"' in page
    assert 'aria-invalid="true"' in page
    db.session.expire_all()
    assert db.session.scalar(db.select(Revision)) is None


def test_staff_edit_covers_hours_areas_terms_languages_and_locations(as_role, listings):
    service, _ = listings
    response = _post(as_role("staff"), service, **{
        "phones-0-number": "041 123 456", "phones-0-type": "cell", "phones-0-description": "dežurni",
        "phones-1-number": "+386 3 56 52 100",
        "schedules-0-days": ["MO", "WE"], "schedules-0-opens_at": "08:00", "schedules-0-closes_at": "12:00",
        "schedules-1-days": ["MO"], "schedules-1-opens_at": "13:00", "schedules-1-closes_at": "15:00",
        "regions": ["zasavska"], "municipalities": ["61"], "target_groups": ["starejsi"],
        "kinds": ["informiranje-svetovanje"], "languages": ["sl", "en"],
        "easy_read": "Pomagamo vam z denarjem.",
        "locations-0-id": "", "locations-0-name": "Nova pisarna", "locations-0-address_1": "Mestni trg 4",
        "locations-0-postal_code": "1420", "locations-0-city": "Trbovlje", "locations-0-confidential": "y",
        "status": "temporarily closed", "alert": "Zaprto do 31. avgusta.",
    })
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    db.session.expire_all()
    s = db.session.get(Service, service.id)
    assert [(p.number, p.type) for p in s.phones] == [("041 123 456", "cell"), ("+386 3 56 52 100", "voice")]
    assert [(x.byday, x.opens_at, x.closes_at) for x in s.schedules] == [
        ("MO,WE", "08:00", "12:00"), ("MO", "13:00", "15:00")]
    assert {m.name for m in s.areas} >= {"Trbovlje", "Hrastnik", "Zagorje ob Savi", "Ljubljana"}
    assert [t.code for t in s.terms] == ["starejsi", "informiranje-svetovanje"]
    assert s.languages == ["sl", "en"] and s.easy_read == "Pomagamo vam z denarjem."
    assert s.status == "temporarily closed" and s.alert == "Zaprto do 31. avgusta."
    location = s.locations[0]
    assert location.name == "Nova pisarna" and location.confidential
    assert location.address.address_1 == "Mestni trg 4"
    assert location.has_point  # geocoded on save


def test_editor_adds_a_service_that_appears_after_approval(as_role, listings, app):
    editor, staff = as_role("editor"), as_role("staff")
    page = editor.get(f"/urejanje/organizacija/{ORG_A}/nova-storitev")
    assert page.status_code == 200
    data = {"name": "Skupina za samopomoč", "description": "Srečanja vsak torek.", "status": "active",
            "kinds": ["informiranje-svetovanje"], "phones-0-number": "03 56 52 100", "phones-0-type": "voice"}
    response = editor.post(f"/urejanje/organizacija/{ORG_A}/nova-storitev?id=svc-nova-skupina", data=data)
    assert response.status_code == 302
    revision = db.session.scalar(db.select(Revision).where(Revision.entity_id == "svc-nova-skupina"))
    assert revision.is_new and db.session.get(Service, "svc-nova-skupina") is None
    assert editor.get("/urejanje/storitev/svc-nova-skupina/uredi").status_code == 200  # keep editing the proposal
    assert staff.post(f"/urejanje/predlog/{revision.id}/odobri").status_code == 302
    db.session.expire_all()
    created = db.session.get(Service, "svc-nova-skupina")
    assert created.organization_id == ORG_A and created.phones[0].number == "03 56 52 100"
    assert app.test_client().get("/storitev/svc-nova-skupina").status_code == 200


def test_kinds_of_help_are_required(as_role, listings):
    response = as_role("editor").post(f"/urejanje/organizacija/{ORG_A}/nova-storitev?id=svc-x",
                                      data={"name": "X", "description": "Y", "status": "active"})
    assert "Izberite vsaj eno vrsto pomoči." in response.get_data(as_text=True)


def test_xss_in_description_is_shown_escaped(as_role, listings, app):
    service, _ = listings
    payload = '<script>alert("xss")</script><img src=x onerror=alert(1)>'
    assert _post(as_role("staff"), service, description=payload, name=payload).status_code == 302
    for url in (f"/storitev/{service.id}", f"/urejanje/storitev/{service.id}/uredi",
                f"/urejanje/storitev/{service.id}/zgodovina"):
        client = app.test_client() if url.startswith("/storitev") else as_role("staff")
        page = client.get(url).get_data(as_text=True)
        assert payload not in page, url
        assert "&lt;script&gt;" in page, url
    assert "<script>alert" not in app.test_client().get("/iskanje?q=alert").get_data(as_text=True)


def test_organization_edit_by_editor_is_moderated_and_audited(as_role, listings):
    editor, staff = as_role("editor"), as_role("staff")
    org = db.session.get(Organization, ORG_A)
    page = editor.get(f"/urejanje/organizacija/{ORG_A}/uredi").get_data(as_text=True)
    import re
    version = re.search(r'name="base_version" type="hidden" value="(\d+)"', page).group(1)
    data = {"base_version": version, "name": org.name, "alternate_name": "CSD Trbovlje",
            "email": "trbovlje@csd.si", "phones-0-number": "03 56 52 100", "phones-0-type": "voice"}
    assert editor.post(f"/urejanje/organizacija/{ORG_A}/uredi", data={**data, "email": "ni"}).status_code == 200
    assert editor.post(f"/urejanje/organizacija/{ORG_A}/uredi", data=data).status_code == 302
    revision = db.session.scalar(db.select(Revision).where(Revision.entity == "organization"))
    assert db.session.get(Organization, ORG_A).email != "trbovlje@csd.si"
    assert staff.post(f"/urejanje/predlog/{revision.id}/odobri").status_code == 302
    db.session.expire_all()
    assert db.session.get(Organization, ORG_A).email == "trbovlje@csd.si"
    history = staff.get(f"/urejanje/organizacija/{ORG_A}/zgodovina").get_data(as_text=True)
    assert "trbovlje@csd.si" in history


def test_unchanged_address_keeps_its_coordinates(as_role, listings):
    service, _ = listings
    before = [(loc.id, loc.latitude) for loc in service.locations]
    assert _post(as_role("staff"), service, name="Preimenovano").status_code == 302
    db.session.expire_all()
    assert [(loc.id, loc.latitude) for loc in db.session.get(Service, service.id).locations] == before
    assert db.session.scalar(db.select(db.func.count()).select_from(Location)) > 0
