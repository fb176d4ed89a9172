"""Every public form, used with the keyboard alone: a wrong or empty submission brings the form back
with an error summary (role="alert") that has the focus and links to each field; the fields with an
error carry aria-invalid and aria-describedby pointing at their visible message."""
import re

import pytest
from playwright.sync_api import expect


def tab_to(page, selector: str, limit: int = 120) -> None:
    """Press Tab until the element matching `selector` has the focus (fail if it never gets it)."""
    for _ in range(limit):
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
            return
        page.keyboard.press("Tab")
    pytest.fail(f"Tab never reached {selector}")


def assert_summary_leads_to(page, summary_selector: str, field_id: str) -> None:
    """The summary has the focus and role=alert; its link to the field moves the focus there by keyboard;
    the field is marked invalid and described by its visible message."""
    summary = page.locator(summary_selector)
    expect(summary).to_have_attribute("role", "alert")
    expect(summary).to_be_focused()
    link = summary.locator(f"a[href='#{field_id}']")
    expect(link).to_be_visible()
    tab_to(page, f"{summary_selector} a[href='#{field_id}']", limit=10)
    page.keyboard.press("Enter")
    field = page.locator(f"#{field_id}")
    expect(field).to_be_focused()
    expect(field).to_have_attribute("aria-invalid", "true")
    message = page.locator("#" + field.get_attribute("aria-describedby").split()[0])
    expect(message).to_be_visible()
    assert message.inner_text().strip()


@pytest.mark.parametrize("url, field_id", [("/prijava", "email"), ("/pozabljeno-geslo", "email"),
                                           ("/storitev/svc-csd-trbovlje-dsp/prijavi-napako", "message")])
def test_an_empty_form_sent(page, url, field_id):
    page.goto(url)
    tab_to(page, "main form button[type=submit]")
    page.keyboard.press("Enter")
    expect(page.locator("#napake")).to_contain_text("Obrazca ni bilo mogoče poslati")
    assert_summary_leads_to(page, "#napake", field_id)


def test_sign_in_with_a_wrong_password(page):
    page.goto("/prijava")
    tab_to(page, "#email")
    page.keyboard.type("nihce@example.org")
    page.keyboard.press("Tab")
    page.keyboard.type("napacno-geslo-123")
    page.keyboard.press("Enter")
    expect(page.locator("#napake")).to_contain_text("E-naslov ali geslo ni pravilno")
    assert_summary_leads_to(page, "#napake", "password")


def test_joining_errors(page):
    page.goto("/za-izvajalce")
    tab_to(page, "#nova-organization_name")
    page.keyboard.type("Društvo za test")
    tab_to(page, "form[action$='pridruzitev'] button[type=submit]")
    page.keyboard.press("Enter")
    summary = page.locator("#napake-vpis")
    expect(summary).to_be_visible()
    assert page.locator("#napake-dostop").count() == 0  # only the form sent
    first = summary.locator("a").first.get_attribute("href").lstrip("#")
    assert_summary_leads_to(page, "#napake-vpis", first)
    expect(page.locator("#nova-organization_name")).to_have_value("Društvo za test")  # nothing typed is lost


def test_search_with_an_unknown_place(page):
    page.goto("/iskanje?q=hrana")
    tab_to(page, ".search-more summary")
    page.keyboard.press("Enter")  # open "Občina in bližina"
    tab_to(page, "#kraj")
    page.keyboard.type("Atlantida")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"kraj=Atlantida"))
    expect(page.locator(".error-summary")).to_contain_text("Kraja »Atlantida« ne poznamo")
    assert_summary_leads_to(page, ".error-summary", "kraj")
