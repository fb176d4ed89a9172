"""Reminders to confirm stale listings: who gets which, the e-mail with one-click links, once a day."""
from collections import defaultdict
from datetime import date, datetime, time

from flask_babel import gettext as _

from ..urls import external_url
from ..extensions import db
from ..models import AuditEntry, User
from .assure_links import make_assure_token
from ..audit import record_event
from .notify import send_quietly
from .queries import stale_services


def due_reminders() -> dict[User, list]:
    """Return each active editor's stale listings."""
    stale = defaultdict(list)
    for service in stale_services():
        stale[service.organization_id].append(service)
    editors = db.session.scalars(db.select(User).where(User.role == "editor", User.active.is_(True))
                                 .order_by(User.email))
    result = {}
    for user in editors:
        services = [s for org in user.organizations for s in stale.get(org.id, [])]
        if services:
            result[user] = services
    return result


def reminder_subject() -> str:
    return _("Infotočka: prosimo, preverite svoje vnose")


def reminder_body(user: User, services) -> str:
    """Return the reminder text: per listing a one-click "still correct" link and an edit link."""
    listings = "\n\n".join(
        _("- %(name)s\n  Podatki so še točni: %(assure)s\n  Uredi: %(edit)s", name=s.name,
          assure=external_url("manage.assure_link", token=make_assure_token(s, user)),
          edit=external_url("manage.edit_service", service_id=s.id))
        for s in services)
    return _("Pozdravljeni,\n\nnaslednjih vnosov v Infotočki že dolgo ni nihče preveril. Če so podatki še točni, "
             "kliknite »Podatki so še točni« (prijava ni potrebna); sicer jih popravite:\n\n%(listings)s\n\n"
             "Vsi vaši vnosi: %(dashboard)s\n\nHvala!",
             listings=listings, dashboard=external_url("manage.dashboard"))


def reminded_today(user: User) -> bool:
    """Return whether this editor was already sent a reminder today."""
    start = datetime.combine(date.today(), time.min)
    return db.session.scalar(db.select(db.func.count()).select_from(AuditEntry).where(
        AuditEntry.entity == "user", AuditEntry.entity_id == str(user.id), AuditEntry.action == "remind",
        AuditEntry.at >= start)) > 0


def send_reminders(by: User | None = None) -> tuple[int, int]:
    """E-mail every editor with stale listings who was not reminded today; return (sent, skipped)."""
    sent = skipped = 0
    for user, services in due_reminders().items():
        if reminded_today(user):
            skipped += 1
            continue
        if send_quietly(user.email, reminder_subject(), reminder_body(user, services)):
            entry = record_event("user", user.id, "remind", by, "reminder", None, [s.id for s in services])
            entry.at = datetime.now()
            db.session.commit()
            sent += 1
    return sent, skipped
