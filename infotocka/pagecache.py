"""Anonymous answers kept per data version: a search or a service page asked again is sent as built.

Residents ask the same things ("pomoč na domu", a CSD's page) over and over, and an answer
changes only when the directory does or the clock turns ("Odprto zdaj"). So a cached view's
body is kept under its address (host, path and arguments), the language, the data version (the
latest logged change, precomputed.data_version) and the minute. A change to the directory makes
every older entry unreachable at once; they age out of the store.

Only GET requests of residents are cached: no one signed in, no flashed message waiting, and
only 200 answers that are not streamed and set no cookie. Everything else about the response
(security headers, the language cookie) is added per request as usual. A cached search still
counts in the demand log exactly as a fresh one: the view leaves what it counted on `g.demand`,
which is kept with the body and counted again on every hit (demand.log.count_request_search).

The store is Flask-Caching's, chosen by PAGE_CACHE: `SimpleCache` (default; in memory, per
process, at most PAGE_CACHE_SIZE answers), `RedisCache` (shared by workers and hosts; the
server at PAGE_CACHE_URL) or `NullCache` (off). A store that fails costs only speed.
"""
import hashlib
import logging
import time
from functools import wraps

from flask import Flask, Response, current_app, g, make_response, request, session
from flask_caching import Cache
from flask_login import current_user

from . import params
from .demand.log import count_request_search
from .directory import hours
from .precomputed import data_version

log = logging.getLogger(__name__)
cache = Cache()
HIT_HEADER = "X-Infotocka-Cache"  # "hit" or "miss", sent only with PAGE_CACHE_HEADER (the load test, tests)
MAX_BODY = 256 * 1024  # a bigger answer (an API page of 100 full services) is not kept: memory stays bounded
PAUSE_AFTER_FAILURE = 30  # seconds the store is left alone after it failed (a hung Redis costs 1 s a request)
# what a resident typed or where they are: kept only in this process's memory, never in a shared store
PRIVATE_ARGS = (params.TEXT, params.PLACE, params.LAT, params.LON, "search", "lat", "lon")
DOWN_UNTIL = "pagecache-down-until"  # app.extensions: monotonic time before which the store is left alone


def init_app(app: Flask) -> None:
    cache.init_app(app, config={
        "CACHE_TYPE": app.config["PAGE_CACHE"],
        "CACHE_THRESHOLD": app.config["PAGE_CACHE_SIZE"],
        "CACHE_REDIS_URL": app.config["PAGE_CACHE_URL"],
        "CACHE_KEY_PREFIX": "infotocka-page:",
        "CACHE_NO_NULL_WARNING": True,  # NullCache is how PAGE_CACHE is turned off
        "CACHE_OPTIONS": {"socket_timeout": 0.5, "socket_connect_timeout": 0.5}  # a hung server costs 1 s
        if app.config["PAGE_CACHE"] == "RedisCache" else None,
    })


def _cacheable() -> bool:
    if request.method != "GET" or current_user.is_authenticated \
            or time.monotonic() < current_app.extensions.get(DOWN_UNTIL, 0.0):
        return False
    kind = current_app.config["PAGE_CACHE"]
    if kind != "SimpleCache" and any(request.args.get(arg) for arg in PRIVATE_ARGS):
        return False
    return not (session.get("_flashes") or kind == "NullCache")


def _key() -> str:
    parts = (request.host, request.full_path, g.get("lang", ""), data_version(),
             hours.now().strftime("%Y-%m-%d %H:%M"))
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _failed(what: str) -> None:
    """Leave a failing store alone for a while; log it once per process, not once per request."""
    current_app.extensions[DOWN_UNTIL] = time.monotonic() + PAUSE_AFTER_FAILURE
    if not getattr(_failed, "logged", False):
        _failed.logged = True
        log.warning("page cache: could not %s; pages are built afresh until it works", what, exc_info=True)


def _get(key: str):
    try:
        return cache.get(key)
    except Exception:
        _failed("read")
        return None


def _set(key: str, value) -> bool:
    try:  # the minute is part of the key: an entry is useless after it
        return bool(cache.set(key, value, timeout=61 - hours.now().second))
    except Exception:
        _failed("store")
        return False


def cached(view):
    """Serve a resident's repeat of this view from the page cache (see the module's docstring)."""
    @wraps(view)
    def wrapper(*args, **kwargs):
        if not _cacheable():
            return view(*args, **kwargs)
        key = _key()
        hit = _get(key)
        if hit is not None:
            body, mimetype, headers, demand = hit
            if demand is not None:
                count_request_search(*demand)
            return _marked(Response(body, 200, headers, mimetype=mimetype), "hit")
        response = make_response(view(*args, **kwargs))
        if (response.status_code == 200 and not response.is_streamed and "Set-Cookie" not in response.headers
                and "_flashes" not in session and not session.modified and len(body := response.get_data()) <= MAX_BODY):
            headers = [(k, v) for k, v in response.headers.items() if k not in ("Content-Type", "Content-Length")]
            if _set(key, (body, response.mimetype, headers, g.get("demand"))):
                _marked(response, "miss")
        return response
    return wrapper


def _marked(response: Response, how: str) -> Response:
    if current_app.config["PAGE_CACHE_HEADER"]:  # off by default: it would tell who asked what a minute ago
        response.headers[HIT_HEADER] = how
    return response
