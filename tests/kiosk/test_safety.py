"""Safety mode: where "Hiter izhod" appears, and confidential locations on every page."""
from infotocka import safety
from infotocka.directory import queries


def test_violence_listings_are_recognised(directory):
    assert safety.is_violence_service(queries.get_service("svc-sos-telefon"))
    assert not safety.is_violence_service(queries.get_service("svc-csd-trbovlje-dsp"))
    assert not safety.is_violence_service(None)


VIOLENCE_PAGES = ("/storitev/svc-sos-telefon", "/storitev/svc-test-varna-hisa", "/izvajalec/org-sos-telefon",
                  "/iskanje?target_group=zrtve-nasilja", "/iskanje?q=nasilje+v+dru%C5%BEini",
                  "/listek?ids=svc-csd-trbovlje-dsp,svc-sos-telefon")
OTHER_PAGES = ("/", "/storitev/svc-csd-trbovlje-dsp", "/iskanje?target_group=starejsi", "/kiosk/trbovlje",
               "/listek?ids=svc-csd-trbovlje-dsp")


def test_quick_exit_on_violence_pages_only(client, directory):
    for url in VIOLENCE_PAGES:
        html = client.get(url).get_data(as_text=True)
        assert 'id="hiter-izhod"' in html, url
        assert 'data-quick-exit-url="https://www.google.com/search?q=vreme"' in html, url
        assert "quick-exit.js" in html, url
    for url in OTHER_PAGES:
        assert 'id="hiter-izhod"' not in client.get(url).get_data(as_text=True), url


def test_kiosk_quick_exit_goes_to_its_start_screen(client, directory):
    html = client.get("/kiosk/trbovlje/iskanje?potreba=nasilje").get_data(as_text=True)
    assert 'data-quick-exit-url="/kiosk/trbovlje"' in html


def test_quick_exit_target_is_configurable(make_app):
    app = make_app(QUICK_EXIT_URL="https://www.arso.gov.si/vreme/")
    with app.app_context():
        from infotocka.directory.hsds_import import import_path
        from infotocka.extensions import db
        from tests.conftest import SAMPLE
        import_path(SAMPLE)
        db.session.commit()
        html = app.test_client().get("/storitev/svc-sos-telefon").get_data(as_text=True)
    assert 'href="https://www.arso.gov.si/vreme/"' in html


def test_confidential_location_never_shows_address_or_pin(client, directory):
    for url in ("/storitev/svc-test-varna-hisa", "/kiosk/storitev/svc-test-varna-hisa",
                "/listek?ids=svc-test-varna-hisa", "/iskanje?q=varna+hi%C5%A1a", "/obcina/trbovlje",
                "/izvajalec/org-test-varna-hisa"):
        html = client.get(url).get_data(as_text=True)
        assert "Skrivna ulica" not in html, url
        assert "46.1523" not in html and "15.0412" not in html, url


def test_confidential_location_is_reached_by_phone(client, directory):
    html = client.get("/kiosk/storitev/svc-test-varna-hisa").get_data(as_text=True)
    assert "041 555 123" in html
    assert "Naslov ni javen zaradi varnosti" in html


def test_location_helpers(directory):
    service = queries.get_service("svc-test-varna-hisa")
    (location,) = service.locations
    assert location.confidential and safety.public_address(location) is None
    assert not safety.shows_pin(location)
    assert safety.public_locations(service) == [] and safety.has_confidential_location(service)
