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
from functools import wraps

from flask import Flask, Response, current_app, g, make_response, request, session
from flask_caching import Cache
from flask_login import current_user

from .demand.log import count_request_search
from .directory import hours
from .precomputed import data_version

log = logging.getLogger(__name__)
cache = Cache()
HIT_HEADER = "X-Infotocka-Cache"  # "hit" or "miss": what the load test and staff can see


def init_app(app: Flask) -> None:
    cache.init_app(app, config={
        "CACHE_TYPE": app.config["PAGE_CACHE"],
        "CACHE_THRESHOLD": app.config["PAGE_CACHE_SIZE"],
        "CACHE_DEFAULT_TIMEOUT": app.config["PAGE_CACHE_SECONDS"],
        "CACHE_REDIS_URL": app.config["PAGE_CACHE_URL"],
        "CACHE_KEY_PREFIX": "infotocka-page:",
        "CACHE_NO_NULL_WARNING": True,  # NullCache is how PAGE_CACHE is turned off
        "CACHE_OPTIONS": {"socket_timeout": 0.5, "socket_connect_timeout": 0.5}  # a hung server costs 1 s
        if app.config["PAGE_CACHE"] == "RedisCache" else None,
    })


def _cacheable() -> bool:
    if request.method != "GET" or current_user.is_authenticated:
        return False
    return not (session.get("_flashes") or current_app.config["PAGE_CACHE"] == "NullCache")


def _key() -> str:
    parts = (request.host, request.full_path, g.get("lang", ""), data_version(),
             hours.now().strftime("%Y-%m-%d %H:%M"))
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _failed(what: str) -> None:
    """Log a failing store once per process (Redis down costs only speed, not a log line per request)."""
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
    try:
        return bool(cache.set(key, value))
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
            response = Response(body, 200, headers, mimetype=mimetype)
            response.headers[HIT_HEADER] = "hit"
            return response
        response = make_response(view(*args, **kwargs))
        if (response.status_code == 200 and not response.is_streamed and "Set-Cookie" not in response.headers
                and "_flashes" not in session and not session.modified):
            headers = [(k, v) for k, v in response.headers.items() if k not in ("Content-Type", "Content-Length")]
            if _set(key, (response.get_data(), response.mimetype, headers, g.get("demand"))):
                response.headers[HIT_HEADER] = "miss"
        return response
    return wrapper
