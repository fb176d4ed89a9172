"""The service page: every field residents need, in Slovene, safely."""
from datetime import date, datetime

import pytest
from babel.dates import format_date

from infotocka.directory import hours
from infotocka.extensions import db
from infotocka.models import Location, Schedule, Service


def text(response) -> str:
    return response.get_data(as_text=True)


def page(client, service_id: str, lang: str = "") -> str:
    response = client.get(f"/storitev/{service_id}" + (f"?lang={lang}" if lang else ""))
    assert response.status_code == 200
    return text(response)


def edit(service_id: str, **values) -> Service:
    service = db.session.get(Service, service_id)
    for name, value in values.items():
        setattr(service, name, value)
    db.session.commit()
    return service


@pytest.fixture
def clock(monkeypatch):
    """Stop the clock at a given Ljubljana time."""
    def stop(moment: str):
        monkeypatch.setattr(hours, "now", lambda: datetime.fromisoformat(moment).replace(tzinfo=hours.TZ))
    return stop


class TestContent:
    def test_main_fields(self, client, sample):
        html = page(client, "svc-du-trbovlje-pomoc-na-domu")
        assert "<h1 lang=\"sl\">Pomoč družini na domu v občini Trbovlje</h1>" in html
        assert "Socialni oskrbovalci pomagajo ljudem" in html
        assert "Komu je namenjeno" in html and "Občani Trbovelj, ki živijo doma" in html
        assert "Stroški" in html and "del cene storitve krije občina" in html
        assert "Starejši" in html and "Pomoč na domu" in html

    def test_phones_are_tel_links_with_descriptions(self, client, sample):
        html = page(client, "svc-du-trbovlje-pomoc-na-domu")
        assert '<a class="phone" href="tel:035653347">03 56 53 347</a>' in html
        assert '<a class="phone" href="tel:040428462">040 428 462</a>' in html
        assert "koordinacija pomoči na domu, mobilni telefon" in html

    def test_email_and_web(self, client, sample):
        html = page(client, "svc-du-trbovlje-pomoc-na-domu")
        assert 'href="mailto:pomocnadomu@dufs.eu"' in html
        assert 'href="http://www.dufs.eu/dejavnosti/pomoc-druzini-na-domu/"' in html

    def test_provider_link(self, client, sample):
        html = page(client, "svc-du-trbovlje-pomoc-na-domu")
        assert 'href="/izvajalec/org-du-franc-salamon-trbovlje"' in html

    def test_sources_are_links(self, client, sample):
        html = page(client, "svc-du-trbovlje-pomoc-na-domu")
        assert 'href="https://github.com/sledilnik/data/blob/master/csv/dict-retirement_homes.csv"' in html

    def test_unsafe_urls_are_not_links(self, client, sample):
        edit("svc-sos-telefon", url="javascript:alert(1)", sources=["javascript:alert(2)", "https://ok.example/"])
        html = page(client, "svc-sos-telefon")
        assert 'href="javascript:' not in html
        assert 'href="https://ok.example/"' in html

    def test_easy_read_comes_first(self, client, sample):
        edit("svc-sos-telefon", easy_read="Pokličite 080 11 55. Pomagamo vam.")
        html = page(client, "svc-sos-telefon")
        assert "Na kratko" in html
        assert html.index("Pokličite 080 11 55. Pomagamo vam.") < html.index("Na brezplačni številki 080 11 55")

    def test_age_range_application_and_alert(self, client, sample):
        edit("svc-tom-telefon", minimum_age=6, maximum_age=19, application_process="Pokličite.",
             alert="Med prazniki skrajšan čas.")
        html = page(client, "svc-tom-telefon")
        assert "od 6 do 19 let" in html
        assert "Kako do pomoči" in html and "Pokličite." in html
        assert 'role="alert"><p lang="sl">Med prazniki skrajšan čas.</p>' in html

    def test_data_is_escaped(self, client, sample):
        edit("svc-tom-telefon", description="<script>alert(1)</script>")
        html = page(client, "svc-tom-telefon")
        assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html


