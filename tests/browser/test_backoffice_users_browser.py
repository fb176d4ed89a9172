"""Staff invite an editor on the users page with the keyboard: organizations are a labelled group of checkboxes
(no multi-select needing Ctrl-click), and the page fits 320 px."""
import re

import pytest
from playwright.sync_api import expect

from .backoffice import ORG, assert_no_sideways_scroll, ensure_user, mail, sign_in  # noqa: F401 - mail is a fixture
from .test_accessibility_browser import serious

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [320, 1280])
def test_staff_invite_an_editor_ticking_organizations(page, live_server, width, artifacts, mail):
    from infotocka.extensions import db
    from infotocka.models import Organization, User

    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, ensure_user(live_server, f"osebje-uporabniki-{width}@example.org", "staff"))
    page.get_by_role("link", name="Uporabniki").press("Enter")
    assert page.locator("select[multiple]").count() == 0
    group = page.get_by_role("group", name="Organizacije (za urednike)")
    with live_server.app.app_context():
        name = db.session.get(Organization, ORG).name
        db.session.remove()
    email = f"nova-urednica-{width}@example.org"
    page.get_by_label("E-naslov", exact=True).fill(email)
    group.get_by_label(name, exact=True).press("Space")
    expect(group.get_by_label(name, exact=True)).to_be_checked()
    assert_no_sideways_scroll(page, f"users at {width}")
    assert not serious(page)
    artifacts.screenshot(page, f"backoffice-users-invite-{width}.png", full_page=True)
    page.get_by_role("button", name="Povabi", exact=True).press("Enter")
    expect(page.locator(".flash-success")).to_contain_text(f"Povabilo je poslano na {email}")
    assert [m.rcpt_tos for m in mail.messages] == [[email]]
    expect(page.locator("table.listings")).to_contain_text(re.compile(re.escape(email)))
    with live_server.app.app_context():
        user = db.session.scalar(db.select(User).where(User.email == email))
        assert [o.id for o in user.organizations] == [ORG]
        db.session.remove()
