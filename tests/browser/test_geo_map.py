"""Maps in a real browser with no network: markers, boundaries, card ↔ marker, near-me button."""
import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def tile_requests(page) -> list[str]:
    seen = []
    page.on("request", lambda r: seen.append(r.url) if "tile.openstreetmap.org" in r.url else None)
    return seen


def test_results_map_shows_markers_without_tiles(page, live_server, artifacts):
    tiles = tile_requests(page)
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto("/iskanje?kraj=Trbovlje&polmer=20")
    the_map = page.locator("[data-map]")
    expect(the_map).to_have_attribute("data-map-ready", "true")
    assert int(the_map.get_attribute("data-marker-count")) > 3
    # Clusters or single markers: something is drawn although every tile request failed.
    expect(page.locator(".leaflet-marker-icon").first).to_be_visible()
    assert tiles, "tiles were requested (and blocked)"
    expect(the_map).to_have_class(re.compile("map-tiles-offline"))
    expect(page.locator(".leaflet-control-attribution")).to_contain_text("OpenStreetMap")
    assert errors == []
    artifacts.screenshot(page, "geo-results-map-offline.png")
    artifacts.screenshot(the_map, "geo-results-map-only.png")


def test_card_link_opens_the_marker_and_marker_focuses_the_card(page, live_server):
    page.goto("/iskanje?kraj=Kranj&polmer=5")
    expect(page.locator("[data-map]")).to_have_attribute("data-map-ready", "true")
    card = page.locator("[data-service-id]").first
    service_id = card.get_attribute("data-service-id")
    link = card.locator("[data-map-show]")
    expect(link).to_be_visible()
    link.click()
    popup = page.locator(".leaflet-popup-content")
    expect(popup).to_be_visible()
    page.keyboard.press("Escape")
    marker = page.locator(".leaflet-marker-icon:not(.marker-cluster)").first
    marker.click()
    selected = page.locator(".is-map-selected")
    expect(selected).to_have_count(1)
    assert selected.get_attribute("data-service-id")
    assert service_id


def test_service_and_municipality_maps(page, live_server, artifacts):
    page.goto("/storitev/svc-csd-trbovlje-dsp")
    the_map = page.locator("[data-map]")
    expect(the_map).to_have_attribute("data-map-ready", "true")
    expect(page.locator(".leaflet-marker-icon")).to_have_count(1)
    page.goto("/obcina/trbovlje")
    the_map = page.locator("[data-map]")
    expect(the_map).to_have_attribute("data-boundary", "shown")
    expect(page.locator(".leaflet-overlay-pane path").first).to_be_attached()
    artifacts.screenshot(the_map, "geo-municipality-map.png")


def test_map_is_keyboard_reachable(page, live_server):
    page.goto("/storitev/svc-csd-trbovlje-dsp")
    expect(page.locator("[data-map]")).to_have_attribute("data-map-ready", "true")
    marker = page.locator(".leaflet-marker-icon").first
    marker.focus()
    page.keyboard.press("Enter")
    expect(page.locator(".leaflet-popup-content")).to_be_visible()


def test_near_me_button_uses_the_position_only_on_click(page, live_server, context):
    context.grant_permissions(["geolocation"])
    context.set_geolocation({"latitude": 46.2389, "longitude": 14.3556})
    page.goto("/iskanje")
    assert "sirina=" not in page.url
    page.get_by_text("Občina in bližina").click()  # folded under the search box (phone first)
    button = page.get_by_role("button", name="Uporabi mojo lokacijo")
    expect(button).to_be_visible()
    button.click()
    expect(page).to_have_url(re.compile(r"sirina=46\.2389"))
    expect(page.locator(".nearme-origin")).to_contain_text("vaše lokacije")
    first = page.locator("[data-service-id]").first
    assert first.get_attribute("data-service-id").startswith("svc-csd-kranj")
