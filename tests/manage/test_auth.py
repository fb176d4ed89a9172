"""Sign-in, argon2 hashes, throttling, CSRF, security headers, invitation and reset links."""
import re

import pytest

from infotocka.auth import tokens
from infotocka.auth.operations import create_user, find_user
from infotocka.extensions import db

from .conftest import PASSWORD, login


def test_passwords_are_stored_as_argon2id(accounts):
    user = accounts["editor"]
    assert user.password_hash.startswith("$argon2id$")
    assert PASSWORD not in user.password_hash


def test_sign_in_and_out(app, accounts):
    client = app.test_client()
    response = login(client, "URednik@csd.si")
    assert response.status_code == 302 and response.location.endswith("/urejanje/")
    assert client.get("/urejanje/").status_code == 200
    assert client.post("/odjava").status_code == 302
    assert client.get("/urejanje/").status_code == 302


def test_wrong_password_gives_a_slovene_message_beside_the_field(app, accounts):
    response = login(app.test_client(), "urednik@csd.si", "napacno-geslo")
    assert response.status_code == 200
    assert "E-naslov ali geslo ni pravilno." in response.get_data(as_text=True)


def test_next_parameter_cannot_leave_the_site(app, accounts):
    client = app.test_client()
    response = client.post("/prijava?next=https://zlobno.example/", data={"email": "urednik@csd.si",
                                                                          "password": PASSWORD})
    assert response.location.endswith("/urejanje/")


def test_brute_force_login_is_throttled(make_app):
    app = make_app(RATELIMIT_ENABLED=True, LOGIN_RATE_LIMIT="3 per minute")
    client = app.test_client()
    codes = [login(client, "nekdo@x.si", "ugibam").status_code for _ in range(5)]
    assert codes[:3] == [200, 200, 200]
    assert codes[3:] == [429, 429]
    response = login(client, "nekdo@x.si", "ugibam")
    assert "Preveč poskusov" in response.get_data(as_text=True)
    assert response.headers.get("Retry-After")


def test_post_without_csrf_token_is_refused(make_app):
    app = make_app(WTF_CSRF_ENABLED=True)
    client = app.test_client()
    assert client.post("/prijava", data={"email": "a@b.si", "password": "x"}).status_code == 400
    page = client.get("/prijava").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    assert client.post("/prijava", data={"email": "a@b.si", "password": "x", "csrf_token": token}).status_code == 200


def test_editing_posts_without_csrf_are_refused(make_app):
    app = make_app(WTF_CSRF_ENABLED=True)
    with app.app_context():
        from infotocka.directory.hsds_import import import_path
        from .conftest import ORG_A
        from tests.conftest import SAMPLE
        import_path(SAMPLE)
        create_user("e@x.si", "editor", [ORG_A], password=PASSWORD)
    client = app.test_client()
    page = client.get("/prijava").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    assert client.post("/prijava", data={"email": "e@x.si", "password": PASSWORD,
                                         "csrf_token": token}).status_code == 302
    for url in ("/urejanje/storitev/svc-csd-trbovlje-dsp/podatki-so-tocni", "/urejanje/storitev/svc-csd-trbovlje-dsp/uredi",
                "/odjava", "/storitev/svc-csd-trbovlje-dsp/prijavi-napako"):
        assert client.post(url, data={"message": "x", "topic": "other"}).status_code == 400, url


def test_security_headers_and_cookie_flags(make_app, accounts):
    response = accounts and None
    app = make_app()
    client = app.test_client()
    response = client.get("/prijava")
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"]
    secure = make_app(TESTING=False)
    assert secure.config["SESSION_COOKIE_SECURE"] and secure.config["SESSION_COOKIE_HTTPONLY"]
    assert secure.config["REMEMBER_COOKIE_SECURE"]
    https = secure.test_client().get("/prijava", base_url="https://localhost")
    assert "max-age=" in https.headers["Strict-Transport-Security"]
    assert response.headers.get("Strict-Transport-Security") is None


def _path(link: str) -> str:
    return link.split("localhost", 1)[-1] if "localhost" in link else "/" + link.split("/", 3)[3]


def test_invitation_link_sets_a_password_and_expires(as_role, app, listings, monkeypatch):
    staff = as_role("staff")
    service_a, _ = listings
    page = staff.post("/urejanje/uporabniki", data={"email": "nova@csd.si", "role": "editor",
                                                    "organizations": [service_a.organization_id]})
    assert page.status_code == 200
    link = re.search(r'class="link-to-pass">([^<]+)<', page.get_data(as_text=True)).group(1)
    path = _path(link)
    user = find_user("nova@csd.si")
    assert not user.is_active  # no password until the invitation is accepted

    now = tokens.clock()
    monkeypatch.setattr(tokens, "clock", lambda: now + 8 * 24 * 3600)  # a week and a day later
    client = app.test_client()
    assert client.get(path).status_code == 410
    assert "Povezava je potekla" in client.get(path).get_data(as_text=True)

    monkeypatch.setattr(tokens, "clock", lambda: now + 3600)
    response = client.post(path, data={"name": "Nova Urednica", "password": "dolgo-geslo-42",
                                       "confirm": "dolgo-geslo-42"})
    assert response.status_code == 302
    assert client.get("/urejanje/").status_code == 200
    assert client.get(path).status_code == 404  # used once: the link no longer works
    assert login(app.test_client(), "nova@csd.si", "dolgo-geslo-42").status_code == 302


