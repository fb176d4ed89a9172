"""High contrast on a 360 px phone: links are shown in the mode's link colour, never like body text.

Two modes: the site's own "Visok kontrast" switch (yellow links on black, static/css/helpers.css) and the
system's forced colors (Windows high contrast), where links must keep the system's LinkText."""
import pytest


PAGES = {"results": "/iskanje?q=pomo%C4%8D+na+domu", "service": "/storitev/svc-csd-trbovlje-dsp"}
YELLOW, WHITE = "rgb(255, 255, 0)", "rgb(255, 255, 255)"

# Every link the user can see (and every element inside one, e.g. a card title's text), with its colour and
# underline; the colour of the page's body text; the system colours resolved on a probe no page rule reaches.
READ = """() => {
  const system = (name) => {
    const probe = document.createElement('span');
    probe.style.setProperty('color', name, 'important');
    probe.style.setProperty('forced-color-adjust', 'none', 'important');
    document.documentElement.append(probe);
    const value = getComputedStyle(probe).color;
    probe.remove();
    return value;
  };
  const shown = (el) => { const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0
    && getComputedStyle(el).visibility !== 'hidden'; };
  const links = [...document.querySelectorAll('a, a *')].filter(shown).map((el) => {
    const link = el.closest('a'), style = getComputedStyle(el);
    return {text: (link.textContent || link.getAttribute('aria-label') || '').trim().slice(0, 40),
            color: style.color, underlined: getComputedStyle(link).textDecorationLine.includes('underline')};
  });
  return {links, text: getComputedStyle(document.querySelector('main p')).color,
          linkText: system('LinkText'), canvasText: system('CanvasText')};
}"""


def _switch_on_high_contrast(page) -> None:
    page.goto("/")
    switch = page.get_by_role("button", name="Visok kontrast")
    switch.click()
    assert switch.get_attribute("aria-pressed") == "true"


def _assert_links_in(colour: str, seen: dict, name: str) -> None:
    assert len(seen["links"]) > 10, name  # the page really has its links on screen
    wrong = [link for link in seen["links"] if link["color"] != colour]
    assert not wrong, (name, colour, wrong[:5])
    plain = [link["text"] for link in seen["links"] if not link["underlined"]]
    assert not plain, (name, plain[:5])  # and every link is underlined, not told apart by colour alone
    assert seen["text"] != colour, name


@pytest.mark.parametrize("name", PAGES)
def test_the_sites_high_contrast_shows_links_yellow(phone, artifacts, name):
    _switch_on_high_contrast(phone)
    phone.goto(PAGES[name])
    artifacts.screenshot(phone, f"contrast-high-{name}-360.png")
    seen = phone.evaluate(READ)
    _assert_links_in(YELLOW, seen, name)
    assert seen["text"] == WHITE


@pytest.mark.parametrize("with_switch", [False, True], ids=["forced", "forced-and-switch"])
@pytest.mark.parametrize("name", PAGES)
def test_forced_colors_show_links_in_the_systems_link_colour(phone, artifacts, name, with_switch):
    phone.emulate_media(forced_colors="active")
    if with_switch:  # the site's switch left on must not take the system's colours away
        _switch_on_high_contrast(phone)
    phone.goto(PAGES[name])
    artifacts.screenshot(phone, f"forced-colors-{'switch-' if with_switch else ''}{name}-360.png")
    seen = phone.evaluate(READ)
    assert seen["linkText"] != seen["canvasText"]
    _assert_links_in(seen["linkText"], seen, name)
    assert seen["text"] == seen["canvasText"]
