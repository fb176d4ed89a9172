"""Page weight budget: the results page is under 100 KB gzip, map code included (and so are the others).

The measuring code is tools/page_weight.py (also run by hand: python tools/page_weight.py -v)."""
import importlib.util
from pathlib import Path

import pytest

TOOL = Path(__file__).resolve().parent.parent / "tools" / "page_weight.py"
_spec = importlib.util.spec_from_file_location("page_weight", TOOL)
page_weight = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(page_weight)

BUDGET = 100 * 1024


def test_budget_is_the_issues_100_kb():
    assert page_weight.BUDGET == BUDGET


def test_asset_urls_keep_same_origin_stylesheets_and_scripts():
    html = """<link rel="stylesheet" href="/static/css/site.css">
    <link rel="preload" href="/static/font.woff2"><link rel="icon" href="/favicon.ico">
    <link rel="stylesheet" href="/static/css/print.css" media="print">
    <script src="/static/js/a11y.js"></script><script>inline()</script>
    <script defer src="https://cdn.example.org/x.js"></script><script src="js/rel.js?v=2"></script>
    <link rel="stylesheet" href="/static/css/site.css">"""
    assert page_weight.asset_urls(html, "/iskanje?q=x") == [
        "/static/css/site.css", "/static/css/print.css", "/static/js/a11y.js", "/js/rel.js?v=2"]


@pytest.fixture
def measured(app, client, sample):
    urls = page_weight.page_urls(app)
    return {url: page_weight.weigh(client, url) for url in urls}


def test_pages_with_their_css_and_js_are_under_100_kb_gzip(measured):
    table = page_weight.report(list(measured.values()), verbose=True)
    for page in measured.values():
        assert not page.missing, f"{page.url} references assets that do not answer 200:\n{table}"
        assert not page.foreign, f"{page.url} loads code from another origin:\n{table}"
        assert page.gzip < BUDGET, f"{page.url} weighs {page.gzip} bytes gzip:\n{table}"


def test_results_page_weight_includes_the_map_code(measured):
    results = measured["/iskanje?q=pomoč"]
    files = [f.url for f in results.files]
    assert any(url.endswith("/leaflet.js") for url in files), files  # minified, not leaflet-src.js
    assert "/static/js/map.js" in files
    assert any(url.endswith(".css") for url in files)
    html = results.files[0]
    assert html.url == "/iskanje?q=pomoč" and html.raw > 10_000  # the results were rendered, not an empty page
    assert results.gzip < BUDGET


def test_every_page_was_weighed(measured):
    assert len(measured) == 4
    for page in measured.values():
        assert page.files[0].url == page.url
        assert any(f.url == "/static/css/site.css" for f in page.files)
