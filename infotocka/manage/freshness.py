"""Staff dashboard of listings due for confirming: per-row and bulk "Podatki so še točni", reminders now."""
from math import ceil

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import _, ngettext
from flask_login import current_user

from .. import params
from ..auth.decorators import staff_required
from ..extensions import db
from ..mail import mail_configured
from ..models import Service
from . import bp, queries
from .moderation import ConfirmForm
from .operations import assure_service
from .reminders import send_reminders

ORGANIZATIONS_PER_PAGE = 10


@bp.get("/svezina")
@staff_required
def freshness():
    services = queries.stale_services()
    groups = queries.stale_by_organization(services)
    pages = max(1, ceil(len(groups) / ORGANIZATIONS_PER_PAGE))
    page = min(max(1, request.args.get(params.PAGE, 1, type=int)), pages)
    shown = groups[(page - 1) * ORGANIZATIONS_PER_PAGE:page * ORGANIZATIONS_PER_PAGE]
    return render_template("manage/freshness.html", total=len(services), groups=shown, page=page, pages=pages,
                           by_municipality=queries.stale_by_municipality(services), form=ConfirmForm(),
                           cadence=queries.cadence_days, mail=mail_configured())


@bp.post("/svezina/potrdi")
@staff_required
def assure_selected():
    if not ConfirmForm().validate_on_submit():
        abort(400)
    ids = [request.form["one"]] if request.form.get("one") else request.form.getlist("selected")
    services = db.session.scalars(db.select(Service).where(Service.id.in_(ids))).all()
    for service in services:
        assure_service(service, current_user)
    if services:
        flash(ngettext("%(num)d vnos je potrjen kot točen.", "%(num)d vnosov je potrjenih kot točnih.",
                       len(services)), "success")
    else:
        flash(_("Izberite vsaj en vnos."), "error")
    return redirect(url_for("manage.freshness", stran=request.form.get("stran", 1, type=int)), 303)


@bp.post("/svezina/opomniki")
@staff_required
def remind_now():
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if not mail_configured():
        flash(_("E-pošta ni nastavljena (MAIL_SERVER), zato opomnikov ni mogoče poslati."), "error")
    else:
        sent, skipped = send_reminders(current_user)
        flash(_("Poslanih opomnikov: %(sent)d. Danes že opomnjenih urednikov: %(skipped)d.",
                sent=sent, skipped=skipped), "success")
    return redirect(url_for("manage.freshness"), 303)
