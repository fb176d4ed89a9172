"""Highlighted snippets of the page's services: matched words (any inflection) in <mark>."""
from markupsafe import Markup
from whoosh.highlight import ContextFragmenter, HtmlFormatter, highlight

from ..extensions import db
from ..models import Service
from .analysis import lemma_analyzer

_analyzer = None


def _lemmas():
    global _analyzer
    if _analyzer is None:
        _analyzer = lemma_analyzer()
    return _analyzer


def snippet(text: str, terms: set[str]) -> str:
    """Return an HTML snippet of text with the given lemmas marked (escaped; '' if none match)."""
    if not text or not terms:
        return ""
    formatter = HtmlFormatter(tagname="mark", classname="hl", between=" … ")
    return highlight(text, frozenset(terms), _lemmas(), ContextFragmenter(maxchars=180, surround=50),
                     formatter, top=2)


def highlights(ids: list[str], terms: set[str]) -> dict[str, Markup]:
    """Return id → safe snippet for the services of one page whose description matches."""
    if not ids or not terms:
        return {}
    rows = db.session.execute(db.select(Service.id, Service.name, Service.description)
                              .where(Service.id.in_(ids)))
    out = {}
    for sid, name, description in rows:
        html = snippet(description or "", terms) or snippet(name or "", terms)
        if html:
            out[sid] = Markup(html)
    return out
