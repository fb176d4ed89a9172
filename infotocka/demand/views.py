"""Demand pages: the staff tally at the info point, the printable report and the CSV download."""
from datetime import date

from flask import Response, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from .. import params
from ..auth.decorators import staff_required
from ..coverage.area import home_municipality, regions, resolve_area
from ..coverage.matrix import scoped_services
from ..directory import queries
from ..models import KINDS_OF_HELP, TARGET_GROUPS
from ..models.demand import UnmatchedSearch
from ..extensions import db
from ..kiosk.needs import NEEDS
from ..manage.fields import as_choices
from . import bp
from .download import report_to_csv
from .forms import ANSWERS, TallyForm
from .log import enabled, record_enquiry
from .period import parse_period, recent_periods
from .report import demand_report, regional_reports, summary

COMMON = tuple(dict.fromkeys(code for need in NEEDS for code in need.target_group + need.kind))


def requested_report():
    """Return the demand report of ?regija= and ?obdobje= (BadParameter when either is unknown)."""
    area, period = request.args.get(params.REGION), request.args.get(params.PERIOD)
    return demand_report(resolve_area(area), parse_period(period))


@bp.get("/pokritost/povprasevanje.csv")
def demand_csv():
    report = requested_report()
    response = Response("\ufeff" + report_to_csv(report), mimetype="text/csv")
    filename = f"povprasevanje-{report.area.slug}-{report.period.key}.csv"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@bp.get("/pokritost/povprasevanje/porocilo")
def demand_print():
    area = resolve_area(request.args.get(params.REGION))
    scoped = scoped_services(area)
    report = demand_report(area, parse_period(request.args.get(params.PERIOD)), scoped)
    summaries = [(part.area.name, summary(part, g.lang)) for part in regional_reports(report, scoped) or [report]]
    return render_template("demand/report.html", demand=report, summaries=summaries, regions=regions(),
                           periods=recent_periods(report.period), today=date.today())


def _tally_form() -> TallyForm:
    form = TallyForm()
    terms = queries.terms(TARGET_GROUPS) + queries.terms(KINDS_OF_HELP)
    form.needs.choices = as_choices((t.code, t.name(g.lang)) for t in terms)
    form.municipality.choices = as_choices((str(m.id), m.name) for m in queries.all_municipalities())
    if not form.is_submitted() and (home := home_municipality()) is not None:
        form.municipality.data = str(home.id)
    return form


@bp.route("/urejanje/povprasevanje", methods=["GET", "POST"])
@staff_required
def tally():
    form = _tally_form()
    if form.validate_on_submit():
        if enabled():
            record_enquiry(form.needs.data, int(form.municipality.data), form.outcome.data)
            flash(_("Poizvedba je zabeležena. Hvala!"), "success")
        else:
            flash(_("Štetje povpraševanja je izklopljeno (DEMAND_LOG); nič ni zabeleženo."), "warning")
        return redirect(url_for(".tally"), 303)
    unmatched = db.session.scalars(db.select(UnmatchedSearch).where(UnmatchedSearch.text.is_not(None))
                                   .order_by(UnmatchedSearch.month.desc(), UnmatchedSearch.searches.desc())
                                   .limit(100)).all()
    status = 400 if form.is_submitted() else 200
    return render_template("demand/tally.html", form=form, answers=ANSWERS, common=COMMON,
                           unmatched=unmatched, logging=enabled()), status


@bp.after_request
def _private(response):
    if request.path.startswith("/urejanje"):
        response.headers["Cache-Control"] = "no-store"
    return response
