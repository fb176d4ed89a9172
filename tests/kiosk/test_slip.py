"""The printable referral slip (/listek) and its QR codes."""
from xml.etree import ElementTree

from infotocka.kiosk import slip


def test_public_slip_lists_services_with_qr_and_info_point(client, directory):
    response = client.get("/listek?ids=svc-sos-telefon,svc-csd-trbovlje-dsp,svc-sos-telefon")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert html.count('class="slip-entry"') == 2
    assert "080 11 55" in html
    assert "http://localhost/storitev/svc-csd-trbovlje-dsp" in html
    assert "Socialno-informacijska točka" in html and "03 56 52 100" in html
    assert 'media="print"' in html


def test_unknown_ids_are_not_found(client, directory):
    assert client.get("/listek?ids=ni-je").status_code == 404
    assert client.get("/listek").status_code == 404


def test_info_point_can_be_set_per_municipality(make_app):
    app = make_app(INFO_POINTS={"trbovlje": {"name": "Info točka Trbovlje", "phone": "03 123 45 67"}})
    with app.app_context():
        client = app.test_client()
        trbovlje = client.get("/kiosk/trbovlje").get_data(as_text=True)
        elsewhere = client.get("/kiosk/hrastnik").get_data(as_text=True)
    assert "Info točka Trbovlje" in trbovlje and "03 123 45 67" in trbovlje
    assert "03 56 52 100" in elsewhere and "Info točka Trbovlje" not in elsewhere


def test_qr_svg_is_valid_accessible_markup(app):
    svg = slip.qr_svg("https://example.org/storitev/a?b=1&c=2", "Storitev <A>")
    root = ElementTree.fromstring(str(svg))
    assert root.tag == "svg" and root.get("role") == "img" and root.get("viewBox")
    assert root.find("title").text == "Storitev <A>"
    assert "style" not in str(svg)


def test_parse_ids_drops_blanks_and_duplicates():
    assert slip.parse_ids("a, b,,a,c ") == ["a", "b", "c"]
    assert slip.parse_ids(None) == []
