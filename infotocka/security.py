"""Security headers on every response; secure cookie flags; HSTS over HTTPS; control characters refused."""
import re

from flask import Flask, request
from flask_babel import _
from werkzeug.middleware.proxy_fix import ProxyFix

CSP = (
    "default-src 'self'; img-src 'self' data: https:; style-src 'self'; script-src 'self'; "
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'"
)


def _cookie_flags(app: Flask) -> None:
    """Mark cookies Secure unless debugging or testing (SECURE_COOKIES=false overrides for plain-HTTP setups)."""
    secure = app.config["SECURE_COOKIES"]
    if secure is None:
        secure = not (app.debug or app.testing)
    app.config.update(SESSION_COOKIE_SECURE=bool(secure), REMEMBER_COOKIE_SECURE=bool(secure),
                      SESSION_COOKIE_HTTPONLY=True, REMEMBER_COOKIE_HTTPONLY=True,
                      REMEMBER_COOKIE_SAMESITE="Lax")


def _behind_proxy(app: Flask) -> None:
    """Trust X-Forwarded-For/-Proto from PROXY_COUNT proxies (0: none).

    Behind the TLS proxy the README asks for, every request otherwise comes from 127.0.0.1 over plain
    HTTP: one rate-limit bucket for all residents (five failed sign-ins lock everyone out) and no HSTS."""
    count = int(app.config["PROXY_COUNT"])
    if count > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count)


# C0 controls and DEL. A NUL reaches PostgreSQL as an error (500); the others only ever arrive from tools.
_IN_PATH = re.compile(r"[\x00-\x1f\x7f]")
_IN_VALUE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # a text area may hold tabs and line breaks


def _has_control(pairs) -> bool:
    return any(_IN_VALUE.search(key) or _IN_VALUE.search(value) for key, value in pairs)


def reject_control_characters() -> None:
    """Refuse (400) a request whose path, query or form carries a NUL or another control character."""
    from .errors import BadParameter

    if _IN_PATH.search(request.path) or _has_control(request.args.items(multi=True)) or (
            request.method not in ("GET", "HEAD") and _has_control(request.form.items(multi=True))):
        raise BadParameter(_("Zahteva vsebuje nedovoljene kontrolne znake (na primer ničelni znak). "
                             "Popravite naslov ali vpisano besedilo in poskusite znova."))


def init_app(app: Flask) -> None:
    _cookie_flags(app)
    _behind_proxy(app)
    # an app-wide URL value preprocessor runs before every other hook, blueprints' included (the kiosk's
    # looks its municipality up in the database)
    app.url_value_preprocessor(lambda endpoint, values: reject_control_characters())

    @app.after_request
    def _headers(response):
        headers = response.headers
        headers.setdefault("Content-Security-Policy", CSP)
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
        headers.setdefault("Permissions-Policy", "geolocation=(self), camera=(), microphone=()")
        if request.is_secure:
            headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        return response
