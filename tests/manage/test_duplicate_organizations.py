"""Organizations are caught as duplicates too and merged with everything they had; a pair staff keep apart is
not proposed again."""
import json
import re

from infotocka.directory.hsds_ids import hsds_uuid
from infotocka.extensions import db
from infotocka.manage.onboarding import create_organization
from infotocka.models import AuditEntry, DistinctPair, Organization, Service, User

from .conftest import ORG_A, org_a

REGISTRATION = "5012345000"


def _duplicate_of_a(listings, accounts) -> Organization:
    """Register org A again under a slightly different name, with the same registration number, one service
    of its own and its own editor."""
    _, other = listings
    org_a().extra = {"organization_identifiers": [{"identifier_type": "AJPES matična številka",
                                                   "identifier": REGISTRATION}]}
    dup = create_organization(org_a().name + " (podvojen)", accounts["staff"], "podvojen@csd.si",
                              {"registration": REGISTRATION})
    other.organization = dup
    accounts["editor_b"].organizations = [dup]
    db.session.commit()
    return dup


def test_an_organization_registered_twice_is_caught_and_merged(as_role, listings, accounts, app):
    dup = _duplicate_of_a(listings, accounts)
    dup_id, moved = dup.id, listings[1].id
    staff = as_role("staff")
    page = staff.get("/urejanje/dvojniki").get_data(as_text=True)
    assert "enaka matična številka" in page and f'name="drop" value="{dup_id}"' in page
    response = staff.post("/urejanje/dvojniki/organizacija/zdruzi", data={"keep": ORG_A, "drop": dup_id})
    assert response.status_code == 303
    db.session.expire_all()
    assert db.session.get(Organization, dup_id) is None
    assert db.session.get(Service, moved).organization_id == ORG_A  # the service (and its locations) moved
    assert [o.id for o in db.session.get(User, accounts["editor_b"].id).organizations] == [ORG_A]
    trail = db.session.scalars(db.select(AuditEntry).where(AuditEntry.entity == "organization",
                                                           AuditEntry.entity_id == ORG_A)).all()
    assert {"create", "merge"} <= {e.action for e in trail}  # the duplicate's own history came along
    assert REGISTRATION in str(org_a().extra)
    old = app.test_client().get(f"/izvajalec/{dup_id}")
    assert old.status_code == 301 and old.headers["Location"].endswith(f"/izvajalec/{ORG_A}")
    assert app.test_client().get("/izvajalec/ni-je-bilo").status_code == 404
    api = app.test_client().get(f"/api/v1/organizations/{hsds_uuid('organization', dup_id)}")
    assert api.status_code == 301
    assert api.headers["Location"].endswith(f"/api/v1/organizations/{hsds_uuid('organization', ORG_A)}")
    history = staff.get(f"/urejanje/organizacija/{ORG_A}/zgodovina").get_data(as_text=True)
    assert "Združen dvojnik" in history
    assert f'value="{dup_id}"' not in staff.get("/urejanje/dvojniki").get_data(as_text=True)


def test_a_new_organization_like_a_listed_one_is_flagged_when_it_asks_to_join(as_role, listings, app):
    app.test_client().post("/za-izvajalce/pridruzitev", data={
        "nova-organization_name": org_a().name, "nova-contact_name": "Ana Novak", "nova-email": "ana@primer.si",
        "nova-message": "Ponujamo svetovanje."})
    page = as_role("staff").get("/urejanje/pridruzitve").get_data(as_text=True)
    assert "Morda ta organizacija že obstaja" in page and f'name="existing" value="{ORG_A}"' in page


def test_kept_apart_pairs_are_not_proposed_again(as_role, listings, accounts, app):
    dup = _duplicate_of_a(listings, accounts)
    dup_id = dup.id
    staff = as_role("staff")
    response = staff.post("/urejanje/dvojniki/organizacija/nista-dvojnika", data={"keep": dup_id, "drop": ORG_A})
    assert response.status_code == 303
    db.session.remove()  # what is remembered is in the database, not in this process
    page = staff.get("/urejanje/dvojniki").get_data(as_text=True)
    assert f'value="{dup_id}"' not in page
    assert db.session.get(DistinctPair, ("organization", *sorted((dup_id, ORG_A)))) is not None
    assert db.session.get(Organization, dup_id) is not None  # both kept


def test_only_staff_decide_and_bad_decisions_are_refused(as_role, listings, accounts):
    dup = _duplicate_of_a(listings, accounts)
    for action in ("zdruzi", "nista-dvojnika"):
        url = f"/urejanje/dvojniki/organizacija/{action}"
        assert as_role("editor").post(url, data={"keep": ORG_A, "drop": dup.id}).status_code == 403
        assert as_role("staff").post(url, data={"keep": ORG_A, "drop": ORG_A}).status_code == 400
        assert as_role("staff").post(url, data={"keep": ORG_A, "drop": "ni-je"}).status_code == 400
    assert as_role("staff").post("/urejanje/dvojniki/nekaj/zdruzi",
                                 data={"keep": ORG_A, "drop": dup.id}).status_code == 404
    assert db.session.get(Organization, dup.id) is not None


