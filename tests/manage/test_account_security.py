"""Accounts under attack (issue 10): Host-header link hijack, sessions that outlive sign-out or a new
password, per-account guessing, an SMTP outage that told which accounts exist."""
import hashlib
import logging
import re
import uuid
from datetime import datetime, timedelta, timezone
from email.utils import parsedate_to_datetime

import pytest
import redis

from infotocka import create_app
from infotocka.auth.operations import create_user, set_password
from infotocka.extensions import db
from infotocka.models import User

from .conftest import PASSWORD, _free_port, login

BASE = "https://infotocka.example.si"


@pytest.fixture
def mailing_app(make_app, smtp):
    def make(**config):
        app = make_app(MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp.port, **config)
        with app.app_context():
            create_user("pozabljiv@x.si", "staff", password=PASSWORD)
        return app
    return make


@pytest.mark.parametrize("headers, proxies", [({"Host": "evil.example"}, 0),
                                              ({"X-Forwarded-Host": "evil.example"}, 1),
                                              ({"Host": "evil.example", "X-Forwarded-Host": "evil.example"}, 1)])
def test_reset_link_uses_the_configured_address_never_the_host(mailing_app, smtp, headers, proxies):
    app = mailing_app(BASE_URL=BASE, PROXY_COUNT=proxies)
    response = app.test_client().post("/pozabljeno-geslo", data={"email": "pozabljiv@x.si"}, headers=headers)
    assert response.status_code == 200
    (text,) = smtp.texts()
    assert re.search(re.escape(BASE) + r"/ponastavi-geslo/\S+", text) and "evil" not in text


def test_without_base_url_links_point_to_the_local_address_not_the_host(mailing_app, smtp):
    app = mailing_app()
    app.test_client().post("/pozabljeno-geslo", data={"email": "pozabljiv@x.si"}, headers={"Host": "evil.example"})
    (text,) = smtp.texts()
    assert "http://127.0.0.1:5000/ponastavi-geslo/" in text and "evil" not in text


def test_invitation_shown_to_its_creator_uses_the_configured_address(make_app):
    app = make_app(BASE_URL=BASE + "/pomoc")
    with app.app_context():
        create_user("skrbnik@x.si", "admin", password=PASSWORD)
    admin = app.test_client()
    admin.post("/prijava", data={"email": "skrbnik@x.si", "password": PASSWORD}, headers={"Host": "evil.example"})
    page = admin.post("/urejanje/uporabniki", headers={"Host": "evil.example"},
                      data={"email": "nov@x.si", "role": "staff"})
    assert re.search(re.escape(BASE) + r"/pomoc/povabilo/\S+", page.get_data(as_text=True))


def test_a_production_start_without_base_url_warns(tmp_path, caplog):
    with caplog.at_level(logging.WARNING):
        create_app({"SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/w.db",
                    "INDEX_DIR": str(tmp_path / "ix")})
    assert "BASE_URL is not set" in caplog.text
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        create_app({"SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/w.db",
                    "INDEX_DIR": str(tmp_path / "ix"), "BASE_URL": BASE})
    assert "BASE_URL" not in caplog.text


def test_forgotten_password_answers_the_same_when_smtp_is_down(make_app, caplog):
    app = make_app(MAIL_SERVER="127.0.0.1", MAIL_PORT=_free_port(), MAIL_TIMEOUT=2)  # nothing listens there
    with app.app_context():
        create_user("obstaja@x.si", "staff", password=PASSWORD)
    client = app.test_client()
    with caplog.at_level(logging.ERROR):
        known = client.post("/pozabljeno-geslo", data={"email": "obstaja@x.si"})
    unknown = client.post("/pozabljeno-geslo", data={"email": "neznan@x.si"})
    assert known.status_code == unknown.status_code == 200
    assert known.get_data() == unknown.get_data()
    assert "Sending e-mail through 127.0.0.1 failed" in caplog.text


def test_sign_out_ends_the_users_other_sessions(app, accounts):
    laptop, phone, other = app.test_client(), app.test_client(), app.test_client()
    for client in (laptop, phone):
        assert login(client, "urednik@csd.si").status_code == 302
    assert login(other, "staff@infotocka.si").status_code == 302
    assert laptop.post("/odjava").status_code == 302
    assert phone.get("/urejanje/").status_code == 302  # back to sign-in
    assert other.get("/urejanje/").status_code == 200  # someone else's session is untouched
    assert login(phone, "urednik@csd.si").status_code == 302 and phone.get("/urejanje/").status_code == 200


