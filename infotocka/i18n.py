"""Locale selection (user choice → cookie → browser → sl) and locale-aware template filters."""
from flask import Flask, current_app, g, has_request_context, request
from flask_babel import format_date, format_datetime, format_decimal, get_locale

from .extensions import babel
from .params import UI_LANGUAGE

LANG_COOKIE = "lang"


def select_locale() -> str:
    """Pick the UI language: ?lang=, then the cookie, then the browser, then Slovene."""
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():  # the CLI (import, remind-stale) speaks the default language
        return languages[0]
    for choice in (request.args.get(UI_LANGUAGE), request.cookies.get(LANG_COOKIE)):
        if choice in languages:
            return choice
    return request.accept_languages.best_match(languages) or languages[0]


def _remember_choice(response):
    choice = request.args.get(UI_LANGUAGE)
    if choice in current_app.config["LANGUAGES"] and request.cookies.get(LANG_COOKIE) != choice:
        response.set_cookie(LANG_COOKIE, choice, max_age=365 * 24 * 3600, samesite="Lax",
                            secure=request.is_secure)
    return response


def current_language() -> str:
    return str(get_locale() or "sl")


def init_app(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_locale)
    app.after_request(_remember_choice)
    app.jinja_env.filters.update(
        date=lambda d, fmt="long": format_date(d, fmt) if d else "",
        datetime=lambda d, fmt="medium": format_datetime(d, fmt) if d else "",
        decimal=lambda n, fmt=None: format_decimal(n, fmt),
    )
    app.jinja_env.globals["current_language"] = current_language
    app.jinja_env.add_extension("jinja2.ext.i18n")

    @app.before_request
    def _lang():
        g.lang = current_language()
