"""An organization joins end to end: the public request, staff approval, the invitation e-mail, the password,
and the new editor's dashboard; keyboard only, the provider at 320 px, every page checked at 320 and 1280 px."""
import re

import pytest
from playwright.sync_api import expect

from .backoffice import ensure_user, fits_both_widths, mail, sign_in  # noqa: F401 - mail is a fixture

pytestmark = pytest.mark.browser


def test_an_organization_joins_end_to_end(browser, page, live_server, base_url, artifacts, mail):
    provider = browser.new_context(base_url=base_url, locale="sl-SI", viewport={"width": 320, "height": 800})
    visitor = provider.new_page()
    visitor.goto("/")
    visitor.get_by_role("link", name="Za izvajalce").press("Enter")
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Za izvajalce")
    fits_both_widths(visitor, "providers page")
    visitor.get_by_label("Ime organizacije").fill("Društvo Marjetica Zagorje")
    visitor.get_by_label("Kaj ponujate (storitve, komu, kje)").fill("Obiski na domu za osamljene starejše.")
    visitor.get_by_label("Vaše ime in priimek").first.fill("Marjeta Zupan")
    visitor.get_by_label("Vaš e-naslov").first.fill("marjeta@marjetica.si")
    visitor.get_by_role("button", name="Pošlji prošnjo za vpis").press("Enter")
    expect(visitor.get_by_role("status")).to_contain_text("Osebje Infotočke")
    artifacts.screenshot(visitor, "backoffice-join-sent-320.png", full_page=True)

    sign_in(page, ensure_user(live_server, "osebje-vpis@example.org", "staff"))
    page.get_by_role("link", name="Prošnje izvajalcev").press("Enter")
    fits_both_widths(page, "join requests", artifacts, "backoffice-join-requests")
    page.get_by_role("button", name="Odobri in povabi: Društvo Marjetica Zagorje").press("Enter")
    expect(page.locator(".flash-success")).to_contain_text("marjeta@marjetica.si")

    message = next(t for m, t in zip(mail.messages, mail.texts()) if "marjeta@marjetica.si" in m.rcpt_tos)
    visitor.goto(re.search(r"(http://\S+/povabilo/\S+)", message).group(1))
    visitor.get_by_label("Novo geslo").fill("marjetica-geslo-2026")
    visitor.get_by_label("Ponovite geslo").fill("marjetica-geslo-2026")
    visitor.get_by_label("Ponovite geslo").press("Enter")
    expect(visitor).to_have_url(re.compile(r"/urejanje"))
    expect(visitor.get_by_role("heading", name="Društvo Marjetica Zagorje")).to_be_visible()
    expect(visitor.get_by_role("link", name="Dodaj storitev")).to_be_visible()
    fits_both_widths(visitor, "the new editor's dashboard")
    provider.close()
