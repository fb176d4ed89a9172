"""The kiosk at a touch screen and by keyboard alone: no empty tile, the idle countdown, an inert page behind it."""
import re

from playwright.sync_api import expect

from .keyboard import tab_to

START = "/kiosk/trbovlje"


def test_keyboard_only_every_tile_leads_to_services(page, artifacts):
    page.goto(START)
    tiles = page.locator("a.need-tile")
    count = tiles.count()
    assert count >= 8
    for index in range(count):
        page.goto(START)
        tab_to(page, tiles.nth(index))  # past the skip link, the bar and the tiles before it
        page.keyboard.press("Enter")
        expect(page).to_have_url(re.compile(r"potreba="))
        expect(page.locator(".kiosk-card").first).to_be_visible()
        expect(page.locator(".kiosk-total")).not_to_have_text(re.compile(r"\b0 storitev"))
    page.goto(START + "/iskanje?potreba=pravna-pomoc")
    expect(page.locator(".kiosk-widened")).to_contain_text("V občini Trbovlje te pomoči nimamo vpisane")
    artifacts.screenshot(page, "kiosk-widened.png", full_page=True)


def test_keyboard_only_slip_and_staying_at_the_idle_warning(page, live_config, still_clock):
    page.goto(START)
    tab_to(page, page.locator("a.need-tile").filter(has_text="Starejši"))
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"potreba=starejsi"))
    card = page.locator(".kiosk-card").first
    add = card.get_by_role("button", name=re.compile("Dodaj na listek"))
    tab_to(page, add)
    page.keyboard.press("Enter")
    expect(card.get_by_role("button", name=re.compile("Odstrani z listka"))).to_be_focused()  # the place is kept
    expect(page.locator("[data-kiosk-count]")).to_have_text("1")
    second = page.locator(".kiosk-card").nth(1).get_by_role("button", name=re.compile("Dodaj na listek"))
    tab_to(page, second)
    page.keyboard.press("Space")
    expect(page.locator("[data-kiosk-count]")).to_have_text("2")
    expect(page.locator(".kiosk-card").nth(1).get_by_role("button", name=re.compile("Odstrani z listka"))).to_be_focused()

    with live_config(KIOSK_IDLE_SECONDS=9):  # pages loaded from now on warn after 6 s
        tab_to(page, page.get_by_role("link", name=re.compile("Moj listek")), key="Shift+Tab")
        page.keyboard.press("Enter")
        expect(page.locator(".slip-entry")).to_have_count(2)
        page.wait_for_load_state("domcontentloaded")  # the slip's idle timers are set
        dialog = page.locator("#kiosk-idle")
        still_clock.run_for(5_999)
        expect(dialog).to_be_hidden()
        still_clock.run_for(1)  # 6 s without a key press
        expect(dialog).to_be_visible()
        stay = dialog.get_by_role("button", name="Nadaljujem")
        expect(stay).to_be_focused()  # the warning takes the focus, the page behind is inert
        assert page.evaluate("document.querySelector('main').inert") is True
        page.keyboard.press("Enter")
        expect(dialog).to_be_hidden()
        expect(page).to_have_url(re.compile(r"/kiosk/trbovlje/listek$"))
        expect(page.locator(".slip-entry")).to_have_count(2)  # nothing forgotten
        assert page.evaluate("document.querySelector('main').inert") is False


def test_emergency_numbers_and_csd_unit_on_the_kiosk(page):
    page.goto(START)
    expect(page.locator(".kiosk-emergency")).to_contain_text("112")
    expect(page.locator(".kiosk-emergency")).to_contain_text("113")
    expect(page.locator(".csd-unit")).to_contain_text("enota Trbovlje")


def test_idle_warning_counts_down_and_the_page_behind_is_inert(page, live_config, still_clock, artifacts):
    with live_config(KIOSK_IDLE_SECONDS=9):  # the warning shows for the last 3 s
        page.goto(START + "/iskanje?potreba=denar")
        box = page.get_by_label("Vpišite, kaj iščete")
        box.fill("x")  # not pristine: the warning will come
        dialog = page.locator("#kiosk-idle")
        still_clock.run_for(5_999)
        expect(dialog).to_be_hidden()
        still_clock.run_for(1)  # 6 s untouched
        expect(dialog).to_be_visible()
        seconds = page.locator("[data-kiosk-seconds]")
        expect(seconds).to_have_text("3")
        still_clock.run_for(1_000)
        expect(seconds).to_have_text("2")  # it counts down
        still_clock.run_for(1_000)
        expect(seconds).to_have_text("1")
        assert page.evaluate("document.querySelector('main').inert") is True
        artifacts.screenshot(page, "kiosk-idle.png")
        page.locator("[data-kiosk-stay]").click()
        expect(dialog).to_be_hidden()
        assert page.evaluate("document.querySelector('main').inert") is False
        still_clock.run_for(2_000)  # past the moment the kiosk would have started again: it did not
        expect(box).to_have_value("x")
        expect(dialog).to_be_hidden()


def test_the_slips_url_under_each_qr_code_is_at_least_9_pt(page):
    page.goto("/listek?storitve=svc-sos-telefon,svc-csd-trbovlje-dsp")
    page.emulate_media(media="print")
    size = page.locator(".slip-qr figcaption").first.evaluate("el => parseFloat(getComputedStyle(el).fontSize)")
    assert size >= 12  # CSS px: 9 pt = 12 px


def test_report_form_errors_are_summarised_linked_and_focused(page):
    page.goto("/storitev/svc-csd-trbovlje-dsp/prijavi-napako")
    page.get_by_role("button", name="Pošlji").click()
    summary = page.locator(".error-summary")
    expect(summary).to_have_attribute("role", "alert")
    assert summary.evaluate("el => el === document.activeElement")  # focus moved to the summary
    message = page.locator("#message")
    expect(message).to_have_attribute("aria-invalid", "true")
    described = message.get_attribute("aria-describedby")
    expect(page.locator(f"#{described}")).to_be_visible()
    summary.get_by_role("link").first.click()
    assert page.evaluate("document.activeElement.name") in ("topic", "message")


def test_directory_data_on_english_pages_is_marked_slovene(page):
    page.goto("/iskanje?q=dom+za+starej%C5%A1e&lang=en")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    title = page.locator(".service-card .card-title a").first
    assert title.evaluate("el => el.closest('[lang]').getAttribute('lang')") == "sl"
