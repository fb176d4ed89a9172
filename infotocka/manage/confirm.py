"""The one-click link of a reminder e-mail: a confirm page (GET) and the confirmation (POST, CSRF), no login."""
from flask import render_template

from ..auth.tokens import TokenExpired
from ..extensions import limiter
from . import bp
from .assure_links import load_assure_token
from .moderation import ConfirmForm
from .operations import assure_service


def _page(state: str, status: int = 200, **context):
    return render_template("manage/assure_link.html", state=state, **context), status


@bp.route("/potrdi/<token>", methods=["GET", "POST"])
@limiter.limit("30 per hour", methods=["POST"])
def assure_link(token: str):
    try:
        found = load_assure_token(token)
    except TokenExpired:
        return _page("expired", 410)
    if found is None:
        return _page("invalid", 404)
    service, user = found
    form = ConfirmForm()
    if form.validate_on_submit():
        assure_service(service, user)
        return _page("done", service=service)
    return _page("confirm", service=service, form=form, status=400 if form.is_submitted() else 200)
