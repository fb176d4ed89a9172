"""The resident's CSD unit: competence for every municipality, shown on pages, first for a right."""
import re

import pytest

from infotocka.directory.csd import competences, competent_unit, names_a_right
from infotocka.extensions import db
from infotocka.models import Municipality, Region
from infotocka.search import SearchQuery, search
from tests.test_pages_search import result_links, text

HOME_REGION = {  # Zasavska: each municipality's CSD and unit (csd-competence.csv, sources in its notes)
    "Hrastnik": "Center za socialno delo Zasavje, enota Hrastnik",
    "Trbovlje": "Center za socialno delo Zasavje, enota Trbovlje",
    "Zagorje ob Savi": "Center za socialno delo Zasavje, enota Zagorje ob Savi",
    "Litija": "Center za socialno delo Osrednja Slovenija – vzhod, enota Litija",  # not CSD Zasavje
}


def test_every_municipality_has_a_competent_csd(app):
    table = competences()
    codes = set(db.session.scalars(db.select(Municipality.id)))
    assert set(table) == codes and len(codes) == 212
    assert all(c.csd.startswith("Center za socialno delo") for c in table.values())


def test_the_competent_csd_for_every_municipality_of_the_home_region(app, sample):
    region = db.session.scalar(db.select(Region).where(Region.slug == "zasavska"))
    assert {m.name for m in region.municipalities} == set(HOME_REGION)
    for municipality in region.municipalities:
        unit = competent_unit(municipality.id)
        assert unit.competence.name == HOME_REGION[municipality.name]
    assert competent_unit(129).organization.id == "org-csd-zasavje-trbovlje"
    assert "Litija" in competent_unit(60).organization.name and "vzhod" in competent_unit(60).organization.name
    assert competent_unit(194).competence.name == HOME_REGION["Litija"]  # Šmartno pri Litiji: the same unit


def test_the_unit_follows_an_edit_of_its_listing(app, sample):
    """The listing of each unit is kept per version of the directory's data: an edit is seen at once."""
    from infotocka.directory.operations import save_organization
    assert competent_unit(129).organization.id == "org-csd-zasavje-trbovlje"
    save_organization("org-csd-zasavje-trbovlje", {"name": "Center za socialno delo Zasavje, enota Rudnik",
                                                   "alternate_name": "CSD Rudnik"})
    db.session.commit()
    assert competent_unit(129).organization is None  # no listing names the Trbovlje unit any more
    save_organization("org-csd-zasavje-trbovlje", {"name": "Center za socialno delo Zasavje, enota Trbovlje",
                                                   "alternate_name": "CSD Trbovlje"})
    db.session.commit()
    assert competent_unit(129).organization.id == "org-csd-zasavje-trbovlje"


@pytest.mark.parametrize("query, right", [("denarna socialna pomoč", True), ("otroški dodatek", True),
                                          ("varstveni dodatek", True), ("pomoc na domu", True),
                                          ("dom za starejše", False), ("partner mi grozi", False)])
def test_rights_are_recognised(query, right):
    assert names_a_right(query) is right


def test_a_right_shows_the_residents_unit_first(sample):
    for text_, first in (("denarna socialna pomoč Litija", "svc-csd-litija-dsp"),
                         ("otroški dodatek v Trbovljah", "svc-csd-trbovlje-dsp"),
                         ("varstveni dodatek Šmartno pri Litiji", "svc-csd-litija-dsp"),
                         ("denarna socialna pomoč v Kranju", "svc-csd-kranj-dsp")):
        assert search(SearchQuery(text=text_, find_place=True)).ids[0] == first, text_


def test_the_municipality_page_shows_your_csd_with_contacts(client, sample):
    html = text(client.get("/obcina/trbovlje"))
    section = html.split('class="csd-unit"', 1)[1].split("</section>", 1)[0]
    assert "Vaš center za socialno delo" in section
    assert "Center za socialno delo Zasavje, enota Trbovlje" in section
    assert 'href="/izvajalec/org-csd-zasavje-trbovlje"' in section
    html = text(client.get("/obcina/litija"))
    assert "Osrednja Slovenija – vzhod, enota Litija" in html.split('class="csd-unit"', 1)[1]


def test_a_result_page_with_a_place_shows_its_csd(client, sample):
    html = text(client.get("/iskanje?q=otroški+dodatek+Litija"))
    assert "Vaš center za socialno delo" in html and "enota Litija" in html
    assert result_links(html)[0] == "svc-csd-litija-dsp"
    assert "Vaš center za socialno delo" not in text(client.get("/iskanje?q=otroški+dodatek"))


def test_the_kiosk_and_the_slip_show_the_csd_of_the_kiosk_municipality(client, sample):
    assert "enota Trbovlje" in text(client.get("/kiosk/trbovlje"))
    assert "enota Trbovlje" in text(client.get("/kiosk/trbovlje/iskanje?potreba=denar"))
    client.post("/kiosk/trbovlje/izbor", data={"id": "svc-sos-telefon"})
    slip = text(client.get("/kiosk/trbovlje/listek"))
    assert re.search(r"Vaš center za socialno delo:\s*<strong lang=\"sl\">Center za socialno delo Zasavje, "
                     r"enota Trbovlje</strong>", slip)
    public = text(client.get("/listek?ids=svc-sos-telefon&obcina=litija"))
    assert "Osrednja Slovenija – vzhod, enota Litija" in public


def test_merged_contacts_with_sources_and_an_unverified_flag(client, sample):
    from infotocka.models import Organization
    org = db.session.get(Organization, "org-csd-zasavje-trbovlje")
    assert org.email == "gpcsd.trbov@gov.si" and org.phones[0].number == "03 777 33 06"
    assert any("savus.si" in url for url in org.extra["x_sources"]) and org.extra["x_field_sources"]["phones"]
    html = text(client.get("/izvajalec/org-csd-zasavje-trbovlje"))
    assert "Podatki še niso preverjeni" in html and 'href="tel:037773306"' in html
    # where no source gave a fact, it stays unknown rather than invented
    hrastnik = db.session.get(Organization, "org-dom-starejsih-hrastnik")
    assert not hrastnik.phones and "phones" in hrastnik.extra["x_unknown"]
