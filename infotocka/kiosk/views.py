"""The kiosk (a touch screen at the info point) and the printable referral slip.

Every kiosk URL exists with and without a municipality: /kiosk/... and /kiosk/<obcina>/...,
so a kiosk in Trbovlje starts at /kiosk/trbovlje and stays there."""
from flask import Blueprint, abort, current_app, g, redirect, render_template, request, url_for

from .. import params
from ..demand.log import record_request_search
from ..directory import queries
from ..directory.csd import competent_unit
from ..directory.public_view import info_point
from ..i18n import LANG_COOKIE
from ..public.understanding import understanding
from . import needs, slip
from .needs import need_by_slug

bp = Blueprint("kiosk", __name__)
PER_PAGE = 8


def kiosk_route(rule: str, **options):
    """Register a kiosk view at /kiosk<rule> and /kiosk/<obcina><rule>."""
    def register(view):
        bp.add_url_rule("/kiosk" + rule, view_func=view, defaults={"obcina": None}, **options)
        bp.add_url_rule("/kiosk/<obcina>" + rule, view_func=view, **options)
        return view
    return register


@bp.url_value_preprocessor
def _municipality(endpoint, values):
    g.kiosk_municipality = None
    key = (values or {}).get("obcina") or (
        current_app.config["HOME_MUNICIPALITY"] if request.path.startswith("/kiosk") else None)
    if key:
        g.kiosk_municipality = queries.resolve_municipality(key) or abort(404)


@bp.url_defaults
def _keep_municipality(endpoint, values):
    if "obcina" not in values and getattr(g, "kiosk_municipality", None) and endpoint != "kiosk.public_slip":
        values["obcina"] = g.kiosk_municipality.slug


@bp.after_request
def _no_store(response):
    # nothing of one resident may come back for the next through the cache or back/forward
    if request.path.startswith("/kiosk"):
        response.headers["Cache-Control"] = "no-store"
    return response


def _render(template: str, **values):
    values.setdefault("selection", slip.selection())
    values.setdefault("info_point", info_point(g.kiosk_municipality))
    values.setdefault("csd_unit", competent_unit(g.kiosk_municipality.id) if g.kiosk_municipality else None)
    return render_template(template, municipality=g.kiosk_municipality,
                           idle_seconds=current_app.config["KIOSK_IDLE_SECONDS"], **values)


@kiosk_route("")
def start(obcina):
    return _render("kiosk/start.html", needs=needs.available(g.kiosk_municipality))


@kiosk_route("/iskanje")
def results(obcina):
    need = need_by_slug(request.args.get(params.NEED))
    text = request.args.get(params.TEXT, "").strip()[:200]
    page = request.args.get(params.PAGE, 1, type=int)
    if page < 1 or (need is None and not text):
        return redirect(url_for(".start"))
    dismissed = request.args.getlist(params.DISMISSED)[:20]
    found, widened, query = needs.find(need, text, g.kiosk_municipality, page, PER_PAGE, dismissed)
    record_request_search(query, found, "kiosk")
    return _render("kiosk/results.html", need=need, q=text, page=page, total=found.total, widened=widened,
                   pages=max(1, -(-found.total // PER_PAGE)), services=queries.services_by_ids(found.ids),
                   **understanding(found, dismissed, g.lang))


@kiosk_route("/storitev/<service_id>")
def detail(obcina, service_id: str):
    service = queries.get_service(service_id) or abort(404)
    entry = slip.entries([service.id])[0]
    back = request.args.get(params.BACK, "")
    return _render("kiosk/detail.html", service=service, entry=entry,
                   back=back if back.startswith("/kiosk") else url_for(".start"))


@kiosk_route("/listek")
def kiosk_slip(obcina):
    entries = slip.entries(slip.selection())
    return _render("kiosk/slip.html", entries=entries, quick_exit=slip.about_violence(entries))


@kiosk_route("/izbor", methods=["POST"])
def choose(obcina):
    service = queries.get_service(request.form.get("id", "")) or abort(404)
    slip.toggle(service.id)
    back = request.form.get("nazaj", "")
    return redirect(back if back.startswith("/kiosk") else url_for(".kiosk_slip"), 303)


@kiosk_route("/pozabi", methods=["POST"])
def forget(obcina):
    """End the resident's session: the slip and everything else; back to the start screen."""
    slip.forget()
    response = redirect(url_for(".start"), 303)
    response.delete_cookie(LANG_COOKIE)  # the next resident starts in the kiosk's own language
    return response


@bp.get("/listek")
def public_slip():
    """Print one A4 referral slip for the services in ?storitve=a,b,c (from any public page)."""
    ids = slip.parse_ids(request.args.get(params.SERVICES))
    municipality = queries.resolve_municipality(request.args.get(params.MUNICIPALITY))
    entries = slip.entries(ids) or abort(404)
    return render_template("kiosk/public_slip.html", entries=entries, municipality=municipality,
                           quick_exit=slip.about_violence(entries), info_point=info_point(municipality),
                           csd_unit=competent_unit(municipality.id) if municipality else None)
