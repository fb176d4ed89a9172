"""Every write of joining: a provider's request, staff approval (organization, account, invitation), rejection."""
from datetime import datetime

from ..auth.operations import AccountError, create_user, find_user, send_link
from ..auth.tokens import INVITE
from ..directory.changes import record_change
from ..directory.hsds_export import organization_to_hsds
from ..extensions import db
from ..models import JoinRequest, Organization
from ..text import slugify
from .audit import record_audit, record_event


class JoinError(ValueError):
    """The request cannot be approved as it is (message is for people)."""


def submit_join_request(kind: str, contact_name: str, email: str, *, organization_id: str | None = None,
                        organization_name: str | None = None, phone: str | None = None,
                        message: str | None = None) -> JoinRequest:
    """Store a provider's request; nothing else (no account, no listing) exists until staff approve it."""
    request = JoinRequest(kind=kind, organization_id=organization_id, organization_name=organization_name,
                          contact_name=contact_name, email=email.strip().lower(), phone=phone or None,
                          message=message or None)
    db.session.add(request)
    db.session.commit()
    return request


def _new_organization_id(name: str) -> str:
    base = f"org-{slugify(name)[:180] or 'izvajalec'}"
    candidate, n = base, 1
    while db.session.get(Organization, candidate) is not None:
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def _create_organization(request: JoinRequest, staff) -> Organization:
    org = Organization(id=_new_organization_id(request.organization_name), name=request.organization_name,
                       email=request.email, last_modified=datetime.now())
    db.session.add(org)
    db.session.flush()
    record_audit("organization", org.id, None, organization_to_hsds(org), staff, "create")
    record_change("organization", org.id)
    return org


def approve_join_request(request: JoinRequest, staff) -> tuple[bool, str | None]:
    """Create the organization (for a new one) and the editor's account, and send the invitation.

    Return (sent, link): the link is for staff to pass on when no e-mail could be sent; None when an existing
    account only gained the organization."""
    if request.state != "pending":
        raise JoinError("processed")
    org = request.organization or _create_organization(request, staff)
    user = find_user(request.email)
    if user is not None and user.is_staff:
        raise JoinError("staff")
    request.state, request.reviewed_by_id, request.reviewed_at = "approved", staff.id, datetime.now()
    request.organization_id = org.id
    if user is not None:
        if org not in user.organizations:
            user.organizations.append(org)
        record_event("user", user.id, "update", staff, "organizations", None, [o.id for o in user.organizations])
        db.session.commit()
        return False, None
    try:
        user = create_user(request.email, "editor", [org.id], name=request.contact_name, by=staff)
    except AccountError as exc:
        db.session.rollback()
        raise JoinError(str(exc)) from exc
    return send_link(INVITE, user, by=staff)


def reject_join_request(request: JoinRequest, staff) -> None:
    """Turn a request down (the organization and the person stay unlisted)."""
    request.state, request.reviewed_by_id, request.reviewed_at = "rejected", staff.id, datetime.now()
    db.session.commit()
