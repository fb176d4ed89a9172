"""Absolute links from the configured site address, never from the request's Host.

A request's Host (or X-Forwarded-Host) is chosen by whoever sends it: a password-reset link built from it
can send the token to someone else's server. Links that leave the page (e-mails, the CLI) always use
BASE_URL (else SERVER_NAME, else the local `make run` address, with a warning at start-up)."""
from urllib.parse import urlsplit

from flask import Flask, current_app, has_request_context, request, url_for

LOCAL_BASE_URL = "http://127.0.0.1:5000"


def configured_base_url(app: Flask | None = None) -> str | None:
    """Return the site address from BASE_URL or SERVER_NAME, or None when neither is set."""
    config = (app or current_app).config
    if config["BASE_URL"]:
        return str(config["BASE_URL"]).rstrip("/")
    if config.get("SERVER_NAME"):
        scheme = config.get("PREFERRED_URL_SCHEME") or "https"
        return f"{scheme}://{config['SERVER_NAME']}{config.get('APPLICATION_ROOT') or ''}".rstrip("/")
    return None


def base_url() -> str:
    """Return the site address links in e-mails start with."""
    return configured_base_url() or LOCAL_BASE_URL


def external_url(endpoint: str, **values) -> str:
    """Return an absolute URL on the configured site address (for e-mails and the CLI)."""
    parts = urlsplit(base_url())
    adapter = current_app.url_map.bind(parts.netloc, script_name=parts.path or "/", url_scheme=parts.scheme)
    return adapter.build(endpoint, values, force_external=True)


def page_url(endpoint: str, **values) -> str:
    """Return an absolute URL shown on a page: the configured address, else the one the page was asked on."""
    if configured_base_url() or not has_request_context():
        return external_url(endpoint, **values)
    return url_for(endpoint, _external=True, **values)


def site_root() -> str:
    """Return the site's root URL with a trailing slash (configured, else the request's)."""
    configured = configured_base_url()
    return configured + "/" if configured else request.url_root


def warn_if_unset(app: Flask) -> None:
    """Log at start-up when a production app has no BASE_URL: e-mailed links would point to the local address."""
    if not (app.debug or app.testing) and configured_base_url(app) is None:
        app.logger.warning("BASE_URL is not set: links in e-mails (password resets, invitations) will point to "
                           "%s. Set INFOTOCKA_BASE_URL to the public address, e.g. https://infotocka.example.si",
                           LOCAL_BASE_URL)
