"""Sign in and out, password reset, invitation acceptance."""
import hashlib
from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import _
from flask_login import current_user, login_user, logout_user

from ..extensions import limiter
from . import operations as ops
from .forms import LoginForm, RequestResetForm, SetPasswordForm
from .passwords import verify_password
from .tokens import INVITE, RESET, TokenExpired, load_token

bp = Blueprint("auth", __name__)


@bp.after_request
def _private(response):
    """Sign-in, reset and invitation pages carry a CSRF token and a one-time link: never cache them."""
    response.headers["Cache-Control"] = "no-store"
    return response


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def _account_limit() -> str:
    return current_app.config["LOGIN_ACCOUNT_RATE_LIMIT"]


def _account_key() -> str:
    """Key the per-account limit by the e-mail typed in (hashed: the limiter's store sees no addresses)."""
    email = (request.form.get("email") or "").strip().lower()
    return "account:" + hashlib.sha256(email.encode()).hexdigest()[:32]


def _failed(response) -> bool:
    return response.status_code != 302  # a successful sign-in redirects


# Guessing is throttled per address (LOGIN_RATE_LIMIT, every attempt) and per account (LOGIN_ACCOUNT_RATE_LIMIT,
# failed attempts only), so neither many addresses against one account nor one address against many get far.
_per_ip = limiter.limit(_login_limit, methods=["POST"])
_per_account = limiter.limit(_account_limit, key_func=_account_key, methods=["POST"], deduct_when=_failed)


def _safe_next(target: str | None) -> str:
    """Return `next` when it stays on this site, else the dashboard."""
    target = target or ""
    # Browsers read a backslash as "/" and drop tabs and newlines: "/<backslash>evil.example" leaves the site.
    if any(ch == "\\" or ord(ch) < 0x20 or ord(ch) == 0x7F for ch in target):
        return url_for("manage.dashboard")
    parts = urlsplit(target)
    if target and not parts.scheme and not parts.netloc and target.startswith("/") and not target.startswith("//"):
        return target
    return url_for("manage.dashboard")


@bp.route("/prijava", methods=["GET", "POST"])
@_per_ip
@_per_account
def login():
    if current_user.is_authenticated:
        return redirect(url_for("manage.dashboard"))
    form = LoginForm()
    if form.validate_on_submit():
        user = ops.find_user(form.email.data)
        if verify_password(user.password_hash if user else None, form.password.data) and user.is_active:
            _sign_in(user)
            ops.record_login(user, form.password.data)
            return redirect(_safe_next(request.args.get("next")))
        form.password.errors.append(_("E-naslov ali geslo ni pravilno."))
    return render_template("auth/login.html", form=form)


def _sign_in(user) -> None:
    """Start a session that ends after PERMANENT_SESSION_LIFETIME without a request (and at sign-out)."""
    session.permanent = True
    login_user(user)


@bp.post("/odjava")
def logout():
    if current_user.is_authenticated:
        ops.end_sessions(current_user)  # on every device, not only this browser
    logout_user()
    flash(_("Odjavljeni ste."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/pozabljeno-geslo", methods=["GET", "POST"])
@_per_ip
@limiter.limit(_account_limit, key_func=_account_key, methods=["POST"])  # no mailbox flooded with links
def request_reset():
    form = RequestResetForm()
    if form.validate_on_submit():
        user = ops.find_user(form.email.data)
        if user is not None and user.active:
            ops.send_link(RESET, user)
        # The same answer whether or not the account exists.
        return render_template("auth/reset_requested.html")
    return render_template("auth/request_reset.html", form=form)


def _token_user(kind: str, token: str):
    try:
        user = load_token(kind, token)
    except TokenExpired:
        return None, render_template("auth/link_invalid.html", expired=True), 410
    if user is None:
        return None, render_template("auth/link_invalid.html", expired=False), 404
    return user, None, None


@bp.route("/ponastavi-geslo/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    user, page, status = _token_user(RESET, token)
    if user is None:
        return page, status
    form = SetPasswordForm()
    if form.validate_on_submit():
        ops.set_password(user, form.password.data)
        flash(_("Geslo je spremenjeno. Prijavite se z novim geslom."), "success")
        return redirect(url_for("auth.login"))
    return render_template("auth/set_password.html", form=form, user=user, invitation=False)


@bp.route("/povabilo/<token>", methods=["GET", "POST"])
def accept_invitation(token: str):
    user, page, status = _token_user(INVITE, token)
    if user is None:
        return page, status
    form = SetPasswordForm(name=user.name)
    if form.validate_on_submit():
        user.name = form.name.data or user.name
        ops.set_password(user, form.password.data)
        _sign_in(user)
        flash(_("Dobrodošli! Geslo je nastavljeno."), "success")
        return redirect(url_for("manage.dashboard"))
    return render_template("auth/set_password.html", form=form, user=user, invitation=True)
