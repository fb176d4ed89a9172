"""Keyboard-only helpers for browser tests: move the focus the way a keyboard user does (Tab, Shift+Tab),
never with element.focus() or a click."""


def focused(locator) -> bool:
    """Tell whether `locator`'s element has the focus."""
    return locator.evaluate("el => el === document.activeElement")


def tab_to(page, locator, key: str = "Tab", limit: int = 250) -> int:
    """Press `key` (Tab or Shift+Tab) until `locator` has the focus; return how many presses it took.

    The element is found once and asked directly after each press (finding it again by its locator each time
    cost more than the press); when the page replaces it, it is found again."""
    target = locator.element_handle()
    for presses in range(1, limit + 1):
        page.keyboard.press(key)
        state = target.evaluate("el => el.isConnected ? el === document.activeElement : null")
        if state is None:
            target = locator.element_handle()
            state = focused(locator)
        if state:
            return presses
    raise AssertionError(f"{limit} × {key} never reached {locator}")
