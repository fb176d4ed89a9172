"""Signed, expiring links for invitations and password resets.

A token carries the user id and a fingerprint of the current password hash, so it stops
working once used (the hash changes). `clock` is the time source, replaceable in tests."""
import hashlib
import time

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, TimestampSigner, URLSafeTimedSerializer

from ..extensions import db
from ..models import User

INVITE = "invite"
RESET = "reset"
_MAX_AGE_KEYS = {INVITE: "INVITATION_MAX_AGE", RESET: "PASSWORD_RESET_MAX_AGE"}


def clock() -> float:
    return time.time()


class _Signer(TimestampSigner):
    def get_timestamp(self) -> int:
        return int(clock())


class TokenExpired(Exception):
    """The link was genuine but is too old."""


def _serializer(kind: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=f"infotocka-{kind}", signer=_Signer)


def _fingerprint(user: User) -> str:
    return hashlib.sha256((user.password_hash or "none").encode()).hexdigest()[:16]


def max_age(kind: str) -> int:
    return int(current_app.config[_MAX_AGE_KEYS[kind]])


def make_token(kind: str, user: User) -> str:
    """Return a signed token for an invitation or a password reset of this user."""
    return _serializer(kind).dumps({"u": user.id, "f": _fingerprint(user)})


def load_token(kind: str, token: str) -> User | None:
    """Return the user a token is for; None when forged or already used; raise TokenExpired when too old."""
    serializer = _serializer(kind)
    try:
        data = serializer.loads(token, max_age=max_age(kind))
    except SignatureExpired as exc:
        raise TokenExpired from exc
    except BadSignature:
        return None
    user = db.session.get(User, data.get("u"))
    if user is None or data.get("f") != _fingerprint(user) or not user.active:
        return None
    return user
