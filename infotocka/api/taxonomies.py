"""GET /api/v1/taxonomies[/{id}] and /api/v1/taxonomy_terms[/{id}]: the directory's own three flat taxonomies
first, then the taxonomies and terms imported from other systems (kept as given, with their hierarchy)."""
from flask import abort, jsonify

from ..directory.hsds_export import term_to_hsds
from ..directory.hsds_ids import publish
from ..directory.queries import find_by_hsds_id
from ..extensions import db
from ..models import ImportedTaxonomy, ImportedTerm, TaxonomyTerm
from . import bp, params
from .openapi import TAXONOMY_DESCRIPTIONS, TAXONOMY_NAMES


def taxonomy_to_hsds(taxonomy: str) -> dict:
    """Return one of our taxonomies as an HSDS taxonomy (exchange form)."""
    return publish({"id": taxonomy, "name": TAXONOMY_NAMES[taxonomy], "description": TAXONOMY_DESCRIPTIONS[taxonomy],
                    "version": "1"}, "taxonomy")


def term_item(term: TaxonomyTerm) -> dict:
    """Return a taxonomy term in the exchange form, with its taxonomy."""
    return publish({**term_to_hsds(term), "taxonomy_id": term.taxonomy, "language": "sl"}, "taxonomy_term")


def _matches(text: str | None, item: dict, *members: str) -> bool:
    return not text or any(text.casefold() in str(item.get(m) or "").casefold() for m in members)


def _listed(found: list[dict], to_json=lambda item: item):
    """Answer a list: one page of it, or all of it as NDJSON."""
    page, per_page = params.paging()
    if params.ndjson():
        return params.ndjson_response(found, lambda rows: rows, to_json)
    shown = [to_json(item) for item in found[(page - 1) * per_page:page * per_page]]
    return jsonify(params.page_envelope(shown, len(found), page, per_page))


@bp.get("/taxonomies")
def taxonomies():
    """List the directory's taxonomies, then the imported ones (those whose name or description has `search`)."""
    text = params.search_text()
    found = [taxonomy_to_hsds(t) for t in TAXONOMY_NAMES]
    found += [row.data for row in db.session.scalars(db.select(ImportedTaxonomy).order_by(ImportedTaxonomy.uuid))]
    return _listed([t for t in found if _matches(text, t, "name", "description")])


@bp.get("/taxonomies/<taxonomy_id>")
def taxonomy(taxonomy_id: str):
    """Return one taxonomy, by its UUID or its code."""
    found = next((t for t in TAXONOMY_NAMES if taxonomy_id in (t, taxonomy_to_hsds(t)["id"])), None)
    return _ours_or_imported(taxonomy_to_hsds(found) if found else None, ImportedTaxonomy, taxonomy_id, "taxonomy")


def _ours_or_imported(ours: dict | None, model, ident: str, what: str):
    """Answer with our object, else the imported one with this UUID or key, else 404."""
    imported = find_by_hsds_id(model, ident) if ours is None else None
    if ours is None and imported is None:
        abort(404, description=f"No {what} with id {ident!r}.")
    return jsonify(ours if ours is not None else imported.data)


def _our_terms(taxonomy: str | None, parent: str | None, text: str | None) -> list[TaxonomyTerm]:
    if parent is not None or (taxonomy is not None and taxonomy not in TAXONOMY_NAMES):
        return []  # our taxonomies are flat: no term has a parent
    query = db.select(TaxonomyTerm).order_by(TaxonomyTerm.position)
    if taxonomy is not None:
        query = query.where(TaxonomyTerm.taxonomy == taxonomy)
    if text:
        query = query.where(db.or_(TaxonomyTerm.name_sl.ilike(f"%{text}%"), TaxonomyTerm.name_en.ilike(f"%{text}%"),
                                   TaxonomyTerm.code.ilike(f"%{text}%")))
    return list(db.session.scalars(query))


def _imported_terms(taxonomy: str | None, parent: str | None, top_only: bool) -> list[ImportedTerm]:
    if taxonomy in TAXONOMY_NAMES:
        return []
    query = db.select(ImportedTerm).order_by(ImportedTerm.uuid)
    if taxonomy is not None:
        query = query.where(ImportedTerm.taxonomy_id == taxonomy)
    if parent is not None:
        query = query.where(ImportedTerm.parent_id == parent)
    elif top_only:  # a top term has no parent, or a parent that is not among the terms
        known = db.select(ImportedTerm.uuid)
        query = query.where(db.or_(ImportedTerm.parent_id.is_(None), ImportedTerm.parent_id.not_in(known)))
    return list(db.session.scalars(query))


@bp.get("/taxonomy_terms")
def taxonomy_terms():
    """List taxonomy terms: of one taxonomy, under one parent, or the top ones (ours are all top terms)."""
    taxonomy, parent, top_only = params.taxonomy_id(imported=True), params.parent_id(), params.flag("top_only")
    text = params.search_text()
    imported = [row.data for row in _imported_terms(taxonomy, parent, top_only)]
    return _listed([*_our_terms(taxonomy, parent, text), *[t for t in imported if _matches(text, t, "name", "code")]],
                   lambda item: item if isinstance(item, dict) else term_item(item))


@bp.get("/taxonomy_terms/<term_id>")
def taxonomy_term(term_id: str):
    """Return one taxonomy term, by its UUID or its code."""
    term = find_by_hsds_id(TaxonomyTerm, term_id, TaxonomyTerm.code)
    return _ours_or_imported(term_item(term) if term else None, ImportedTerm, term_id, "taxonomy term")
