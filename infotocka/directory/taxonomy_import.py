"""Import HSDS taxonomies and taxonomy terms from files: those of other systems are kept as given (UUID ids,
codes, parents), never merged into the directory's own taxonomy, which `data/taxonomy.csv` defines."""
from flask_babel import gettext as _

from ..extensions import db
from ..models import TAXONOMIES, ImportedTaxonomy, ImportedTerm, TaxonomyTerm
from .hsds_fields import FIELDS
from .hsds_ids import hsds_uuid, is_uuid, source_id
from .hsds_parse import Warn, _extra
from .hsds_values import RecordError, identifier, mapping, quoted, text

TAXONOMY_RECORD = "x_taxonomy_record"  # a file's taxonomy or term, wrapped: {TAXONOMY_RECORD: kind, "record": …}
NOT_TAXONOMY = {"status", "organization", "organization_id", "services", "service", "location",
                "service_at_locations", "phones", "schedules", "attributes"}
TERM_ONLY = {"code", "parent_id", "taxonomy", "taxonomy_detail", "taxonomy_id", "term_uri", "language"}
TEXTS = {"taxonomy": ("description", "uri", "version"),
         "taxonomy_term": ("code", "description", "taxonomy", "language", "term_uri")}
MODELS = {"taxonomy": ImportedTaxonomy, "taxonomy_term": ImportedTerm}


def taxonomy_kind(item) -> str | None:
    """Return "taxonomy" or "taxonomy_term" when an object of a file is one, else None."""
    if not isinstance(item, dict) or NOT_TAXONOMY & set(item):
        return None
    keys = {key for key in item if not key.startswith("x_")}
    if keys & TERM_ONLY:
        return "taxonomy_term"
    if keys <= set(FIELDS["taxonomy"]) and keys & {"uri", "version"}:
        return "taxonomy"
    return None


def wrap(kind: str, item: dict) -> dict:
    """Return a taxonomy or term as a record of the importer's list."""
    return {TAXONOMY_RECORD: kind, "record": item}


def import_taxonomy_record(wrapped: dict, warn: Warn) -> str:
    """Validate and store one taxonomy or term; return "created", "updated" or "unchanged"."""
    kind, record = wrapped[TAXONOMY_RECORD], mapping(wrapped["record"], "record")
    if kind == "taxonomy_term" and record.get("taxonomy_detail") is not None:
        detail = mapping(record["taxonomy_detail"], "taxonomy_detail")
        detail_values = _values("taxonomy", detail, warn, "taxonomy_detail.")
        if not _is_ours("taxonomy", detail_values):
            _store("taxonomy", detail_values)
        record = {"taxonomy_id": source_id(detail), **record}
    values = _values(kind, record, warn)
    if _is_ours(kind, values):
        return "unchanged"  # the directory's own taxonomy changes in data/taxonomy.csv, never by an import
    return _store(kind, values)


def _values(kind: str, record: dict, warn: Warn, prefix: str = "") -> dict:
    key = identifier({"id": source_id(record)}, "id", f"{prefix}id")
    data = {"id": hsds_uuid(kind, key), "name": text(record, "name", f"{prefix}name", required=True),
            "description": text(record, "description", f"{prefix}description") or "",
            **(_extra(record, {"id", "x_source_id", "name", *TEXTS[kind]}, kind, warn, prefix) or {})}
    data.update({name: value for name in TEXTS[kind]
                 if name != "description" and (value := text(record, name, f"{prefix}{name}")) is not None})
    if not is_uuid(key):
        data["x_source_id"] = key
    for member, target in (("taxonomy_id", "taxonomy"), ("parent_id", "taxonomy_term")):
        if kind == "taxonomy_term" and data.get(member) is not None:
            data[member] = hsds_uuid(target, text(data, member, f"{prefix}{member}"))
    data.pop("taxonomy_detail", None)  # stored as a taxonomy of its own, linked by taxonomy_id
    return {"key": key, "data": data}


def _is_ours(kind: str, values: dict) -> bool:
    """Return whether a record is one of the directory's own taxonomies or terms; refuse a term it would add."""
    data = values["data"]
    ours = {hsds_uuid("taxonomy", t): t for t in TAXONOMIES}
    if kind == "taxonomy":
        return data["id"] in ours or values["key"] in TAXONOMIES
    taxonomy = ours.get(data.get("taxonomy_id")) or (data.get("taxonomy") if data.get("taxonomy") in TAXONOMIES
                                                      else None)
    term = db.session.scalar(db.select(TaxonomyTerm).where(TaxonomyTerm.uuid == data["id"]))
    if term is None and taxonomy is not None and data.get("code"):
        term = db.session.get(TaxonomyTerm, data["code"])
    if term is not None and taxonomy in (None, term.taxonomy):
        return True
    if taxonomy is not None:
        raise RecordError("code", _("taksonomija %(taxonomy)s je taksonomija imenika (data/taxonomy.csv): uvoz ji "
                                    "ne dodaja izrazov", taxonomy=quoted(taxonomy)))
    return False


def _store(kind: str, values: dict) -> str:
    model, data = MODELS[kind], values["data"]
    columns = {"name": data["name"], "data": data}
    if kind == "taxonomy_term":
        columns.update(code=data.get("code"), taxonomy_id=data.get("taxonomy_id"), parent_id=data.get("parent_id"))
    row = db.session.get(model, values["key"])
    if row is not None and all(getattr(row, name) == value for name, value in columns.items()):
        return "unchanged"
    outcome = "created" if row is None else "updated"
    if row is None:
        row = model(id=values["key"])
        db.session.add(row)
    for name, value in columns.items():
        setattr(row, name, value)
    db.session.flush()
    return outcome


def imported_vocabularies() -> list[tuple[str, dict]]:
    """Return the imported taxonomies and terms as (table, HSDS object) for the data package, in UUID order."""
    return [(table, row.data) for table, model in (("taxonomies", ImportedTaxonomy), ("taxonomy_terms", ImportedTerm))
            for row in db.session.scalars(db.select(model).order_by(model.uuid))]
