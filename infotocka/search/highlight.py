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


class LazyHighlights(dict):
    """`highlights(ids, terms)`, computed on first use: the API and the kiosk never show
    snippets, so they should not pay for a database query and the highlighter."""

    def __init__(self, ids: list[str], terms: set[str]):
        super().__init__()
        self._pending = (ids, terms) if ids and terms else None

    def _load(self) -> None:
        if self._pending is not None:
            ids, terms = self._pending
            self._pending = None
            super().update(highlights(ids, terms))

    def _loaded(name):  # noqa: N805 - builds the dict methods below
        method = getattr(dict, name)

        def wrapper(self, *args, **kwargs):
            self._load()
            return method(self, *args, **kwargs)
        wrapper.__name__ = name
        return wrapper

    for _name in ("__getitem__", "__contains__", "__iter__", "__len__", "__repr__", "__eq__", "__ne__",
                  "get", "keys", "values", "items", "copy", "pop", "setdefault", "update", "__or__"):
        locals()[_name] = _loaded(_name)
    del _name, _loaded

    def __bool__(self) -> bool:
        self._load()
        return dict.__len__(self) > 0

    def __reduce__(self):
        self._load()
        return dict, (dict(self.items()),)
