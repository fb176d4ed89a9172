"""Residents' repeat searches and pages come from the page cache, and are never stale or someone else's:
an edit, the clock, the language and signing in each get a page of their own; searches still count."""
import socket
from datetime import datetime

import pytest

from infotocka.directory import hours
from infotocka.directory.hsds_import import import_path
from infotocka.extensions import db
from infotocka.models import DemandCount
from infotocka.pagecache import HIT_HEADER
from tests.conftest import SAMPLE, rename

TRBOVLJE = 129
SEARCH = f"/iskanje?q=pomo%C4%8D+na+domu&obcina={TRBOVLJE}"
HOME_HELP = "svc-du-trbovlje-pomoc-na-domu"


@pytest.fixture(autouse=True)
def still_clock(monkeypatch):
    """One minute for the whole test: a page is cached per minute, and a slow run may cross one."""
    moment = datetime(2026, 12, 1, 10, 0, tzinfo=hours.TZ)
    monkeypatch.setattr(hours, "now", lambda: moment)


def _cache(response) -> str | None:
    return response.headers.get(HIT_HEADER)


@pytest.fixture
def server_client(app):
    """A client whose responses are closed at once, as a WSGI server closes them once sent (searches count then)."""
    class ServerClient(app.test_client_class):
        def open(self, *args, buffered=True, **kwargs):
            return super().open(*args, buffered=buffered, **kwargs)
    app.test_client_class = ServerClient
    return app.test_client()


def test_a_repeat_search_is_the_same_page_from_the_cache_and_counts_again(server_client, sample):
    first = server_client.get(SEARCH)
    again = server_client.get(SEARCH)
    assert first.status_code == again.status_code == 200
    assert (_cache(first), _cache(again)) == ("miss", "hit")
    assert again.get_data() == first.get_data()
    assert again.headers["Content-Security-Policy"] and again.headers["X-Frame-Options"] == "DENY"
    counts = db.session.scalars(db.select(DemandCount.count).where(DemandCount.channel == "web")).all()
    assert counts and set(counts) == {2}  # two residents asked; each need of the search counted twice


def test_an_api_search_is_cached_too_and_keeps_its_headers(client, sample):
    url = "/api/v1/services?search=pomo%C4%8D+na+domu"
    first, again = client.get(url), client.get(url)
    assert (_cache(first), _cache(again)) == ("miss", "hit")
    assert again.get_json() == first.get_json() and again.headers["Access-Control-Allow-Origin"] == "*"


def test_an_edit_shows_on_the_next_search_at_once(client, sample):
    assert "Pomoč na domu" in client.get(f"/storitev/{HOME_HELP}").get_data(as_text=True)
    client.get(SEARCH)
    rename(HOME_HELP, "Oskrba na domu Zasavje")
    page = client.get(SEARCH)
    assert _cache(page) == "miss" and "Oskrba na domu Zasavje" in page.get_data(as_text=True)
    assert "Oskrba na domu Zasavje" in client.get(f"/storitev/{HOME_HELP}").get_data(as_text=True)


def test_open_now_follows_the_clock_not_the_cache(client, sample, monkeypatch):
    url = "/iskanje?q=telefon&lastnost=open"  # TOM telefon answers from 12:00 on weekdays

    def at(moment: str):
        monkeypatch.setattr(hours, "now", lambda: datetime.fromisoformat(moment).replace(tzinfo=hours.TZ))
        return client.get(url).get_data(as_text=True)

    assert "svc-tom-telefon" not in at("2026-12-01T11:59")
    assert "svc-tom-telefon" not in at("2026-12-01T11:59")
    assert "svc-tom-telefon" in at("2026-12-01T12:00")


def test_each_language_gets_its_own_page(client, sample):
    slovene = client.get(SEARCH).get_data(as_text=True)
    english = client.get(SEARCH + "&lang=en").get_data(as_text=True)
    client.get(SEARCH)  # cached in Slovene
    client.set_cookie("lang", "en")
    by_cookie = client.get(SEARCH)
    assert 'lang="sl"' in slovene and 'lang="en"' in english and 'lang="en"' in by_cookie.get_data(as_text=True)


def test_staff_get_a_fresh_page_and_residents_never_get_staffs(app, client, sample):
    from infotocka.auth.operations import create_user
    page = "/storitev/svc-csd-trbovlje-dsp"  # its contacts carry a research note only staff see
    client.get(page)
    create_user("osebje@infotocka.si", "staff", password="pravilno-geslo-123")
    staff = app.test_client()
    assert staff.post("/prijava", data={"email": "osebje@infotocka.si",
                                        "password": "pravilno-geslo-123"}).status_code == 302
    staffs = staff.get(page)
    assert _cache(staffs) is None and "Opomba za osebje:" in staffs.get_data(as_text=True)
    residents = client.get(page)
    assert _cache(residents) == "hit" and "Opomba za osebje:" not in residents.get_data(as_text=True)


def test_a_bad_request_is_never_cached(client, sample):
    for _ in range(2):
        answer = client.get("/iskanje?q=pomoc&stran=99")
        assert answer.status_code == 400 and _cache(answer) is None


def test_workers_share_the_cache_in_redis(make_app):
    first = make_app(PAGE_CACHE="RedisCache", PAGE_CACHE_URL="redis://127.0.0.1:6379/3")
    second = make_app(PAGE_CACHE="RedisCache", PAGE_CACHE_URL="redis://127.0.0.1:6379/3",
                      SQLALCHEMY_DATABASE_URI=first.config["SQLALCHEMY_DATABASE_URI"], INDEX_DIR=first.config["INDEX_DIR"])
    url = "/api/v1/services?taxonomy_term_id=pomoc-na-domu"
    with first.app_context():
        import_path(SAMPLE)
        one = first.test_client().get(url)
    two = second.test_client().get(url)
    assert (_cache(one), _cache(two)) == ("miss", "hit") and two.get_json() == one.get_json()


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_a_dead_cache_server_costs_only_speed(make_app):
    app = make_app(PAGE_CACHE="RedisCache", PAGE_CACHE_URL=f"redis://127.0.0.1:{_closed_port()}/0")
    for _ in range(2):
        page = app.test_client().get("/iskanje?q=pomo%C4%8D+na+domu")
        assert page.status_code == 200 and _cache(page) is None


def test_a_shared_store_never_receives_what_a_resident_typed_or_where_they_are(make_app):
    app = make_app(PAGE_CACHE="RedisCache", PAGE_CACHE_URL="redis://127.0.0.1:6379/3")
    for url in ("/iskanje?q=mo%C5%BE+me+tepe", "/iskanje?kraj=Trbovlje", "/api/v1/services?search=nasilje",
                "/api/v1/services?lat=46.15&lon=15.05&radius_km=5"):
        for _ in range(2):
            answer = app.test_client().get(url)
            assert answer.status_code == 200 and _cache(answer) is None, url


def test_nobody_is_told_what_was_asked_before(make_app):
    app = make_app(PAGE_CACHE_HEADER=False)
    client = app.test_client()
    client.get("/o-storitvi")
    for _ in range(2):
        assert _cache(client.get("/")) is None  # the home page is cached, but says nothing of it
