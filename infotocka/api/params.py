"""Read and check API query parameters; a bad one raises BadParameter (a 400 JSON answer)."""
import math
from datetime import datetime

from flask import request
from flask_babel import gettext as _

from ..directory.hsds_values import RecordError, parse_datetime, quoted
from ..errors import BadParameter
from ..extensions import db
from ..models import TAXONOMIES, Municipality, TaxonomyTerm
from ..search.base import MAX_QUERY_CHARS, MAX_QUERY_WORDS, too_long
from ..text import fold, whole_number

MAX_PER_PAGE = 100
DEFAULT_PER_PAGE = 20


def positive_int(name: str, default: int, maximum: int | None = None) -> int:
    """Return a whole-number parameter ≥ 1 (and ≤ maximum)."""
    raw = request.args.get(name, "").strip()
    if not raw:
        return default
    value = whole_number(raw)
    if value is None or value < 1:
        raise BadParameter(_("Parameter %(name)s mora biti celo število, vsaj 1, ne %(value)s.",
                             name=name, value=quoted(raw)))
    if maximum is not None and value > maximum:
        raise BadParameter(_("Parameter %(name)s je lahko največ %(maximum)d.", name=name, maximum=maximum))
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
        raise BadParameter(_("Neznana občina: %(value)s", value=quoted(raw)))
    return found.id


def term_codes(name: str, taxonomy: str | None = None) -> list[str]:
    """Return the known taxonomy codes given in a (repeatable, comma-separated) parameter."""
    codes = [c.strip() for value in request.args.getlist(name) for c in value.split(",") if c.strip()]
    for code in codes:
        term = db.session.get(TaxonomyTerm, code)
        if term is None or (taxonomy and term.taxonomy != taxonomy):
            raise BadParameter(_("Neznana koda %(code)s v parametru %(name)s.", code=quoted(code), name=name))
    return codes


def taxonomy_id() -> str | None:
    """Return the `taxonomy_id` parameter, which must name one of the taxonomies."""
    raw = request.args.get("taxonomy_id", "").strip() or None
    if raw is not None and raw not in TAXONOMIES:
        raise BadParameter(_("Neznana taksonomija %(value)s; uporabite eno od: %(allowed)s.",
                             value=quoted(raw), allowed=", ".join(TAXONOMIES)))
    return raw


def modified_after() -> datetime | None:
    """Return the `modified_after` parameter (ISO date or date-time) as naive UTC."""
    raw = request.args.get("modified_after", "").strip()
    if not raw:
        return None
    try:
        return parse_datetime(raw, "modified_after")
    except RecordError:
        raise BadParameter(_("Parameter modified_after mora biti datum ali datum s časom ISO, ne %(value)s.",
                             value=quoted(raw))) from None
