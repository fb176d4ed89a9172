"""Every write of joining: a provider's request, staff approval (organization, account, invitation), rejection."""
from datetime import datetime

from ..auth.operations import AccountError, create_user, find_user, send_link
from ..auth.tokens import INVITE
from ..extensions import db
from ..models import JoinRequest, Organization
from ..audit import record_event
from .onboarding import create_organization


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


def approve_join_request(request: JoinRequest, staff, existing: Organization | None = None) -> tuple[bool, str | None]:
    """Create the organization (for a new one, unless staff chose an `existing` one it duplicates) and the
    editor's account, and send the invitation.

    Return (sent, link): the link is for staff to pass on when no e-mail could be sent; None when an existing
    account only gained the organization."""
    if request.state != "pending":
        raise JoinError("processed")
    org = existing or request.organization or create_organization(request.organization_name, staff, request.email)
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
