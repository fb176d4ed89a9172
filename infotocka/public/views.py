"""Resident pages: home, search, service, organization, municipality, region and about pages."""
from dataclasses import replace

from flask import Blueprint, abort, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from .. import params
from ..demand.log import record_request_search
from ..directory import queries
from ..directory.csd import competent_unit
from ..errors import BadParameter
from ..pagecache import cached
from ..geo.nearby import every_match, origin_or_error, search_nearby
from ..models import TARGET_GROUPS, Organization, Service
from ..search import search as run_search
from .facets import facets_for
from .forms import home_of, place_shown, search_form, search_query
from .place_pages import municipality_groups, region_groups
from .service_page import service_context
from .understanding import understanding
from .templating import init_templating

bp = Blueprint("public", __name__)
init_templating(bp)

COMMON_NEEDS = (  # kinds of help offered as tiles on the home page
    "denarna-pomoc", "materialna-pomoc", "pomoc-na-domu", "institucionalno-varstvo",
    "telefonska-pomoc", "krizna-namestitev", "osebna-pomoc", "informiranje-svetovanje",
)


@bp.get("/")
@cached
def home():
    kinds = queries.terms_by_code(COMMON_NEEDS)
    return render_template(
        "public/home.html",
        target_groups=queries.terms(TARGET_GROUPS),
        needs=[kinds[c] for c in COMMON_NEEDS if c in kinds],
        municipalities=queries.all_municipalities(),
    )


@bp.get("/iskanje")
@cached
def search():
    form = search_form(request.args, g.lang)
    query, municipality = search_query(form)
    origin, origin_error = origin_or_error(request.args)  # kraj / sirina+dolzina / polmer: near me
    result = run_search(every_match(query) if origin else replace(query, collapse=True))
    nearby = search_nearby(result.ids, query, origin) if origin else None
    record_request_search(query, result, "web", shown=[s.id for s in nearby.services] if nearby else None)
    pages = nearby.pages if nearby else max(1, -(-result.total // query.per_page))
    if query.page > pages:
        raise BadParameter(_("Stran %(num)d ne obstaja.", num=query.page))
    return render_template(
        "public/search.html", form=form, query=query, result=result, pages=pages,
        services=nearby.services if nearby else queries.services_by_ids(result.ids), municipality=municipality,
        facets=facets_for(result, query, g.lang), municipalities=queries.all_municipalities(),
        origin=origin, origin_error=origin_error, nearby=nearby, place=place_shown(result, query),
        units=queries.other_units(result.units), csd_unit=competent_unit(home_of(result, query)),
        **understanding(result, query.dismissed, g.lang),
    ), 400 if origin_error else 200  # the form again, its error summarised at the top


@bp.get("/storitev/<service_id>")
@cached
def service(service_id: str):
    found = queries.get_service(service_id)
    if found is None and (slug := queries.key_of_uuid(Service, service_id)):  # an HSDS UUID: to the readable URL
        return redirect(url_for(".service", service_id=slug), 301)
    if found is None:
        target = queries.merged_into("service", service_id) or abort(404)  # a merged duplicate's old address
        return redirect(url_for("public.service", service_id=target), 301)
    return render_template("public/service.html", **service_context(found, g.lang))


@bp.get("/izvajalec/<organization_id>")
@cached
def organization(organization_id: str):
    found = queries.get_organization(organization_id)
    if found is None and (slug := queries.key_of_uuid(Organization, organization_id)):
        return redirect(url_for(".organization", organization_id=slug), 301)
    if found is None:
        target = queries.merged_into("organization", organization_id) or abort(404)  # merged into another one
        return redirect(url_for("public.organization", organization_id=target), 301)
    return render_template(
        "public/organization.html", organization=found, services=queries.organization_services(found)
    )


@bp.get("/obcina")
def municipality_picker():
    """Send the home page's municipality picker (a GET form) to the municipality's page; without a
    (known) choice, offer the picker."""
    chosen = request.args.get(params.MUNICIPALITY, "").strip()
    found = queries.resolve_municipality(chosen)
    if found is None:
        return render_template("public/municipality_picker.html", municipalities=queries.all_municipalities(),
                               unknown=chosen[:100]), 404 if chosen else 200
    return redirect(url_for(".municipality", key=found.slug))


@bp.get("/obcina/<key>")
@cached
def municipality(key: str):
    found = queries.resolve_municipality(key) or abort(404)
    groups, total = municipality_groups(found)
    return render_template("public/municipality.html", municipality=found, groups=groups, total=total,
                           csd_unit=competent_unit(found.id))


@bp.get("/regija/<slug>")
@cached
def region(slug: str):
    found = queries.region_by_slug(slug) or abort(404)
    groups, total = region_groups(found)
    return render_template("public/region.html", region=found, groups=groups, total=total,
                           municipalities=queries.by_name(found.municipalities))


@bp.get("/o-storitvi")
def about():
    return render_template("public/about.html")

