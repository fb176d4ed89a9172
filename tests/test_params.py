"""The web pages' query parameters: Slovene names, old names still accepted, safety watching what pages read."""
import re

import pytest
from flask import Request
from werkzeug.datastructures import ImmutableMultiDict

from infotocka import params, safety
from infotocka.public.forms import search_form

OLD_AND_NEW = [
    ("/iskanje?target_group=zrtve-nasilja", "/iskanje?skupina=zrtve-nasilja"),
    ("/iskanje?municipality=trbovlje&kind=pomoc-na-domu", "/iskanje?obcina=trbovlje&pomoc=pomoc-na-domu"),
    ("/iskanje?provider_type=csd&page=1", "/iskanje?izvajalec=csd&stran=1"), ("/iskanje?page=2", "/iskanje?stran=2"),
    ("/iskanje?q=pomo%C4%8D&trait=free&language=sl", "/iskanje?q=pomo%C4%8D&lastnost=free&jezik=sl"),
    ("/iskanje?q=dom+za+starej%C5%A1e+v+Litiji&place=0", "/iskanje?q=dom+za+starej%C5%A1e+v+Litiji&doma=0"),
    ("/iskanje?lat=46.154&lon=15.05&radius_km=5", "/iskanje?sirina=46.154&dolzina=15.05&polmer=5"),
]


def text(response) -> str:
    return response.get_data(as_text=True)


def result_links(html: str) -> list[str]:
    return re.findall(r'class="card-title"[^>]*><a href="/storitev/([^"]+)"', html)


@pytest.mark.parametrize("old, new", OLD_AND_NEW)
def test_an_old_link_shows_the_same_results(client, sample, old, new):
    before, after = client.get(old), client.get(new)
    assert before.status_code == after.status_code == 200
    assert result_links(text(before)) == result_links(text(after)) and result_links(text(after))


def test_old_names_on_the_slip_and_the_coverage_map(client, sample):
    slip = client.get("/listek?ids=svc-sos-telefon&obcina=trbovlje")
    assert slip.status_code == 200 and text(slip) == text(client.get("/listek?storitve=svc-sos-telefon&obcina=trbovlje"))
    old = client.get("/pokritost/zemljevid.geojson?region=zasavska&map=starejsi").get_json()
    assert old == client.get("/pokritost/zemljevid.geojson?regija=zasavska&zemljevid=starejsi").get_json()
    assert old["term"] == "starejsi"


def test_the_api_keeps_its_english_names(client, sample):
    response = client.get("/api/v1/services?target_group=zrtve-nasilja")
    assert response.status_code == 200
    assert response.get_json() != client.get("/api/v1/services?skupina=zrtve-nasilja").get_json()


@pytest.mark.parametrize("url", ["/", "/iskanje?q=pomo%C4%8D&municipality=trbovlje&target_group=starejsi",
                                 "/iskanje?q=dom+za+starej%C5%A1e+v+Litiji", "/iskanje?kraj=Trbovlje&radius_km=10",
                                 "/obcina/trbovlje", "/regija/zasavska", "/pokritost", "/storitev/svc-sos-telefon",
                                 "/kiosk/iskanje?potreba=starejsi"])
def test_pages_link_with_the_new_names_only(client, sample, url):
    html = text(client.get(url))
    for old in params.OLD_NAMES:
        assert not re.search(rf'(href|action|data-geojson)="(?!/api/)[^"]*[?&](amp;)?{old}=', html), (url, old)
        assert f'name="{old}"' not in html, (url, old)


def test_quick_exit_for_old_and_new_names(client, sample):
    for url in ("/iskanje?target_group=zrtve-nasilja", "/iskanje?skupina=zrtve-nasilja", "/iskanje?q=nasilje",
                "/kiosk/iskanje?potreba=nasilje"):
        assert 'id="hiter-izhod"' in text(client.get(url)), url
    assert 'id="hiter-izhod"' not in text(client.get("/iskanje?skupina=starejsi"))


class _Recorder(ImmutableMultiDict):
    """Query arguments that remember which names a page asked for."""
    read: set = set()

    def __getitem__(self, key):
        self.read.add(key)
        return super().__getitem__(key)

    def get(self, key, default=None, type=None):
        self.read.add(key)
        return super().get(key, default, type)

    def getlist(self, key, type=None):
        self.read.add(key)
        return super().getlist(key, type)

    def __contains__(self, key):
        self.read.add(key)
        return super().__contains__(key)


def _read_by_the_pages(app) -> set:
    class RecordingRequest(Request):
        parameter_storage_class = _Recorder

    _Recorder.read = set()
    app.request_class = RecordingRequest
    client = app.test_client()
    for url in ("/?lang=sl",
                "/iskanje?q=pomo%C4%8D&obcina=trbovlje&doma=trbovlje&skupina=starejsi&pomoc=pomoc-na-domu"
                "&izvajalec=csd&brez=starejsi&lastnost=free&jezik=sl&stran=1&kraj=Trbovlje&polmer=10",
                "/iskanje?sirina=46.154&dolzina=15.05", "/obcina?obcina=trbovlje",
                "/kiosk/iskanje?potreba=starejsi&q=dom&stran=1&brez=starejsi",
                "/kiosk/storitev/svc-sos-telefon?nazaj=/kiosk", "/listek?storitve=svc-sos-telefon&obcina=trbovlje",
                "/pokritost?regija=zasavska&zemljevid=starejsi", "/pokritost/zemljevid.geojson?regija=zasavska",
                "/pokritost/povprasevanje.csv?regija=zasavska"):
        assert client.get(url).status_code in (200, 302, 503), url
    return _Recorder.read


def test_safety_watches_exactly_the_parameters_pages_read(app, sample):
    read = _read_by_the_pages(app)
    watched = set(safety.FILTER_ARGS) | set(safety.TEXT_ARGS)
    assert watched <= read, "safety watches a parameter no page reads"
    # every parameter that can name victims of violence (a target group, a kiosk need) or carry typed text
    with app.test_request_context():
        form = search_form(ImmutableMultiDict(), "sl")
    naming_violence = {f.name for f in form if safety.VIOLENCE in {c[0] for c in getattr(f, "choices", ()) or ()}}
    naming_violence -= {params.DISMISSED}  # switching a need off is not asking for it
    typed = {f.name for f in form if f.type == "StringField"} - {params.MUNICIPALITY, params.HOME}
    assert naming_violence | typed | {params.NEED} == watched
    assert read <= {value for name, value in vars(params).items() if name.isupper() and isinstance(value, str)}
