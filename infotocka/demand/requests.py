"""Which search requests count as a new search: page 1, seen for the first time, asked by a resident.

Without cookies or addresses, a repeat is recognised from the request alone: a reload (the
browser asks with Cache-Control: max-age=0 or no-cache), a prefetch, a return from page 2 or
from a kiosk detail page (the Referer is the same search), a kiosk slip choice (the redirect
comes back to the page it was made on), or a link from the coverage and editing pages
(planners and staff checking a cell, not residents)."""
from urllib.parse import parse_qs, parse_qsl, urlsplit

from flask import Request
from werkzeug.datastructures import MultiDict

from ..params import BACK, PAGE, renamed

PAGING = frozenset({PAGE, "per_page"})
NOT_RESIDENTS = ("/pokritost", "/urejanje")


def _search_args(query: str) -> dict:
    named = renamed(MultiDict(parse_qsl(query)))  # an old name counts as its new one
    return {k: sorted(named.getlist(k)) for k in named if k not in PAGING}


def _same_search(url: str, request: Request) -> bool:
    parts = urlsplit(url)
    return parts.path == request.path and _search_args(parts.query) == _search_args(request.query_string.decode())


def _from_ourselves(request: Request) -> bool:
    referrer = urlsplit(request.referrer or "")
    if referrer.netloc != request.host:
        return False
    if referrer.path.startswith(NOT_RESIDENTS) or _same_search(request.referrer, request):
        return True
    back = parse_qs(referrer.query).get(BACK, [""])[0]  # the kiosk detail page's way back to its results
    return bool(back) and _same_search(back, request)


def is_new_search(request: Request, page: int) -> bool:
    """Return whether this request is the first look at page 1 of a search."""
    asked = request.args.get(PAGE, "1").strip() or "1"
    if page != 1 or asked != "1" or request.method != "GET":
        return False
    if "prefetch" in request.headers.get("Sec-Purpose", "") + request.headers.get("Purpose", ""):
        return False
    cache = request.headers.get("Cache-Control", "")
    if "max-age=0" in cache or "no-cache" in cache:
        return False
    return not _from_ourselves(request)
