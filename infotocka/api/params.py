"""Read and check API query parameters; a bad one raises BadParameter (a 400 JSON answer)."""
import json
import math
import re
from datetime import datetime

from flask import Response, request, stream_with_context
from flask_babel import gettext as _

from ..directory.hsds_ids import hsds_uuid
from ..directory.queries import find_by_hsds_id, key_of_uuid
from ..directory.hsds_values import RecordError, parse_datetime, quoted
from ..errors import BadParameter
from ..extensions import db
from ..models import TAXONOMIES, ImportedTaxonomy, Municipality, Organization, TaxonomyTerm
from ..search.base import MAX_QUERY_CHARS, MAX_QUERY_WORDS, too_long
from ..text import fold, whole_number

MAX_PER_PAGE = 100
DEFAULT_PER_PAGE = 20
GLOBAL = {"lang"}  # the UI language of error messages, on every path
NDJSON_CHUNK = 200  # rows loaded per query while streaming


def _document_path(rule: str) -> str:
    """Return a route rule as the OpenAPI path it is declared under (/services/<service_id> → /services/{id})."""
    return re.sub(r"<(?:[^:<>]+:)?[^<>]+>", "{id}", rule.removeprefix("/api/v1")) or "/"


def check_declared(document: dict) -> None:
    """Reject a query parameter the OpenAPI document does not declare for this path, or one given empty."""
    if request.url_rule is None:
        return
    operation = document["paths"].get(_document_path(request.url_rule.rule), {}).get("get", {})
    query = {p["name"]: p for p in operation.get("parameters", []) if p.get("in") == "query"}
    declared = set(query) | GLOBAL
    for name in request.args:
        if name not in declared:
            raise BadParameter(_("Neznan parameter %(name)s; ta pot sprejme: %(allowed)s.", name=quoted(name),
                                 allowed=", ".join(sorted(declared - GLOBAL)) or "—"), parameter=name)
        if not any(value.strip() for value in request.args.getlist(name)):
            raise BadParameter(_("Parameter %(name)s je prazen.", name=name), parameter=name)
        if query.get(name, {}).get("schema", {}).get("type") == "boolean":
            flag(name)


def flag(name: str) -> bool:
    """Return a boolean parameter: true/false (also 1/0)."""
    raw = request.args.get(name, "").strip().lower()
    if raw in ("", "false", "0"):
        return False
    if raw in ("true", "1"):
        return True
    raise BadParameter(_("Parameter %(name)s mora biti true ali false, ne %(value)s.", name=name, value=quoted(raw)),
                       parameter=name)


def ndjson() -> bool:
    """Return whether `format=ndjson` (every result, one JSON object per line) was asked for."""
    fmt = request.args.get("format", "json").strip()
    if fmt not in ("json", "ndjson"):
        raise BadParameter(_("Parameter format mora biti json ali ndjson, ne %(value)s.", value=quoted(fmt)),
                           parameter="format")
    return fmt == "ndjson"


def ndjson_response(keys: list, load, to_json) -> Response:
    """Stream every result as NDJSON, loading NDJSON_CHUNK rows at a time (no pagination)."""
    def lines():
        for start in range(0, len(keys), NDJSON_CHUNK):
            for row in load(keys[start:start + NDJSON_CHUNK]):
                yield json.dumps(to_json(row), ensure_ascii=False) + "\n"
    return Response(stream_with_context(lines()), mimetype="application/x-ndjson")


def organization_id() -> str | None:
    """Return the `organization_id` parameter as our key (a UUID is looked up)."""
    raw = request.args.get("organization_id", "").strip()
    return (key_of_uuid(Organization, raw) or raw) if raw else None


def parent_id() -> str | None:
    """Return the `parent_id` parameter of taxonomy terms as a UUID (a term's own key is turned into its UUID)."""
    raw = request.args.get("parent_id", "").strip()
    return hsds_uuid("taxonomy_term", raw) if raw else None


