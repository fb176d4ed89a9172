"""Accounts: sign-in, roles, invitations and password resets."""
from flask import Flask, render_template
from flask_babel import lazy_gettext as _l

from ..extensions import db, limiter, login_manager
from ..models import User


@login_manager.user_loader
def _load_user(session_id: str) -> User | None:
    """Return the signed-in user unless the session predates their last sign-out or password change."""
    user_id, _dot, version = session_id.partition(".")
    if not (user_id.isdigit() and version.isdigit()) or len(user_id) > 9:
        return None
    user = db.session.get(User, int(user_id))
    return user if user is not None and user.session_version == int(version) else None


def _too_many(error):
    return render_template("auth/too_many.html", error=error), 429


def init_app(app: Flask) -> None:
    """Bind Flask-Login and Flask-Limiter and show a friendly page on HTTP 429."""
    app.config.setdefault("RATELIMIT_STORAGE_URI", "memory://")
    app.config.setdefault("RATELIMIT_HEADERS_ENABLED", True)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Za ogled te strani se prijavite.")
    login_manager.login_message_category = "info"
    login_manager.init_app(app)
    limiter.init_app(app)
    app.register_error_handler(429, _too_many)
    if str(app.config["RATELIMIT_STORAGE_URI"]).startswith("memory") and not (app.debug or app.testing):
        app.logger.warning("RATELIMIT_STORAGE_URI is memory://: each worker counts sign-in attempts on its own "
                           "(two workers allow twice the limit). Set it to redis://… in production.")