def test_staff_add_a_provider_after_seeing_the_listed_one_it_may_be(as_role, listings, accounts, app):
    org_a().extra = {"organization_identifiers": [{"identifier_type": "AJPES matična številka",
                                                   "identifier": REGISTRATION}]}
    db.session.commit()
    staff = as_role("staff")
    assert "/urejanje/nov-izvajalec" in staff.get("/urejanje/").get_data(as_text=True)
    form = {"name": "Društvo Sonček Zasavje", "registration": "50 1234 5000", "phone": "03 56 00 000"}
    shown = staff.post("/urejanje/nov-izvajalec", data=form)
    page = shown.get_data(as_text=True)
    assert shown.status_code == 200 and "Morda je ta organizacija že v imeniku" in page
    assert org_a().name in page and "enaka matična številka" in page
    assert db.session.scalar(db.select(Organization).where(Organization.name == form["name"])) is None
    confirmed = re.search(r'name="confirmed" type="hidden" value="([^"]*)"', page).group(1)
    assert confirmed == ORG_A
    # the details changed after the warning: the provider they now resemble is shown first, nothing is created
    other = db.session.scalar(db.select(Organization).where(Organization.id != ORG_A).order_by(Organization.id))
    changed = {"name": other.name, "registration": "", "phone": ""}
    again = staff.post("/urejanje/nov-izvajalec", data={**changed, "confirmed": confirmed})
    assert again.status_code == 200 and other.name in again.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count()).select_from(Organization)
                             .where(Organization.name == other.name)) == 1
    created = staff.post("/urejanje/nov-izvajalec", data={**form, "confirmed": confirmed})
    assert created.status_code == 302
    org = db.session.scalar(db.select(Organization).where(Organization.name == form["name"]))
    assert created.headers["Location"].endswith(f"/urejanje/organizacija/{org.id}/uredi")
    assert [p.number for p in org.phones] == ["03 56 00 000"] and "5012345000" in str(org.extra)
    assert f'value="{org.id}"' not in staff.get("/urejanje/dvojniki").get_data(as_text=True)  # kept apart
    assert db.session.scalar(db.select(AuditEntry).where(AuditEntry.entity_id == org.id)).action == "create"


def test_a_new_provider_form_with_bad_numbers_says_what_is_wrong_and_editors_may_not_use_it(as_role, listings):
    staff = as_role("staff")
    bad = staff.post("/urejanje/nov-izvajalec", data={"name": "", "registration": "12", "tax_number": "SI 1234"})
    page = bad.get_data(as_text=True)
    assert bad.status_code == 400
    for message in ("Vpišite ime organizacije.", "Matična številka ima 7 ali 10 števk.", "Davčna številka ima 8 števk."):
        assert message in page
    assert 'role="alert"' in page
    editor = as_role("editor")
    assert editor.get("/urejanje/nov-izvajalec").status_code == 403
    assert editor.post("/urejanje/nov-izvajalec", data={"name": "Vsiljivec"}).status_code == 403
    assert db.session.scalar(db.select(Organization).where(Organization.name == "Vsiljivec")) is None


TAX_NUMBER = "12345678"


def test_a_provider_with_the_same_tax_number_is_caught_whatever_its_name(as_role, listings, accounts):
    org_a().extra = {"organization_identifiers": [{"identifier_type": "davčna številka", "identifier": TAX_NUMBER}]}
    db.session.commit()
    staff = as_role("staff")
    form = {"name": "Zavod Lučka", "tax_number": "SI 1234 5678"}  # nothing alike but the number
    page = staff.post("/urejanje/nov-izvajalec", data=form).get_data(as_text=True)
    assert "Morda je ta organizacija že v imeniku" in page
    assert org_a().name in page and "enaka davčna številka" in page and "enaka matična številka" not in page
    assert db.session.scalar(db.select(Organization).where(Organization.name == form["name"])) is None
    other = create_organization("Zavod Lučka", accounts["staff"], None, {"tax_number": TAX_NUMBER})
    db.session.commit()
    page = staff.get("/urejanje/dvojniki").get_data(as_text=True)
    pair = next(item for item in page.split('<li class="report">') if f'value="{other.id}"' in item)
    assert "Zakaj: enaka davčna številka" in pair and org_a().name in pair


def test_a_similar_name_at_the_same_address_is_caught_and_another_address_is_not(as_role, listings):
    from .test_spreadsheet_import import _form_fields, _upload, _xlsx

    header = ["Organizacija", "Storitev", "Opis", "Vrste pomoči", "Naslov", "Poštna številka", "Kraj"]
    listed = ["Društvo Sončnica Hrastnik", "Družabništvo", "Obiski na domu.", "informiranje-svetovanje",
              "Trg svobode 11", "1430", "Hrastnik"]
    staff = as_role("staff")
    fields = _form_fields(_upload(staff, _xlsx([header, listed])).get_data(as_text=True))
    staff.post("/urejanje/uvoz/potrdi", data={**fields, "rows": json.dumps(fields["rows"]), "action": "import"})
    assert db.session.scalar(db.select(Organization).where(Organization.name == listed[0])) is not None
    same_place = ["Društvo Sončnica iz Hrastnika", "Bralna ura", "Branje.", "informiranje-svetovanje",
                  "Trg Svobode 11", "1430", "Hrastnik"]  # a similar name (not almost the same) at the same address
    elsewhere = [*same_place[:4], "Ulica 1. junija 5", "1420", "Trbovlje"]
    page = _upload(staff, _xlsx([header, same_place, elsewhere])).get_data(as_text=True)
    row_2 = page[page.index('id="vrstica-2"'):page.index('id="vrstica-3"')]
    row_3 = page[page.index('id="vrstica-3"'):]
    assert "Morda ta organizacija že obstaja" in row_2
    assert "Društvo Sončnica Hrastnik (podobno ime in isti ali bližnji naslov)" in row_2
    assert "Morda ta organizacija že obstaja" not in row_3[:row_3.index("</li>")]