def test_a_new_password_ends_every_session(app, accounts):
    client = app.test_client()
    login(client, "urednik@csd.si")
    stolen = dict(client.get_cookie("session").__dict__)["value"]
    set_password(accounts["editor"], "povsem-novo-geslo-1")
    thief = app.test_client()
    thief.set_cookie("session", stolen)
    assert thief.get("/urejanje/").status_code == 302
    assert client.get("/urejanje/").status_code == 302


def test_the_session_cookie_expires_after_the_configured_lifetime(make_app):
    app = make_app(PERMANENT_SESSION_LIFETIME=3600)
    with app.app_context():
        create_user("u@x.si", "staff", password=PASSWORD)
    response = login(app.test_client(), "u@x.si")
    cookie = next(h for h in response.headers.getlist("Set-Cookie") if h.startswith("session="))
    expires = parsedate_to_datetime(re.search(r"Expires=([^;]+)", cookie).group(1))
    left = expires - datetime.now(timezone.utc)
    assert timedelta(minutes=59) < left <= timedelta(hours=1)


def _attempt(client, email, ip, password="napacno-geslo"):
    return client.post("/prijava", data={"email": email, "password": password},
                       headers={"X-Forwarded-For": ip}).status_code


def test_guessing_one_account_from_many_addresses_is_throttled(make_app):
    app = make_app(RATELIMIT_ENABLED=True, PROXY_COUNT=1, LOGIN_RATE_LIMIT="100 per minute",
                   LOGIN_ACCOUNT_RATE_LIMIT="3 per minute")
    with app.app_context():
        create_user("tarca@x.si", "staff", password=PASSWORD)
    client = app.test_client()
    codes = [_attempt(client, "Tarca@x.si ", f"198.51.100.{i}") for i in range(5)]
    assert codes == [200, 200, 200, 429, 429]
    assert _attempt(client, "drugi@x.si", "198.51.100.1") == 200  # other accounts are not locked


def test_successful_sign_ins_do_not_use_up_the_account_limit(make_app):
    app = make_app(RATELIMIT_ENABLED=True, LOGIN_RATE_LIMIT="100 per minute", LOGIN_ACCOUNT_RATE_LIMIT="2 per minute")
    with app.app_context():
        create_user("vsak-dan@x.si", "staff", password=PASSWORD)
    for _ in range(4):
        client = app.test_client()
        assert _attempt(client, "vsak-dan@x.si", "198.51.100.7", PASSWORD) == 302


def test_account_limit_is_kept_in_redis_for_every_worker_without_the_address(make_app):
    # no RATELIMIT_KEY_PREFIX: Flask-Limiter keeps the first one it is given for the whole process
    email = f"tarca-{uuid.uuid4().hex[:12]}@x.si"
    account = "account:" + hashlib.sha256(email.encode()).hexdigest()[:32]
    settings = dict(RATELIMIT_ENABLED=True, PROXY_COUNT=1, LOGIN_RATE_LIMIT="100 per minute",
                    LOGIN_ACCOUNT_RATE_LIMIT="3 per minute", RATELIMIT_STORAGE_URI="redis://127.0.0.1:6379/11")
    workers = [make_app(**settings).test_client(), make_app(**settings).test_client()]
    codes = [_attempt(workers[i % 2], email, f"203.0.113.{i}") for i in range(5)]
    assert codes == [200, 200, 200, 429, 429]
    store = redis.Redis.from_url("redis://127.0.0.1:6379/11")
    keys = [k.decode() for k in store.keys(f"*{account}*")]
    try:
        assert keys and not store.keys(f"*{email.split('@')[0]}*")  # counted by a hash, not the address
    finally:
        store.delete(*keys)


def test_a_pending_invitation_is_shown_again_only_to_the_staff_member_who_created_it(app, as_role, listings,
                                                                                   accounts):
    creator, colleague = as_role("staff"), as_role("admin")
    creator.post("/urejanje/uporabniki", data={"email": "nova@csd.si", "role": "editor",
                                               "organizations": [listings[0].organization_id]})
    invited = db.session.scalar(db.select(User).where(User.email == "nova@csd.si"))
    again = f"/urejanje/uporabniki/{invited.id}/ponastavitev"
    assert "/povabilo/" in creator.post(again).get_data(as_text=True)
    page = colleague.post(again).get_data(as_text=True)
    assert "/povabilo/" not in page and "Zaradi varnosti je ne prikažemo" in page
