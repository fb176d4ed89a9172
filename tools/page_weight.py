"""Page weight: each public page's HTML plus the same-origin CSS and JS it references, gzip-compressed.

The budget is 100 KB gzip for the results page, map code (Leaflet, marker clusters) included.
Builds a throw-away SQLite database with the sample directory imported, renders the pages with
the Flask test client, fetches every <link rel=stylesheet> and <script src> of this site the same
way (Leaflet from its XStatic blueprint too), and prints raw and gzip sizes per file and page.
Images, fonts and map tiles are not counted: they load separately and are cached.

Usage: python tools/page_weight.py [-v] [--level 1-9] [URL ...]     (default: the pages in PAGES)
"""
import argparse
import gzip
import sys
import tempfile
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BUDGET = 100 * 1024  # bytes, gzip-compressed, HTML + CSS + JS of one page
GZIP_LEVEL = 6  # the usual server setting (Apache, Caddy, CDNs); nginx's default gzip_comp_level 1 adds ~15 %
PAGES = ("/", "/iskanje?q=pomoč", "/storitev/{service}", "/obcina/trbovlje")
SAMPLE = ROOT / "data" / "sample-directory.json"


def gzip_size(body: bytes, level: int | None = None) -> int:
    """Return the size of body gzip-compressed (at GZIP_LEVEL unless given)."""
    return len(gzip.compress(body, compresslevel=level or GZIP_LEVEL, mtime=0))


class _Assets(HTMLParser):
    """Collect the stylesheet and script URLs a page references, in document order."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = {name: value or "" for name, value in attrs}
        if tag == "link" and "stylesheet" in attrs.get("rel", "").lower().split() and attrs.get("href"):
            self.urls.append(attrs["href"])
        elif tag == "script" and attrs.get("src"):
            self.urls.append(attrs["src"])


def asset_urls(html: str, page_url: str) -> list[str]:
    """Return the same-origin CSS/JS paths (with query) a page references, each once."""
    parser = _Assets()
    parser.feed(html)
    found = []
    for url in parser.urls:
        parts = urlsplit(urljoin("http://localhost" + page_url, url))
        if parts.netloc != "localhost":  # another origin: not ours to weigh (there should be none)
            continue
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if path not in found:
            found.append(path)
    return found


@dataclass
class Weight:
    url: str
    raw: int
    gzip: int


@dataclass
class PageWeight:
    url: str
    files: list[Weight] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # referenced assets that did not answer 200
    foreign: list[str] = field(default_factory=list)  # assets from another origin (not weighed)

    @property
    def raw(self) -> int:
        return sum(f.raw for f in self.files)

    @property
    def gzip(self) -> int:
        return sum(f.gzip for f in self.files)


def _body(response) -> bytes:
    response.direct_passthrough = False  # static files are streamed; read them whole
    return response.get_data()


def weigh(client, url: str) -> PageWeight:
    """Render url with a Flask test client and weigh it with every same-origin CSS/JS it references."""
    response = client.get(url)
    if response.status_code != 200:
        raise RuntimeError(f"{url} answered {response.status_code}")
    html = _body(response)
    page = PageWeight(url, [Weight(url, len(html), gzip_size(html))])
    parser = _Assets()
    parser.feed(html.decode("utf-8"))
    page.foreign = [u for u in parser.urls if urlsplit(urljoin("http://localhost/", u)).netloc != "localhost"]
    for asset in asset_urls(html.decode("utf-8"), url):
        answer = client.get(asset)
        if answer.status_code != 200:
            page.missing.append(asset)
            continue
        body = _body(answer)
        page.files.append(Weight(asset, len(body), gzip_size(body)))
        answer.close()
    return page


def sample_service_id(app) -> str:
    """Return the id of a sample service that has a placed location (so its page shows a map)."""
    from infotocka.extensions import db
    from infotocka.models import Location, Service, ServiceAtLocation

    with app.app_context():
        query = (db.select(Service.id).join(ServiceAtLocation).join(Location)
                 .where(Location.latitude.is_not(None)).order_by(Service.id).limit(1))
        return db.session.scalar(query) or db.session.scalar(db.select(Service.id).order_by(Service.id))


def page_urls(app) -> list[str]:
    """Return PAGES with the service placeholder filled in."""
    service = sample_service_id(app)
    return [url.format(service=service) for url in PAGES]


def sample_app(folder: Path):
    """Return an app on a new SQLite database in folder, seeded, with the sample directory imported."""
    from infotocka import create_app
    from infotocka.directory.hsds_import import import_path
    from infotocka.directory.seed import seed_all
    from infotocka.extensions import db

    app = create_app({"SECRET_KEY": "page-weight", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'pw.db'}",
                      "INDEX_DIR": str(folder / "index"), "GEOCODER": "gazetteer", "RATELIMIT_ENABLED": False,
                      "WTF_CSRF_ENABLED": False, "SEMANTIC_SEARCH": False,
                          "INDEX_REBUILD_PROCESS": False, "INDEX_REBUILD_WAIT": 600})  # wait for the index
    with app.app_context():
        db.create_all()
        seed_all()
        import_path(SAMPLE)
    return app


def _kb(size: int) -> str:
    return f"{size / 1024:7.1f} KB"


def report(pages: list[PageWeight], verbose: bool = False) -> str:
    """Return the measurements as a plain-text table."""
    lines = [f"{'page':60} {'files':>5} {'raw':>10} {'gzip':>10}  budget {BUDGET // 1024} KB gzip"]
    for page in pages:
        verdict = "ok" if page.gzip < BUDGET else "OVER"
        lines.append(f"{page.url:60} {len(page.files):5} {_kb(page.raw)} {_kb(page.gzip)}  {verdict}")
        if verbose:
            for f in sorted(page.files, key=lambda f: -f.gzip):
                lines.append(f"  {f.url:58} {'':5} {_kb(f.raw)} {_kb(f.gzip)}")
        for url in page.missing:
            lines.append(f"    MISSING (not 200): {url}")
        for url in page.foreign:
            lines.append(f"    other origin, not weighed: {url}")
    return "\n".join(lines)


def main(argv=None) -> int:
    global GZIP_LEVEL
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("urls", nargs="*", help="pages to weigh, e.g. '/iskanje?q=dom' (default: " + ", ".join(PAGES) + ")")
    parser.add_argument("-v", "--verbose", action="store_true", help="list each file of each page")
    parser.add_argument("--level", type=int, choices=range(1, 10), default=GZIP_LEVEL, metavar="1-9",
                        help="gzip level (default: %(default)s)")
    args = parser.parse_args(argv)
    GZIP_LEVEL = args.level
    with tempfile.TemporaryDirectory() as folder:
        app = sample_app(Path(folder))
        urls = args.urls or page_urls(app)
        client = app.test_client()
        pages = [weigh(client, url) for url in urls]
        print(report(pages, args.verbose))
        from infotocka.extensions import db
        with app.app_context():
            db.engine.dispose()
    return 0 if all(p.gzip < BUDGET and not p.missing for p in pages) else 1


if __name__ == "__main__":
    sys.exit(main())