def test_reset_link_is_mailed_over_smtp_and_expires(make_app, smtp, monkeypatch):
    app = make_app(MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp.port, MAIL_FROM="infotocka@example.si",
                   PASSWORD_RESET_MAX_AGE=600)
    with app.app_context():
        create_user("pozabljiv@x.si", "staff", password=PASSWORD)
    client = app.test_client()
    response = client.post("/pozabljeno-geslo", data={"email": "pozabljiv@x.si"})
    assert response.status_code == 200
    assert client.post("/pozabljeno-geslo", data={"email": "nihce@x.si"}).get_data() == response.get_data()
    assert len(smtp.messages) == 1 and smtp.messages[0].rcpt_tos == ["pozabljiv@x.si"]
    path = _path(re.search(r"(http://\S+)", smtp.texts()[0]).group(1))

    now = tokens.clock()
    monkeypatch.setattr(tokens, "clock", lambda: now + 601)
    assert client.get(path).status_code == 410
    monkeypatch.setattr(tokens, "clock", lambda: now + 599)
    assert client.post(path, data={"password": "kratko", "confirm": "kratko"}).status_code == 200
    assert client.post(path, data={"password": "novo-geslo-123", "confirm": "novo-geslo-123"}).status_code == 302
    assert login(client, "pozabljiv@x.si", "novo-geslo-123").status_code == 302


def test_forged_token_is_rejected(app, accounts):
    assert app.test_client().get("/ponastavi-geslo/ponaredek.abc").status_code == 404


@pytest.mark.parametrize("role", ["admin", "staff"])
def test_staff_never_see_an_editors_reset_link_when_no_smtp(as_role, accounts, role):
    """Whoever holds a reset link owns the account: without e-mail it is not handed to staff instead."""
    page = as_role(role).post(f"/urejanje/uporabniki/{accounts['editor'].id}/ponastavitev")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "/ponastavi-geslo/" not in text and "Zaradi varnosti je ne prikažemo" in text
    db.session.expire_all()


@pytest.mark.parametrize("target", ["/\\zlobno.example/", "/\t/zlobno.example/", "//zlobno.example/",
                                    "https://zlobno.example/", "javascript:alert(1)"])
def test_sign_in_never_redirects_off_site(client, accounts, target):
    response = client.post("/prijava", query_string={"next": target},
                           data={"email": "urednik@csd.si", "password": PASSWORD})
    assert response.status_code == 302 and response.location.endswith("/urejanje/")


def test_behind_a_proxy_each_client_has_its_own_sign_in_limit(make_app):
    app = make_app(RATELIMIT_ENABLED=True, LOGIN_RATE_LIMIT="2 per minute", PROXY_COUNT=1)
    client = app.test_client()

    def attempt(ip):
        return client.post("/prijava", data={"email": "x@y.si", "password": "narobe-geslo"},
                           headers={"X-Forwarded-For": ip}).status_code

    assert [attempt("203.0.113.1") for _ in range(3)] == [200, 200, 429]
    assert attempt("203.0.113.2") == 200
    response = client.get("/prijava", headers={"X-Forwarded-Proto": "https"})
    assert "Strict-Transport-Security" in response.headers


def test_login_limit_is_shared_by_workers_through_redis(make_app):
    """With Redis storage the attempts are counted in Redis, where every gunicorn worker sees them."""
    import uuid

    import redis

    settings = dict(RATELIMIT_ENABLED=True, LOGIN_RATE_LIMIT="3 per minute",
                    RATELIMIT_STORAGE_URI="redis://127.0.0.1:6379/15",
                    RATELIMIT_KEY_PREFIX=f"test-{uuid.uuid4().hex}")
    workers = [make_app(**settings).test_client(), make_app(**settings).test_client()]
    codes = [login(workers[i % 2], "nekdo@x.si", "ugibam").status_code for i in range(5)]
    assert codes == [200, 200, 200, 429, 429]
    store = redis.Redis.from_url("redis://127.0.0.1:6379/15")
    keys = store.keys(f"*{settings['RATELIMIT_KEY_PREFIX']}/127.0.0.1/auth.login*")
    assert len(keys) == 1 and int(store.get(keys[0])) >= 3
    store.delete(*store.keys(f"*{settings['RATELIMIT_KEY_PREFIX']}*"))
