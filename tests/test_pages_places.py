"""Organization, municipality and region pages on the sample directory."""
import re

from infotocka.directory import queries
from infotocka.extensions import db
from infotocka.models import Municipality, Region, Service


def text(response) -> str:
    return response.get_data(as_text=True)


def cards(html: str) -> list[str]:
    return re.findall(r'class="card-title"[^>]*><a href="/storitev/([^"]+)"', html)


def group(html: str, code: str) -> str:
    return html.split(f'id="skupina-{code}"', 1)[1].split("</section>", 1)[0]


class TestOrganization:
    def test_services_contacts_and_type(self, client, sample):
        response = client.get("/izvajalec/org-tocka-za-starejse-litija-smartno")
        assert response.status_code == 200
        html = text(response)
        assert "<h1 lang=\"sl\">Točka za starejše Litija in Šmartno pri Litiji</h1>" in html
        assert "Nevladna organizacija" in html
        assert "LAS Srce Slovenije" in html
        assert 'href="tel:051443419"' in html and 'href="mailto:starejsi.litijasmartno@gmail.com"' in html
        assert sorted(cards(html)) == ["svc-tocka-starejse-prostovoljci", "svc-tocka-starejse-svetovanje"]

    def test_website_and_alternate_name(self, client, sample):
        html = text(client.get("/izvajalec/org-du-franc-salamon-trbovlje"))
        assert 'href="http://www.dufs.eu/"' in html and "Dom za starejše" in html
        assert "Dom upokojencev Franc Salamon" in html
        assert len(cards(html)) == 3

    def test_hidden_services_are_left_out(self, client, sample):
        db.session.get(Service, "svc-tocka-starejse-prostovoljci").status = "inactive"
        db.session.commit()
        html = text(client.get("/izvajalec/org-tocka-za-starejse-litija-smartno"))
        assert cards(html) == ["svc-tocka-starejse-svetovanje"]


class TestMunicipality:
    def test_local_and_national_services(self, client, sample):
        response = client.get("/obcina/trbovlje")
        assert response.status_code == 200
        html = text(response)
        assert "Pomoč v občini Trbovlje" in html
        shown = set(cards(html))
        assert {"svc-csd-trbovlje-dsp", "svc-csd-trbovlje-storitve", "svc-csd-trbovlje-varstvo"} <= shown
        assert {"svc-tom-telefon", "svc-sos-telefon", "svc-zaupni-telefon-116123"} <= shown
        assert "TOM telefon za otroke in mladostnike" in html
        assert "svc-csd-kranj-dsp" not in shown and "svc-csd-litija-dsp" not in shown

    def test_by_code_is_the_same_page(self, client, sample):
        assert cards(text(client.get("/obcina/129"))) == cards(text(client.get("/obcina/trbovlje")))

    def test_each_service_once_grouped_by_kind_of_help(self, client, sample):
        html = text(client.get("/obcina/trbovlje"))
        shown = cards(html)
        assert len(shown) == len(set(shown))  # no service repeats under several groups
        assert "svc-tom-telefon" in group(html, "telefonska-pomoc")
        assert "svc-du-trbovlje-pomoc-na-domu" in group(html, "pomoc-na-domu")
        assert 'id="skupina-krizna-namestitev"' not in html  # empty groups are left out
        # target groups are tags on the cards
        assert "Starejši" in group(html, "pomoc-na-domu")

    def test_the_most_useful_kinds_first_blood_drives_last(self, client, sample):
        html = text(client.get("/obcina/trbovlje"))
        order = re.findall(r'<section class="group" id="skupina-([^"]+)"', html)
        assert order[0] == "informiranje-svetovanje" and order.index("denarna-pomoc") < order.index("prostovoljstvo")
        assert html.index("svc-csd-trbovlje-dsp") < html.index("svc-rks-trbovlje-krvodajalstvo")

    def test_a_long_group_is_capped_with_a_link_to_the_rest(self, client, sample):
        html = text(client.get("/obcina/trbovlje"))
        capped = [g for g in re.findall(r'id="skupina-([^"]+)"', html) if 'class="group-more"' in group(html, g)]
        for code in capped:
            assert len(cards(group(html, code))) == 6
            assert f'href="/iskanje?obcina=trbovlje&amp;pomoc={code}"' in group(html, code)

    def test_group_for_services_without_a_kind(self, client, sample):
        service = db.session.get(Service, "svc-rks-trbovlje-krvodajalstvo")
        service.terms = [t for t in service.terms if t.taxonomy != "vrste-pomoci"]
        db.session.commit()
        html = text(client.get("/obcina/trbovlje"))
        assert "svc-rks-trbovlje-krvodajalstvo" in group(html, "drugo")
        assert "Druge storitve" in html

    def test_facts_and_region_link(self, client, sample):
        html = text(client.get("/obcina/trbovlje"))
        assert 'href="/regija/zasavska">Zasavska</a>' in html
        assert "Število prebivalcev" in html and "16.024" in html

    def test_counts_match_the_query(self, client, sample):
        trbovlje = db.session.get(Municipality, 129)
        services = queries.services_available_in(trbovlje)
        assert len(services) == 33
        assert "33 storitev" in text(client.get("/obcina/trbovlje"))

    def test_a_municipality_without_local_services(self, client, sample):
        html = text(client.get("/obcina/ajdovscina"))
        shown = set(cards(html))
        assert "svc-sos-telefon" in shown and not any(s.startswith("svc-csd") for s in shown)

    def test_english_title(self, client, sample):
        html = text(client.get("/obcina/trbovlje?lang=en"))
        assert '<html lang="en">' in html and "Older people" in html

    def test_bilingual_name(self, client, sample):
        assert "Koper/Capodistria" in text(client.get("/obcina/koper"))


class TestRegion:
    def test_zasavska(self, client, sample):
        response = client.get("/regija/zasavska")
        assert response.status_code == 200
        html = text(response)
        assert "Pomoč v regiji Zasavska" in html
        for slug in ("hrastnik", "litija", "trbovlje", "zagorje-ob-savi"):
            assert f'href="/obcina/{slug}"' in html
        shown = set(cards(html))
        assert {"svc-csd-trbovlje-dsp", "svc-csd-litija-dsp", "svc-di-hrastnik-zagovornistvo"} <= shown
        assert "svc-sos-telefon" in shown and "svc-csd-kranj-dsp" not in shown

    def test_each_service_once_grouped_by_kind_of_help(self, client, sample):
        html = text(client.get("/regija/zasavska"))
        shown = cards(html)
        assert shown and len(shown) == len(set(shown))  # no service repeats under several groups
        order = re.findall(r'<section class="group" id="skupina-([^"]+)"', html)
        assert order[0] == "informiranje-svetovanje" and order.index("denarna-pomoc") < order.index("prostovoljstvo")
        assert "svc-tom-telefon" in group(html, "telefonska-pomoc")
        assert "svc-du-trbovlje-pomoc-na-domu" in group(html, "pomoc-na-domu")
        assert sum(len(cards(group(html, code))) for code in order) == len(shown)  # every card is in a group
        assert "Starejši" in group(html, "pomoc-na-domu")  # target groups are tags on the cards

    def test_region_query(self, sample):
        region = db.session.scalar(db.select(Region).where(Region.slug == "zasavska"))
        ids = {s.id for s in queries.services_available_in_region(region)}
        for municipality in region.municipalities:
            assert {s.id for s in queries.services_available_in(municipality)} <= ids

    def test_two_word_slug(self, client, sample):
        response = client.get("/regija/jugovzhodna-slovenija")
        assert response.status_code == 200 and "Jugovzhodna Slovenija" in text(response)
