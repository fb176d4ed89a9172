"""Issue 12 on a 360×740 phone by keyboard alone (Tab, Shift+Tab, Enter, Space and typing; no clicks,
no element.focus()): the place the resident named, their CSD unit, collapsed units, the "Odprto zdaj" and
"Brezplačno" filters, and a municipality page grouped by kind of help with each service once."""
import re
from datetime import datetime

import pytest
from playwright.sync_api import expect

from infotocka.directory import hours

from .keyboard import tab_to

pytestmark = pytest.mark.browser

TUESDAY_MORNING = datetime(2026, 12, 1, 10, 0, tzinfo=hours.TZ)  # a working day, not a holiday


@pytest.fixture
def office_hours(monkeypatch):
    """Stop the served app's clock on a working morning, so "Odprto zdaj" has something to find."""
    monkeypatch.setattr(hours, "now", lambda: TUESDAY_MORNING)


def total(page) -> int:
    return int(re.search(r"\d+", page.locator(".results-count").inner_text()).group())


def option_count(option) -> int:
    return int(re.search(r"\((\d+)\)", option.inner_text()).group(1))


def search_from_box(page, words: str) -> None:
    """Tab to the results page's search box (from wherever the focus is), replace its words, press Enter."""
    box = page.locator(".search-form-full input[name=q]")
    tab_to(page, box)
    page.keyboard.press("ControlOrMeta+A")
    page.keyboard.type(words)
    page.keyboard.press("Enter")


def test_results_page_by_keyboard_alone(phone, office_hours, artifacts):
    page = phone
    # from the home page: Tab to the search box, type the question the way a resident says it
    page.goto("/")
    tab_to(page, page.locator(".hero input[name=q]"))
    page.keyboard.type("dom za starejše v Litiji")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/iskanje\?q=dom"))

    # the page says which place it understood, and the resident's CSD unit with its contacts
    notice = page.locator(".place-notice")
    expect(notice).to_contain_text(re.compile(r"Kraj:\s*Litija"))
    csd = page.locator(".csd-unit")
    expect(csd.get_by_role("heading", name="Vaš center za socialno delo")).to_be_visible()
    expect(csd.locator(".csd-unit-name")).to_contain_text("Osrednja Slovenija – vzhod")  # not CSD Zasavje
    expect(csd.locator(".csd-unit-contacts a[href^='tel:']").first).to_be_visible()
    first = page.locator(".results-list .service-card").first
    expect(first).to_contain_text("Litija")  # a home in the place named first

    # change the place by keyboard: Tab to "Drug kraj", type the town's name, Tab to the button, Enter
    tab_to(page, page.get_by_label("Drug kraj"))
    page.keyboard.type("Trbovlje")
    expect(page.get_by_label("Drug kraj")).to_have_value("trbovlje")
    tab_to(page, page.get_by_role("button", name="Spremeni kraj"))
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"doma=trbovlje"))
    expect(notice).to_contain_text(re.compile(r"Kraj:\s*Trbovlje"))
    expect(csd.locator(".csd-unit-name")).to_contain_text("Trbovlje")

    # one card for a CSD service of many units: the resident's unit first, the others behind "tudi v N drugih enotah"
    search_from_box(page, "prva socialna pomoč v Trbovljah")
    expect(notice).to_contain_text(re.compile(r"Kraj:\s*Trbovlje"))
    card = page.locator(".service-card").filter(has=page.locator("details.other-units")).first
    expect(card.locator(".card-provider")).to_contain_text("Trbovlje")
    summary = card.locator("details.other-units summary")
    others = int(re.search(r"tudi v (\d+) drug", summary.inner_text()).group(1))
    assert others >= 2
    units = card.locator("details.other-units li")
    expect(units.first).to_be_hidden()
    tab_to(page, summary)
    page.keyboard.press("Enter")
    expect(units).to_have_count(others)
    for i in range(others):
        expect(units.nth(i)).to_be_visible()
    expect(units.filter(has_text="Litija")).to_have_count(1)
    page.keyboard.press("Space")  # and closes again
    expect(units.first).to_be_hidden()
    page.keyboard.press("Space")
    expect(units.first).to_be_visible()
    # from the place notice to the last unit of the expanded card: place, CSD unit and units in one picture
    top = notice.evaluate("el => el.getBoundingClientRect().top + scrollY")
    bottom = card.evaluate("el => el.getBoundingClientRect().bottom + scrollY")
    artifacts.screenshot(page, "phone-results-place-csd-units.png", full_page=True,
                    clip={"x": 0, "y": top - 8, "width": 360, "height": bottom - top + 16})

    # the filters: "Zožite iskanje s filtri" leads there, then "Odprto zdaj" and "Brezplačno" by keyboard
    search_from_box(page, "pomoč")
    everything = total(page)
    for label in ("Odprto zdaj", "Brezplačno"):
        tab_to(page, page.get_by_role("link", name="Zožite iskanje s filtri"))
        page.keyboard.press("Enter")
        option = page.locator(".facets a.facet-option").filter(has_text=label)
        expected = option_count(option)
        assert 0 < expected < everything, (label, expected, everything)
        tab_to(page, option)
        page.keyboard.press("Enter")
        expect(page.locator(".results-count")).to_contain_text(f"{expected} storit")
        expect(page.locator(".facets a.facet-option[aria-current='true']").filter(has_text=label)).to_be_visible()
        everything = expected
    expect(page).to_have_url(re.compile(r"lastnost=open.*lastnost=free|lastnost=free.*lastnost=open"))
    expect(page.locator(".active-filters li")).to_have_count(2)
    for i in range(min(total(page), 20)):  # what is left is open now
        expect(page.locator(".service-card").nth(i).locator(".badge-open")).to_be_visible()

    # a municipality page: the list of kinds of help leads to a group; each service once, target groups as tags
    page.goto("/obcina/trbovlje")
    link = page.locator("nav.toc").get_by_role("link", name=re.compile(r"^Pomoč na domu"))
    tab_to(page, link)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#skupina-pomoc-na-domu$"))
    heading = page.locator("#naslov-pomoc-na-domu")
    expect(heading).to_be_in_viewport()
    bar = page.locator("section.emergency").bounding_box()
    assert heading.bounding_box()["y"] >= bar["y"] + bar["height"] - 1, "the heading is under the sticky bar"
    group = page.locator("#skupina-pomoc-na-domu")
    expect(group.locator(".service-card").first).to_be_visible()
    expect(group.locator(".service-card .tags").filter(has_text="Starejši").first).to_be_visible()
    ids = page.locator(".service-card").evaluate_all("cards => cards.map(c => c.dataset.serviceId)")
    assert ids and len(ids) == len(set(ids)), "a service repeats on the municipality page"
    tab_to(page, group.locator(".card-title a").first)  # the next Tab stops are the group's services
    expect(group.locator(".card-title a").first).to_be_in_viewport()
