"""Kiosk views: start, need tiles, results, detail, slip selection and forgetting the session."""
import re


def test_start_screen_has_tiles_search_and_no_login(client, directory):
    response = client.get("/kiosk")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Kaj potrebujete?" in html
    assert html.count('class="need-tile"') >= 10
    assert 'autocomplete="off"' in html and 'enterkeyhint="search"' in html
    assert "/prijava" not in html and "/urejanje" not in html
    assert response.headers["Cache-Control"] == "no-store"


def test_municipality_kiosk_stays_in_its_municipality(client, directory):
    html = client.get("/kiosk/trbovlje").get_data(as_text=True)
    assert "Trbovlje" in html
    assert 'href="/kiosk/trbovlje/iskanje?potreba=starejsi"' in html
    assert 'data-kiosk-start="/kiosk/trbovlje"' in html
    assert client.get("/kiosk/ni-take-obcine").status_code == 404


def test_idle_time_comes_from_config(make_app):
    app = make_app(KIOSK_IDLE_SECONDS=45)
    with app.app_context():
        html = app.test_client().get("/kiosk").get_data(as_text=True)
    assert 'data-kiosk-idle="45"' in html


def test_idle_time_defaults_to_two_minutes(app):
    assert app.config["KIOSK_IDLE_SECONDS"] == 120


def test_need_tile_results(client, directory):
    html = client.get("/kiosk/trbovlje/iskanje?potreba=nasilje").get_data(as_text=True)
    assert "Varna hiša Zasavje" in html
    assert "SOS telefon" in html
    assert "Hiter izhod" in html


def test_text_search_and_empty_query(client, directory):
    html = client.get("/kiosk/iskanje?q=varna+hiša").get_data(as_text=True)
    assert "Varna hiša Zasavje" in html
    assert client.get("/kiosk/iskanje").status_code == 302


def test_detail_shows_easy_read_first_and_qr(client, directory):
    html = client.get("/kiosk/trbovlje/storitev/svc-test-varna-hisa").get_data(as_text=True)
    assert html.index("Na kratko") < html.index("Opis")
    assert '<svg role="img"' in html
    assert "http://localhost/storitev/svc-test-varna-hisa" in html
    assert client.get("/kiosk/storitev/ni-je").status_code == 404


def test_slip_selection_and_forgetting(client, directory):
    back = "/kiosk/trbovlje/iskanje?potreba=starejsi"
    response = client.post("/kiosk/trbovlje/izbor", data={"id": "svc-sos-telefon", "nazaj": back})
    assert response.status_code == 303 and response.headers["Location"] == back
    client.post("/kiosk/trbovlje/izbor", data={"id": "svc-csd-trbovlje-dsp", "nazaj": "https://evil.example/"})
    html = client.get("/kiosk/trbovlje/listek").get_data(as_text=True)
    assert html.count('class="slip-entry"') == 2
    assert html.count("<svg") == 2
    assert "03 56 52 100" in html

    client.post("/kiosk/trbovlje/izbor", data={"id": "svc-sos-telefon"})  # a second press takes it off
    assert client.get("/kiosk/trbovlje/listek").get_data(as_text=True).count('class="slip-entry"') == 1

    client.set_cookie("lang", "en")
    response = client.post("/kiosk/trbovlje/pozabi")
    assert response.status_code == 303 and response.headers["Location"] == "/kiosk/trbovlje"
    assert any(c.startswith("lang=;") for c in response.headers.getlist("Set-Cookie"))
    assert 'class="slip-entry"' not in client.get("/kiosk/trbovlje/listek").get_data(as_text=True)


def test_unknown_service_cannot_be_chosen(client, directory):
    assert client.post("/kiosk/izbor", data={"id": "ni-je"}).status_code == 404


def test_posts_need_a_csrf_token(make_app):
    app = make_app(WTF_CSRF_ENABLED=True)
    with app.app_context():
        assert app.test_client().post("/kiosk/pozabi").status_code == 400


def test_pages_keep_to_the_strict_csp(client, directory):
    for url in ("/kiosk", "/kiosk/trbovlje/iskanje?potreba=nasilje", "/kiosk/storitev/svc-test-varna-hisa",
                "/kiosk/listek", "/listek?ids=svc-test-varna-hisa", "/storitev/svc-test-varna-hisa"):
        html = client.get(url).get_data(as_text=True)
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), f"inline script on {url}"
        assert " style=" not in html and "<style" not in html, f"inline style on {url}"