def positive_int(name: str, default: int, maximum: int | None = None) -> int:
    """Return a whole-number parameter ≥ 1 (and ≤ maximum)."""
    raw = request.args.get(name, "").strip()
    if not raw:
        return default
    value = whole_number(raw)
    if value is None or value < 1:
        raise BadParameter(_("Parameter %(name)s mora biti celo število, vsaj 1, ne %(value)s.",
                             name=name, value=quoted(raw)), parameter=name)
    if maximum is not None and value > maximum:
        raise BadParameter(_("Parameter %(name)s je lahko največ %(maximum)d.", name=name, maximum=maximum),
                           parameter=name)
    return value


def search_text() -> str:
    """Return the `search` text; refuse one longer than a search may cost (500 characters, 50 words)."""
    text = request.args.get("search", "").strip()
    if too_long(text):
        raise BadParameter(_("Parameter search je predolg: največ %(chars)d znakov in %(words)d besed.",
                             chars=MAX_QUERY_CHARS, words=MAX_QUERY_WORDS))
    return text


def paging() -> tuple[int, int]:
    """Return (page, per_page) from the query string."""
    return positive_int("page", 1), positive_int("per_page", DEFAULT_PER_PAGE, MAX_PER_PAGE)


def page_envelope(contents: list, total: int, page: int, per_page: int) -> dict:
    """Wrap one page of items in the HSDS page object."""
    total_pages = math.ceil(total / per_page)
    return {"total_items": total, "total_pages": total_pages, "page_number": page, "size": len(contents),
            "first_page": page == 1, "last_page": page >= total_pages, "empty": not contents,
            "contents": contents}


def municipality() -> int | None:
    """Return the statistical code of the `municipality` parameter (a code or a name)."""
    raw = request.args.get("municipality", "").strip()
    if not raw:
        return None
    if raw.isdigit():
        code = whole_number(raw)
        found = db.session.get(Municipality, code) if code is not None else None
    else:
        wanted = fold(raw)
        found = next((m for m in db.session.scalars(db.select(Municipality))
                      if wanted in {fold(n) for n in (m.name, m.name_bilingual or "", m.slug)}), None)
    if found is None:
        raise BadParameter(_("Neznana občina: %(value)s", value=quoted(raw)), parameter="municipality")
    return found.id


def term_codes(name: str, taxonomy: str | None = None) -> list[str]:
    """Return the known taxonomy codes given in a (repeatable, comma-separated) parameter."""
    codes = [c.strip() for value in request.args.getlist(name) for c in value.split(",") if c.strip()]
    found = []
    for code in codes:
        term = find_by_hsds_id(TaxonomyTerm, code, TaxonomyTerm.code)
        if term is None or (taxonomy and term.taxonomy != taxonomy):
            raise BadParameter(_("Neznana koda %(code)s v parametru %(name)s.", code=quoted(code), name=name),
                               parameter=name)
        found.append(term.code)
    return found


def taxonomy_id(imported: bool = False) -> str | None:
    """Return the `taxonomy_id` parameter as the code of one of our taxonomies, or (with `imported`) the UUID
    of an imported one."""
    raw = request.args.get("taxonomy_id", "").strip() or None
    if raw is None:
        return None
    found = next((t for t in TAXONOMIES if raw in (t, hsds_uuid("taxonomy", t))), None)
    if found is None and imported and (row := find_by_hsds_id(ImportedTaxonomy, raw)) is not None:
        return row.uuid
    if found is None:
        raise BadParameter(_("Neznana taksonomija %(value)s; uporabite eno od: %(allowed)s.",
                             value=quoted(raw), allowed=", ".join(TAXONOMIES)), parameter="taxonomy_id")
    return found


def modified_after() -> datetime | None:
    """Return the `modified_after` parameter (ISO date or date-time) as naive UTC."""
    raw = request.args.get("modified_after", "").strip()
    if not raw:
        return None
    try:
        return parse_datetime(raw, "modified_after")
    except RecordError:
        raise BadParameter(_("Parameter modified_after mora biti datum ali datum s časom ISO, ne %(value)s.",
                             value=quoted(raw)), parameter="modified_after") from None
