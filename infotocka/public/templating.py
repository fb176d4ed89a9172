"""Template helpers shared by every page: URLs that keep the query, safe links, emergency numbers."""
from urllib.parse import urlencode, urlsplit

from flask import Blueprint, request
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from .. import params
from ..directory.hours import open_now

EMERGENCY_NUMBERS = (  # always visible in the page header
    ("112", _l("Nujna medicinska pomoč, gasilci")),
    ("113", _l("Policija")),
    ("080 11 55", _l("SOS telefon za žrtve nasilja")),
    ("116 123", _l("Samarijan, zaupni telefon")),
    ("116 111", _l("TOM, telefon za otroke")),
)


def tel_uri(number: str) -> str:
    """Return a tel: link for a phone number as written ("080 11 55" → "tel:0801155")."""
    return "tel:" + "".join(c for c in number if c.isdigit() or c == "+")


def _args() -> dict[str, list[str]]:
    return request.args.to_dict(flat=False)


def _url(args: dict[str, list[str]]) -> str:
    query = urlencode({k: v for k, v in args.items() if v}, doseq=True)
    return request.path + ("?" + query if query else "")


def url_with(**changes) -> str:
    """Return the current URL with some parameters replaced (None removes one)."""
    args = _args()
    for name, value in changes.items():
        args[name] = [] if value is None else value if isinstance(value, list) else [str(value)]
    return _url(args)


def url_toggle(name: str, value: str) -> str:
    """Return the current URL with a value added to or removed from a repeated filter (back to page 1)."""
    args = _args()
    values = args.get(name, [])
    args[name] = [v for v in values if v != value] if value in values else [*values, value]
    args.pop(params.PAGE, None)
    return _url(args)


def safe_url(url: str | None) -> str | None:
    """Return the URL when it is http(s), so data can never inject javascript: links."""
    return url if url and urlsplit(url.strip()).scheme in ("http", "https") else None


def sl(text: str) -> Markup:
    """Mark directory data (Slovene) inside a sentence of the page's language: <span lang="sl">."""
    return Markup('<span lang="sl">%s</span>') % text


def init_templating(bp: Blueprint) -> None:
    """Register the helpers app-wide (error pages and other blueprints extend base.html too)."""
    for helper in (url_with, url_toggle, tel_uri, open_now):
        bp.add_app_template_global(helper)
    bp.add_app_template_global(lambda code: url_with(lang=code), "lang_url")
    bp.add_app_template_global(EMERGENCY_NUMBERS, "emergency_numbers")
    bp.add_app_template_global(params.SEARCH, "search_params")
    bp.add_app_template_filter(safe_url)
    bp.add_app_template_filter(sl)