class TestStatusAndVerification:
    def test_temporarily_closed_is_prominent(self, client, sample):
        edit("svc-tom-telefon", status="temporarily closed")
        html = page(client, "svc-tom-telefon")
        assert "Storitev je začasno zaprta." in html and "Začasno zaprto" in html

    def test_defunct_service_says_so(self, client, sample):
        edit("svc-tom-telefon", status="defunct")
        assert "Ta storitev ne deluje več." in page(client, "svc-tom-telefon")

    def test_unverified_note(self, client, sample):
        html = page(client, "svc-tom-telefon")
        assert "Podatki še niso preverjeni" in html and "Nazadnje preverjeno" not in html

    def test_last_verified_date(self, client, sample):
        edit("svc-tom-telefon", assured_date=date(2025, 3, 4))
        html = page(client, "svc-tom-telefon")
        assert f"Nazadnje preverjeno: {format_date(date(2025, 3, 4), 'long', locale='sl')}" in html
        assert "4. marec 2025" in html
        assert "Podatki še niso preverjeni" not in html


class TestPlaces:
    def test_address_and_precision_note(self, client, sample):
        html = page(client, "svc-tocka-starejse-svetovanje")
        assert "Staretov trg 25, 1275 Šmartno pri Litiji" in html
        assert "1270 Litija" in html
        assert "Točen naslov ni znan: točka na zemljevidu označuje središče kraja" in html

    def test_confidential_location_hides_the_address(self, client, sample):
        location = db.session.get(Location, "loc-tocka-smartno")
        location.confidential = True
        db.session.commit()
        html = page(client, "svc-tocka-starejse-svetovanje")
        assert "Naslov ni javen; pokličite." in html
        assert "Staretov trg" not in html and "Društvo upokojencev Šmartno pri Litiji</h3>" not in html
        assert 'href="tel:051443419"' in html  # the phones stay

    def test_national_service(self, client, sample):
        assert "Vsa Slovenija" in page(client, "svc-sos-telefon")

    def test_municipalities_listed(self, client, sample):
        html = page(client, "svc-tocka-starejse-svetovanje")
        assert 'href="/obcina/litija">Litija</a>' in html
        assert 'href="/obcina/smartno-pri-litiji">Šmartno pri Litiji</a>' in html
        assert "Vsa Slovenija" not in html.split("Za prebivalce", 1)[1].split("</section>", 1)[0]

    def test_whole_region_collapses_to_its_name(self, client, sample):
        html = page(client, "svc-vdc-zasavje-bivanje")  # all four Zasavska municipalities and Šmartno
        areas = html.split("Za prebivalce", 1)[1].split("</section>", 1)[0]
        assert 'href="/regija/zasavska">regija Zasavska</a>' in areas
        assert 'href="/obcina/smartno-pri-litiji"' in areas
        assert 'href="/obcina/trbovlje"' not in areas


class TestHours:
    def test_hours_in_slovene(self, client, sample):
        html = page(client, "svc-tocka-starejse-svetovanje")
        assert "ponedeljek–petek 8.00–16.00" in html and "telefonska dosegljivost" in html

    def test_hours_in_english(self, client, sample):
        assert "Monday–Friday 08:00–16:00" in page(client, "svc-tocka-starejse-svetovanje", "en")

    def test_open_now_badge(self, client, sample, clock):
        clock("2025-03-04 10:00")  # a Tuesday morning
        assert "Odprto zdaj" in page(client, "svc-tocka-starejse-svetovanje")

    def test_closed_badge(self, client, sample, clock):
        clock("2025-03-08 10:00")  # a Saturday
        html = page(client, "svc-tocka-starejse-svetovanje")
        assert "Zaprto" in html and "Odprto zdaj" not in html

    def test_closed_on_a_holiday_but_helplines_are_open(self, client, sample, clock):
        clock("2025-04-21 10:00")  # Easter Monday
        assert "Odprto zdaj" not in page(client, "svc-tocka-starejse-svetovanje")
        assert "Odprto zdaj" in page(client, "svc-sos-telefon")

    def test_notes_only_give_no_badge(self, client, sample, clock):
        clock("2025-03-04 10:00")
        html = page(client, "svc-klic-v-dusevni-stiski")
        assert "Vsak dan od 19.00 do 7.00" in html
        assert "Odprto zdaj" not in html and "badge-closed" not in html

    def test_several_intervals_a_day(self, client, sample, clock):
        service = db.session.get(Service, "svc-tom-telefon")
        service.schedules = [Schedule(byday="MO,TU,WE,TH,FR", opens_at="08:00", closes_at="12:00"),
                             Schedule(byday="MO,TU,WE,TH,FR", opens_at="13:00", closes_at="15:00", position=1)]
        db.session.commit()
        clock("2025-03-04 12:30")
        html = page(client, "svc-tom-telefon")
        assert "ponedeljek–petek 8.00–12.00, 13.00–15.00" in html and "Zaprto" in html
