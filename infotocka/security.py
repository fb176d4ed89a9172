"""Security headers on every response; secure cookie flags; HSTS over HTTPS."""
from flask import Flask, request
from werkzeug.middleware.proxy_fix import ProxyFix

CSP = (
    "default-src 'self'; img-src 'self' data: https:; style-src 'self'; script-src 'self'; "
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'"
)


def _cookie_flags(app: Flask) -> None:
    """Mark cookies Secure unless debugging or testing (SECURE_COOKIES=false overrides for plain-HTTP setups)."""
    secure = app.config.get("SECURE_COOKIES")
    if secure is None:
        secure = not (app.debug or app.testing)
    app.config.update(SESSION_COOKIE_SECURE=bool(secure), REMEMBER_COOKIE_SECURE=bool(secure),
                      SESSION_COOKIE_HTTPONLY=True, REMEMBER_COOKIE_HTTPONLY=True,
                      REMEMBER_COOKIE_SAMESITE="Lax")


def _behind_proxy(app: Flask) -> None:
    """Trust X-Forwarded-For/-Proto from PROXY_COUNT proxies (0: none).

    Behind the TLS proxy the README asks for, every request otherwise comes from 127.0.0.1 over plain
    HTTP: one rate-limit bucket for all residents (five failed sign-ins lock everyone out) and no HSTS."""
    count = int(app.config.get("PROXY_COUNT") or 0)
    if count > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count)


def init_app(app: Flask) -> None:
    _cookie_flags(app)
    _behind_proxy(app)

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
