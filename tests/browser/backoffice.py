"""Helpers for the back-office browser tests: accounts made in the served app, sign-in, page width."""
import re

import pytest
from aiosmtpd.controller import Controller
from playwright.sync_api import expect

from manage.conftest import Inbox, _free_port  # the local SMTP stand-in of the editing-side tests

PASSWORD = "dolgo-in-varno-geslo-42"
ORG = "org-csd-zasavje-trbovlje"


def ensure_user(live_server, email: str, role: str, org_id: str | None = ORG) -> str:
    """Create an account directly in the served app's database (once per session)."""
    from infotocka.auth.passwords import hash_password
    from infotocka.extensions import db
    from infotocka.models import Organization, User

    with live_server.app.app_context():
        if not db.session.scalar(db.select(User).where(User.email == email)):
            user = User(email=email, name=email.split("@")[0].title(), role=role,
                        password_hash=hash_password(PASSWORD))
            if role == "editor":
                user.organizations.append(db.session.get(Organization, org_id))
            db.session.add(user)
            db.session.commit()
        db.session.remove()
    return email


def sign_in(page, email: str) -> None:
    """Sign in with the keyboard only."""
    page.goto("/prijava")
    page.locator("#email").fill(email)
    page.locator("#password").fill(PASSWORD)
    page.locator("#password").press("Enter")
    expect(page).to_have_url(re.compile(r"/urejanje"))
    page.wait_for_load_state("load")  # the dashboard with its style sheets, before anyone measures it


def assert_no_sideways_scroll(page, where: str) -> None:
    page.wait_for_load_state("load")  # a navigation just started has no document to measure yet
    width = page.evaluate("document.documentElement.scrollWidth")
    viewport = page.evaluate("window.innerWidth")
    widest = page.evaluate("""(viewport) => [...document.querySelectorAll('body *')]
        .filter(el => el.getBoundingClientRect().right > viewport + 1)
        .map(el => el.outerHTML.slice(0, 120)).slice(-3)""", viewport)
    assert width <= viewport, f"{where}: page is {width}px wide in a {viewport}px window: {widest}"


def fits_both_widths(page, where: str, artifacts=None, name: str | None = None) -> None:
    """Check the page at 320 and 1280 px (no sideways scrolling, axe clean), then go back to the width it had."""
    from .test_accessibility_browser import serious

    before = page.viewport_size
    for width in (320, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        assert_no_sideways_scroll(page, f"{where} at {width}")
        assert not serious(page), where
        if artifacts is not None and name:
            artifacts.screenshot(page, f"{name}-{width}.png", full_page=True)
    page.set_viewport_size(before)


@pytest.fixture
def mail(live_config):
    """A local SMTP server the served app sends to for the duration of one test."""
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    with live_config(MAIL_SERVER="127.0.0.1", MAIL_PORT=controller.port):
        yield inbox
    controller.stop()
