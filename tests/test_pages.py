"""Resident pages shared by all: layout, home, about, errors, language switch."""
import re

import pytest


def text(response) -> str:
    return response.get_data(as_text=True)


class TestLayout:
    def test_landmarks_skip_link_and_lang(self, client):
        html = text(client.get("/"))
        assert '<html lang="sl">' in html
        assert 'href="#vsebina"' in html and "Preskoči na vsebino" in html
        assert '<main id="vsebina"' in html
        for landmark in ("<header", "<nav", "<footer"):
            assert landmark in html

    def test_emergency_numbers_on_every_page(self, client):
        for url in ("/", "/o-storitvi", "/iskanje", "/ni-take-strani"):
            html = text(client.get(url))
            for link in ('href="tel:112"', 'href="tel:113"', 'href="tel:0801155"', 'href="tel:116123"'):
                assert link in html, (url, link)

    def test_no_inline_styles_or_scripts(self, client):
        html = text(client.get("/"))
        assert "style=" not in html and "<style" not in html
        assert not re.search(r"<script(?![^>]*\bsrc=)", html)
        assert "/static/css/site.css" in html

    def test_stylesheet_is_served(self, client):
        with client.get("/static/css/site.css") as response:
            assert response.status_code == 200
            assert b"prefers-reduced-motion" in response.data and b":focus-visible" in response.data

    def test_footer_links_about(self, client):
        footer = text(client.get("/")).split("<footer", 1)[1]
        assert 'href="/o-storitvi"' in footer and "O storitvi" in footer


class TestLanguage:
    def test_switch_links_keep_the_query(self, client):
        html = text(client.get("/iskanje?q=hrana"))
        assert 'href="/iskanje?q=hrana&amp;lang=en"' in html
        assert 'href="/iskanje?q=hrana&amp;lang=sl"' in html

    def test_choosing_english_sets_lang_and_cookie(self, client):
        response = client.get("/?lang=en")
        assert '<html lang="en">' in text(response)
        assert "lang=en" in response.headers["Set-Cookie"]
        assert '<html lang="en">' in text(client.get("/o-storitvi"))  # the cookie remembers

    def test_browser_language(self, client):
        html = text(client.get("/", headers={"Accept-Language": "en-GB,en;q=0.9"}))
        assert '<html lang="en">' in html

    def test_unknown_language_falls_back_to_slovene(self, client):
        assert '<html lang="sl">' in text(client.get("/?lang=xx"))


class TestHome:
    def test_search_box(self, client):
        html = text(client.get("/"))
        assert "Kaj potrebujete?" in html
        assert 'action="/iskanje"' in html and 'method="get"' in html and 'name="q"' in html

    def test_target_group_and_need_tiles(self, client):
        html = text(client.get("/"))
        assert 'href="/iskanje?skupina=starejsi"' in html and "Starejši" in html
        assert 'href="/iskanje?skupina=zrtve-nasilja"' in html
        assert 'href="/iskanje?pomoc=pomoc-na-domu"' in html and "Pomoč na domu" in html

    def test_tiles_in_english(self, client):
        html = text(client.get("/?lang=en"))
        assert "Older people" in html

    def test_municipality_picker_lists_all_212(self, client):
        html = text(client.get("/"))
        picker = html.split('name="obcina"', 1)[1].split("</select>", 1)[0]
        assert picker.count("<option value=\"") == 213  # 212 and the prompt
        assert '<option value="trbovlje">Trbovlje</option>' in picker
        assert '<option value="koper">Koper/Capodistria</option>' in picker
        # Slovene order: C, Č, D
        assert picker.index("Cirkulane") < picker.index("Črnomelj") < picker.index("Destrnik")

    def test_picker_redirects_to_the_municipality(self, client):
        response = client.get("/obcina?obcina=trbovlje")
        assert response.status_code == 302 and response.headers["Location"].endswith("/obcina/trbovlje")
        assert client.get("/obcina?obcina=").status_code == 200  # no choice: the picker, not a 404
        assert client.get("/obcina?obcina=nikjer").status_code == 404


class TestAbout:
    def test_attribution_verbatim(self, client):
        html = text(client.get("/o-storitvi"))
        assert ("Vir podatkov: Geodetska uprava Republike Slovenije, Register prostorskih enot (CC BY 4.0). "
                "Poenostavljene meje občin in regij: COVID-19 Sledilnik (sledilnik.org), po podatkih GURS.") in html
        assert "Število prebivalcev: SURS" in html
        assert "OpenStreetMap" in html
        assert "niso preverjeni" in html


class TestErrors:
    def test_404_in_slovene(self, client):
        response = client.get("/ni-take-strani")
        assert response.status_code == 404
        html = text(response)
        assert "Strani ni bilo mogoče najti" in html
        assert 'href="/"' in html and 'action="/iskanje"' in html

    def test_404_in_english_keeps_the_language(self, client):
        response = client.get("/ni-take-strani?lang=en")
        assert response.status_code == 404
        assert '<html lang="en">' in text(response)

    @pytest.mark.parametrize("url", [
        "/storitev/ni-je", "/izvajalec/ni-ga", "/obcina/atlantida", "/obcina/999", "/regija/ni-je",
    ])
    def test_unknown_ids_are_friendly_404s(self, client, url):
        response = client.get(url)
        assert response.status_code == 404
        assert "Strani ni bilo mogoče najti" in text(response)

    @pytest.mark.parametrize("url", [
        "/iskanje?page=abc", "/iskanje?page=-1", "/iskanje?page=0", "/iskanje?municipality=xyz",
        "/iskanje?municipality=999", "/iskanje?target_group=nobeni", "/iskanje?kind=x&kind=denarna-pomoc",
        "/iskanje?provider_type=vesoljci", "/iskanje?page=999",
    ])
    def test_malformed_parameters_are_400s(self, client, url):
        response = client.get(url)
        assert response.status_code == 400
        assert "Zahteva ni veljavna" in text(response)

    def test_400_explains_in_slovene(self, client):
        html = text(client.get("/iskanje?municipality=xyz"))
        assert "Neznana občina: xyz" in html

    def test_error_message_is_escaped(self, client):
        html = text(client.get("/iskanje?municipality=<b>x</b>"))
        assert "<b>x</b>" not in html and "&lt;b&gt;x&lt;/b&gt;" in html

    def test_500_is_friendly(self, make_app):
        app = make_app()

        def boom():
            raise RuntimeError("kaput")

        app.add_url_rule("/boom", view_func=boom)
        response = app.test_client().get("/boom")
        assert response.status_code == 500
        html = text(response)
        assert "Prišlo je do napake" in html and "kaput" not in html and 'href="tel:112"' in html
