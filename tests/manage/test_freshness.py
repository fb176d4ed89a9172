"""Freshness dashboard, `remind-stale` (dry run and real sending) and `users create`."""
import re
from datetime import date, timedelta

from infotocka.extensions import db
from infotocka.models import Service, User

from .conftest import ORG_A


def _age(service_id: str, days: int | None) -> None:
    service = db.session.get(Service, service_id)
    service.assured_date = None if days is None else date.today() - timedelta(days=days)
    db.session.commit()


def _all_pages(client) -> str:
    first = client.get("/urejanje/svezina").get_data(as_text=True)
    pages = max([1, *map(int, re.findall(r"stran=(\d+)", first))])
    return first + "".join(client.get(f"/urejanje/svezina?stran={n}").get_data(as_text=True)
                           for n in range(2, pages + 1))


def test_freshness_dashboard_groups_stale_listings(as_role, listings):
    fresh, stale = listings
    _age(fresh.id, 30)
    _age(stale.id, 400)
    page = _all_pages(as_role("staff"))  # grouped by organization, ten organizations a page
    assert f"/urejanje/storitev/{stale.id}/uredi" in page and stale.organization.name in page
    assert f"/urejanje/storitev/{fresh.id}/uredi" not in page
    assert "Po občinah" in page


def test_remind_stale_is_a_dry_run_by_default(app, accounts, listings, smtp):
    fresh, _ = listings
    _age(fresh.id, 800)
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp.port)
    result = app.test_cli_runner().invoke(args=["remind-stale"])
    assert result.exit_code == 0, result.output
    assert "would send to urednik@csd.si" in result.output and fresh.name in result.output
    assert "dry run" in result.output
    assert smtp.messages == []


def test_remind_stale_send_mails_each_editor(app, accounts, listings, smtp):
    fresh, _ = listings
    _age(fresh.id, 800)
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp.port, MAIL_FROM="infotocka@example.si")
    result = app.test_cli_runner().invoke(args=["remind-stale", "--send"])
    assert result.exit_code == 0, result.output
    recipients = sorted(r for m in smtp.messages for r in m.rcpt_tos)
    assert "urednik@csd.si" in recipients
    text = smtp.texts()[recipients.index("urednik@csd.si")] if len(recipients) > 1 else smtp.texts()[0]
    assert fresh.name in "\n".join(smtp.texts())
    assert "/urejanje/storitev/" in text


def test_users_create_with_password_from_stdin(app, listings):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["users", "create", "prvi@infotocka.si", "--role", "admin", "--password-stdin"],
                           input="skrivno-geslo-1\n")
    assert result.exit_code == 0, result.output
    user = db.session.scalar(db.select(User).where(User.email == "prvi@infotocka.si"))
    assert user.role == "admin" and user.password_hash.startswith("$argon2id$")


def test_users_create_editor_with_invitation_link(app, listings):
    result = app.test_cli_runner().invoke(args=["users", "create", "ured@x.si", "--role", "editor",
                                                "--organization", ORG_A, "--invite"])
    assert result.exit_code == 0, result.output
    assert "/povabilo/" in result.output
    user = db.session.scalar(db.select(User).where(User.email == "ured@x.si"))
    assert [o.id for o in user.organizations] == [ORG_A] and user.password_hash is None


def test_users_create_refuses_bad_input(app, listings):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["users", "create", "x@x.si", "--role", "editor", "--invite"]).exit_code != 0
    assert runner.invoke(args=["users", "create", "x@x.si", "--role", "editor", "--organization", "ni-je",
                               "--invite"]).exit_code != 0
    assert runner.invoke(args=["users", "create", "x@x.si", "--role", "staff", "--password-stdin"],
                         input="kratko\n").exit_code != 0
