"""Real-browser fixtures: the app served on 127.0.0.1 by a werkzeug thread, Debian's Chromium,
and a context that lets no request leave the machine.

Reuse from any browser test:
    live_server      the sample directory plus tests/browser/safe_house.json (one listing for victims
                     of violence at a confidential location, with an easy-read summary);
                     .url (no trailing slash), .app (the served Flask app; mutate .app.config
                     to change behaviour between page loads, e.g. with `live_config`)
    base_url         the same URL, so `page.goto("/iskanje")` works
    live_config      context-manager factory: `with live_config(KIOSK_IDLE_SECONDS=2): ...`
    page / context   pytest-playwright's, with outside requests blocked
    artifacts        saves screenshots (and print PDFs) to test-artifacts/ when asked: INFOTOCKA_SCREENSHOTS=1,
                     or `make screenshots`; they are for people to look at, no test reads them
    phone            a page on a 360×740 touch phone (PHONE), outside requests blocked
    still_clock      `page`'s clock, standing still from the start: time passes in the page only when the test
                     moves it with still_clock.run_for(ms), which fires the timers due on the way, as real time would
"""
import contextlib
import os
import re
import shutil
import threading
import time
from pathlib import Path
from types import SimpleNamespace

import pytest
from playwright.sync_api import Locator, expect
from werkzeug.serving import WSGIRequestHandler, make_server

from infotocka import create_app
from infotocka.extensions import db

ROOT = Path(__file__).resolve().parents[2]
SAFE_HOUSE = Path(__file__).with_name("safe_house.json")  # a listing with a confidential location
ARTIFACTS = ROOT / "test-artifacts"
SCREENSHOTS = os.environ.get("INFOTOCKA_SCREENSHOTS", "") not in ("", "0")
CHROMIUM = os.environ.get("INFOTOCKA_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
    "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync",
]
# Anything not served by the test server: navigations get a blank stand-in page, the rest is aborted.
OUTSIDE = re.compile(r"^(?!https?://127\.0\.0\.1[:/])(?!data:|about:|blob:).*")
PHONE = {"width": 360, "height": 740}
STAND_IN = "<!doctype html><html lang='sl'><head><title>Zunanja stran</title></head><body><p>zunaj</p></body></html>"


def pytest_collection_modifyitems(items):
    here = str(Path(__file__).parent)
    for item in items:
        if str(item.path).startswith(here):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # Chromium says en-US by default, and the app follows the browser's language
    return {**browser_context_args, "locale": "sl-SI"}


def _add_safe_house(app) -> None:
    """Import tests/browser/safe_house.json beside the sample directory and rebuild the search index."""
    from infotocka.directory.hsds_import import import_path
    report = import_path(SAFE_HOUSE)
    assert not report.rejected, report
    db.session.commit()
    if "reindex" in app.cli.commands:
        result = app.test_cli_runner().invoke(args=["reindex"])
        assert result.exit_code == 0, result.output


@pytest.fixture(scope="session")
def live_app(tmp_path_factory, sample_template):
    """The served app: a copy of the session's sample database (seeded, the sample imported; tests/conftest.py)
    with the safe house added."""
    path, _, report = sample_template
    assert not report.rejected, report
    tmp = tmp_path_factory.mktemp("live")
    shutil.copy(path, tmp / "live.db")
    app = create_app({
        "TESTING": True,
        "SECRET_KEY": "browser-test-secret",
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp / 'live.db'}",
        "INDEX_DIR": str(tmp / "index"),
        # the served app's own exports and coverage reports, waited for as in the other tests: in the shared
        # instance/cache, two test workers' servers took each other's build lock, and a busy machine built a
        # report in more than the default second (a 503 page instead of the coverage page)
        "CACHE_DIR": str(tmp / "cache"),
        "PRECOMPUTED_WAIT": 120,
        "GEOCODER": "gazetteer",
        "RATELIMIT_ENABLED": False,
        "SEMANTIC_SEARCH": False,
    })
    with app.app_context():
        _add_safe_house(app)
        db.session.remove()
    return app


