"""Every write to accounts: create, invite, set password, sign-in bookkeeping."""
from datetime import datetime

from flask_babel import _

from ..extensions import db
from ..mail import send_mail
from ..audit import record_audit, record_event
from ..models import ROLES, Organization, User
from ..urls import external_url
from .passwords import hash_password, needs_rehash
from .tokens import INVITE, make_token


class AccountError(ValueError):
    """A user cannot be created as asked (message is for people)."""


def find_user(email: str) -> User | None:
    """Return the account with this e-mail (case-insensitive)."""
    return db.session.scalar(db.select(User).where(db.func.lower(User.email) == email.strip().lower()))


def create_user(email: str, role: str, organization_ids=(), password: str | None = None,
                name: str | None = None, by: User | None = None) -> User:
    """Create an account (audited as done `by` someone, None from the CLI); without a password it waits for
    its invitation to be accepted."""
    if role not in ROLES:
        raise AccountError(_("Neznana vloga: %(role)s", role=role))
    if find_user(email):
        raise AccountError(_("Uporabnik s tem e-naslovom že obstaja."))
    organizations = [db.session.get(Organization, oid) for oid in organization_ids]
    if any(o is None for o in organizations):
        raise AccountError(_("Organizacija ne obstaja."))
    if role == "editor" and not organizations:
        raise AccountError(_("Urednik mora biti vezan na vsaj eno organizacijo."))
    user = User(email=email.strip().lower(), role=role, name=name or None, organizations=organizations,
                password_hash=hash_password(password) if password else None)
    db.session.add(user)
    db.session.flush()
    record_audit("user", str(user.id), None, {"email": user.email, "role": role,
                                              "organizations": [o.id for o in organizations]}, by, "create")
    db.session.commit()
    return user


def set_password(user: User, password: str, by: User | None = None) -> None:
    """Store a new password, audited; earlier reset and invitation links and every session of the user end."""
    user.password_hash = hash_password(password)
    user.session_version += 1
    record_event("user", user.id, "password", by or user, "password")
    db.session.commit()


def end_sessions(user: User) -> None:
    """Sign the user out everywhere: every session cookie issued so far stops working."""
    db.session.execute(db.update(User).where(User.id == user.id)
                       .values(session_version=User.session_version + 1))
    db.session.commit()


def record_login(user: User, password: str) -> None:
    """Note the sign-in time and upgrade the hash if its parameters are outdated."""
    user.last_login = datetime.now()
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    db.session.commit()


def link_for(kind: str, user: User) -> str:
    """Return the invitation or password-reset link of a user."""
    endpoint = "auth.accept_invitation" if kind == INVITE else "auth.reset_password"
    return external_url(endpoint, token=make_token(kind, user))


def send_link(kind: str, user: User, by: User | None = None, may_show: bool = False) -> tuple[bool, str]:
    """E-mail an invitation or reset link; return (sent, link).

    When it was not sent, the view shows the link to `by` only if `may_show` (a new account's invitation, to
    the staff member who created the account); a reset link never leaves the e-mail. A link handed out by
    staff is audited; the self-service "forgotten password" one is not (anyone can ask for it)."""
    link = link_for(kind, user)
    if kind == INVITE:
        subject = _("Povabilo v urejanje Infotočke")
        body = _("Povabljeni ste k urejanju podatkov v Infotočki. Geslo si nastavite na povezavi:\n\n%(link)s\n\n"
                 "Povezava velja omejen čas.", link=link)
    else:
        subject = _("Ponastavitev gesla za Infotočko")
        body = _("Novo geslo si nastavite na povezavi:\n\n%(link)s\n\nPovezava velja omejen čas. "
                 "Če ponastavitve niste zahtevali, sporočilo prezrite.", link=link)
    sent = send_mail(user.email, subject, body)
    if by is not None:
        record_event("user", user.id, "invite" if kind == INVITE else "reset", by, "link",
                     new="sent" if sent else ("shown" if may_show else "unsent"))
        db.session.commit()
    return sent, link
