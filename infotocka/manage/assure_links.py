"""Signed, expiring one-click links "Podatki so še točni" for reminder e-mails (no login needed).

A link names the listing, the editor it was sent to and the listing's assured_date when it was made:
once used (or once anyone confirms the listing), the date changes and the link stops working."""
from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from ..auth.tokens import TokenExpired, _Signer  # one clock for every signed link (tests move it)
from ..extensions import db
from ..models import Service, User

SALT = "infotocka-assure"


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SALT, signer=_Signer)


def _assured(service: Service) -> str:
    return service.assured_date.isoformat() if service.assured_date else ""


def make_assure_token(service: Service, user: User) -> str:
    """Return a signed token confirming this listing on behalf of this editor."""
    return _serializer().dumps({"s": service.id, "u": user.id, "a": _assured(service)})


def load_assure_token(token: str) -> tuple[Service, User] | None:
    """Return (listing, editor) of a valid token; None when forged or used; raise TokenExpired when too old."""
    try:
        data = _serializer().loads(token, max_age=int(current_app.config["ASSURE_LINK_MAX_AGE"]))
    except SignatureExpired as exc:
        raise TokenExpired from exc
    except BadSignature:
        return None
    service, user = db.session.get(Service, data.get("s")), db.session.get(User, data.get("u"))
    if service is None or user is None or not user.active or data.get("a") != _assured(service):
        return None
    if not user.may_edit(service.organization_id):
        return None
    return service, user
