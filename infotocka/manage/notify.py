"""E-mails that tell people what happened: a decision on an editor's change, a problem report on a listing.

Sent after the write is committed; a mail server that fails is logged and never undoes the write.
Absolute links come from urls.external_url (BASE_URL, never the request's Host)."""
import smtplib

from flask import current_app
from flask_babel import gettext as _

from ..urls import external_url
from ..extensions import db
from ..mail import send_mail
from ..models import Organization, ProblemReport, Revision, User
from .forms import REPORT_TOPIC_CHOICES


def send_quietly(to: str, subject: str, body: str) -> bool:
    """Send an e-mail; a failing mail server is logged, not raised (the write it reports stays done)."""
    try:
        return send_mail(to, subject, body)
    except (OSError, smtplib.SMTPException) as exc:
        current_app.logger.warning("e-mail to %s not sent: %s", to, exc)
        return False


def _listing_link(revision: Revision) -> str:
    if revision.entity == "organization":
        return external_url("public.organization", organization_id=revision.entity_id)
    return external_url("public.service", service_id=revision.entity_id)


def notify_decision(revision: Revision) -> bool:
    """Tell the author of a revision that staff approved (with a link) or rejected it (with the message)."""
    author = revision.author
    if author is None or not author.active:
        return False
    if revision.state == "approved":
        subject = _("Infotočka: vaše spremembe so objavljene")
        body = _("Pozdravljeni,\n\nosebje Infotočke je odobrilo vaše spremembe vnosa »%(name)s«. Objavljeni vnos: "
                 "%(link)s\n\nHvala!", name=revision.title, link=_listing_link(revision))
    else:
        subject = _("Infotočka: vaše spremembe niso bile odobrene")
        body = _("Pozdravljeni,\n\nosebje Infotočke vaših sprememb vnosa »%(name)s« ni odobrilo. Sporočilo "
                 "osebja:\n\n%(comment)s\n\nPredlog si lahko ogledate in vnos popravite tukaj: %(link)s",
                 name=revision.title, comment=revision.comment or "",
                 link=external_url("manage.revision", revision_id=revision.id))
    return send_quietly(author.email, subject, body)


def organization_editors(organization_id: str) -> list[User]:
    """Return the active editors of an organization."""
    query = (db.select(User).where(User.role == "editor", User.active.is_(True),
                                   User.organizations.any(Organization.id == organization_id)).order_by(User.email))
    return list(db.session.scalars(query))


def notify_report(report: ProblemReport) -> int:
    """E-mail the listing's editors that a resident reported a problem; return how many were sent.

    The resident's contact stays with staff: the e-mail carries only the topic and the message."""
    service = report.service
    subject = _("Infotočka: prijavljena napaka v vnosu »%(name)s«", name=service.name)
    body = _("Pozdravljeni,\n\nobiskovalec Infotočke je prijavil napako v vnosu »%(name)s«.\n\nKaj je narobe: "
             "%(topic)s\n%(message)s\n\nVnos popravite tukaj: %(link)s\n\nHvala!", name=service.name,
             topic=dict(REPORT_TOPIC_CHOICES).get(report.topic, report.topic), message=report.message,
             link=external_url("manage.edit_service", service_id=service.id))
    return sum(send_quietly(editor.email, subject, body) for editor in organization_editors(service.organization_id))
