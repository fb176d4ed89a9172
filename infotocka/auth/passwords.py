"""Argon2id password hashing; tests use the cheapest profile (ARGON2_PROFILE=CHEAPEST)."""
import argon2
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from flask import current_app

# A valid hash to verify against when the e-mail is unknown, so timing does not reveal accounts.
_DUMMY: dict[str, str] = {}


def _hasher() -> argon2.PasswordHasher:
    name = current_app.config["ARGON2_PROFILE"] or ("CHEAPEST" if current_app.testing else None)
    if name:
        return argon2.PasswordHasher.from_parameters(getattr(argon2.profiles, name))
    return argon2.PasswordHasher()


def hash_password(password: str) -> str:
    """Return the argon2id hash of a password."""
    return _hasher().hash(password)


def verify_password(stored: str | None, password: str) -> bool:
    """Check a password against a stored hash (or a dummy, to keep timing even)."""
    hasher = _hasher()
    if not stored:
        key = repr(hasher)
        stored_dummy = _DUMMY.setdefault(key, hasher.hash("dummy-password"))
        try:
            hasher.verify(stored_dummy, password)
        except VerificationError:
            pass
        return False
    try:
        return hasher.verify(stored, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored: str) -> bool:
    """Return whether a hash was made with weaker parameters than the current ones."""
    return _hasher().check_needs_rehash(stored)