class QuietHandler(WSGIRequestHandler):
    def log_request(self, *args, **kwargs):  # keep test output readable; errors are still logged
        pass

    def connection_dropped(self, error, environ=None):
        """Close the answer the browser stopped reading (a navigation cancels an icon or a tile): werkzeug's
        development server leaves it open, and the open file would warn in whichever test comes next."""
        body = (environ or {}).get(BODY_KEY)
        if hasattr(body, "close"):
            body.close()


BODY_KEY = "tests.live_server.body"


def keeping_body(app):
    """The WSGI app, noting each answer's body in its environ for QuietHandler.connection_dropped."""
    def wsgi(environ, start_response):
        environ[BODY_KEY] = body = app(environ, start_response)
        return body
    return wsgi


@pytest.fixture(scope="session")
def live_server(live_app):
    server = make_server("127.0.0.1", 0, keeping_body(live_app), threaded=True, request_handler=QuietHandler)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_port}"
    live_app.config["BASE_URL"] = url  # links in e-mails lead back to this server, as in production
    yield SimpleNamespace(url=url, app=live_app)
    server.shutdown()
    thread.join(timeout=5)
    server.server_close()
    with live_app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture(scope="session")
def base_url(live_server):
    return live_server.url


@pytest.fixture
def live_config(live_server):
    """Return a context manager that changes the served app's config and restores it afterwards."""
    @contextlib.contextmanager
    def change(**values):
        config = live_server.app.config
        saved = {key: config.get(key) for key in values}
        config.update(values)
        try:
            yield config
        finally:
            config.update(saved)
    return change


@pytest.fixture
def context(context):
    def outside(route):
        if route.request.is_navigation_request():
            route.fulfill(status=200, content_type="text/html", body=STAND_IN)
        else:
            route.abort()
    context.route(OUTSIDE, outside)
    return context


class Artifacts:
    """Pictures of pages for people to look at, written only when asked (a full-page screenshot costs about as
    much as the page load it shows)."""

    def __init__(self, folder: Path | None):
        self.folder = folder

    def screenshot(self, target, name: str, **options) -> None:
        """Save a screenshot of a page or locator as `name`; without one, still wait for a locator to be
        visible, as taking its picture would."""
        if self.folder is not None:
            target.screenshot(path=self.folder / name, **options)
        elif isinstance(target, Locator):
            expect(target).to_be_visible()

    def save(self, name: str, data: bytes) -> None:
        if self.folder is not None:
            (self.folder / name).write_bytes(data)


@pytest.fixture(scope="session")
def artifacts() -> Artifacts:
    if not SCREENSHOTS:
        return Artifacts(None)
    ARTIFACTS.mkdir(exist_ok=True)
    return Artifacts(ARTIFACTS)


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(viewport=PHONE, base_url=live_server.url, locale="sl-SI", has_touch=True)
    block_outside(context)
    page = context.new_page()
    yield page
    context.close()


class StillClock:
    """Playwright's clock in a page, standing still until the test moves it."""

    def __init__(self, page):
        self.page = page
        # the browser's own requestAnimationFrame, kept before the clock replaces it
        page.context.add_init_script("window.__realFrame = window.requestAnimationFrame.bind(window)")
        now = time.time()
        page.clock.install(time=now - 60)
        page.clock.pause_at(now)  # from a minute back, so the pause is never in the clock's past

    def run_for(self, ms: int) -> None:
        """Let `ms` pass in the page, firing the timers due on the way in order, as real time would.

        A frame is drawn first: events the browser sends at its next frame (the scroll of a field scrolled into
        view) reach the page before the time that passes after them, as they do within 16 ms in real time."""
        self.page.evaluate("() => new Promise(drawn => window.__realFrame(() => drawn()))")
        self.page.clock.run_for(ms)


@pytest.fixture
def still_clock(page) -> StillClock:
    """The clock of `page` (Date.now, setTimeout, setInterval of every document it loads), standing still at the
    current time until the test moves it: a 9-second idle countdown takes no 9 seconds, and what the page shows
    at each moment is exact."""
    return StillClock(page)


def block_outside(context) -> None:
    """Abort every request that would leave the machine.

    Only those are routed: a route for every request would send each one through Python and turn off the
    browser's cache."""
    context.route(OUTSIDE, lambda route: route.abort())
