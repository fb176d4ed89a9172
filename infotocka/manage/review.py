"""A change as staff read it: field labels, hours in words, word-level highlights, added and removed items."""
import difflib
import re
from dataclasses import dataclass, field
from datetime import date
from types import SimpleNamespace

from flask_babel import format_date, get_locale
from flask_babel import lazy_gettext as _l

from ..directory.hours import describe
from ..audit import summarize_lines, summarize_plain
from .forms import LANGUAGE_CHOICES, STATUS_CHOICES

FIELD_LABELS = {
    "name": _l("Ime"), "alternate_name": _l("Drugo ime"), "description": _l("Opis"),
    "x_easy_read": _l("Povzetek v lahkem branju"), "status": _l("Stanje"), "alert": _l("Obvestilo"),
    "eligibility_description": _l("Komu je namenjena"), "application_process": _l("Kako do storitve"),
    "fees_description": _l("Stroški"), "minimum_age": _l("Najnižja starost"), "maximum_age": _l("Najvišja starost"),
    "email": _l("E-naslov"), "url": _l("Spletna stran"), "website": _l("Spletna stran"), "phones": _l("Telefoni"),
    "schedules": _l("Delovni čas"), "service_at_locations": _l("Lokacije"), "service_areas": _l("Območje"),
    "attributes": _l("Ciljne skupine in vrste pomoči"), "languages": _l("Jeziki"), "x_sources": _l("Viri"),
    "assured_date": _l("Nazadnje preverjeno"), "revision": _l("Predlog"), "report": _l("Prijava napake"),
    "password": _l("Geslo"), "link": _l("Povezava"), "role": _l("Vloga"),
    "organizations": _l("Organizacije"),
}
LONG_TEXT = 80  # characters: longer texts get word-level highlights instead of old and new side by side
_VALUE_LABELS = {"status": dict(STATUS_CHOICES), "languages": dict(LANGUAGE_CHOICES)}
_TOKENS = re.compile(r"\s+|[^\s]+")


@dataclass
class ReviewRow:
    """One changed field: `kind` is "text" (word segments), "list" (added/removed) or "value" (old → new)."""
    key: str
    label: str
    kind: str
    old: list = field(default_factory=list)
    new: list = field(default_factory=list)
    added: list = field(default_factory=list)
    removed: list = field(default_factory=list)


def field_label(key: str) -> str:
    """Return the Slovene label of an HSDS member (the key itself when unknown)."""
    return str(FIELD_LABELS.get(key, key))


def _schedule(item: dict) -> SimpleNamespace:
    def day(value):
        return date.fromisoformat(value) if value else None
    return SimpleNamespace(days=[d for d in (item.get("byday") or "").split(",") if d],
                           opens_at=item.get("opens_at"), closes_at=item.get("closes_at"),
                           valid_from=day(item.get("valid_from")), valid_to=day(item.get("valid_to")),
                           description=item.get("description"))


def items_in_words(key: str, value) -> list[str]:
    """Return a value as lines people read: hours in words, language and status names."""
    if value in (None, "", [], {}):
        return []
    if key == "assured_date" and isinstance(value, str):
        return [format_date(date.fromisoformat(value), "long")]
    if key == "schedules":
        return describe([_schedule(s) for s in value], str(get_locale() or "sl"))
    if key in _VALUE_LABELS:
        names = _VALUE_LABELS[key]
        values = [v.get("code") if isinstance(v, dict) else v for v in (value if isinstance(value, list) else [value])]
        return [str(names.get(v, v)) for v in values]
    return summarize_lines(value)


def word_diff(old: str, new: str) -> tuple[list, list]:
    """Return (old, new) as lists of (text, changed) segments, compared word by word."""
    a, b = _TOKENS.findall(old or ""), _TOKENS.findall(new or "")
    old_parts, new_parts = [], []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        old_parts.append(("".join(a[i1:i2]), op != "equal"))
        new_parts.append(("".join(b[j1:j2]), op != "equal"))
    return [p for p in old_parts if p[0]], [p for p in new_parts if p[0]]


def review_row(key: str, old, new) -> ReviewRow:
    """Describe one changed member for the review page and the history."""
    row = ReviewRow(key, field_label(key), "value")
    if isinstance(old, list) or isinstance(new, list):
        before, after = items_in_words(key, old), items_in_words(key, new)
        row.kind, row.old, row.new = "list", before, after
        row.added = [line for line in after if line not in before]
        row.removed = [line for line in before if line not in after]
    elif isinstance(old, (str, type(None))) and isinstance(new, (str, type(None))) \
            and max(len(old or ""), len(new or "")) > LONG_TEXT:
        row.kind = "text"
        row.old, row.new = word_diff(old or "", new or "")
    else:
        row.old, row.new = items_in_words(key, old), items_in_words(key, new)
    return row


def review_rows(changes) -> list[ReviewRow]:
    """Return the review rows of a list of FieldChange."""
    return [review_row(c.field, c.old, c.new) for c in changes]


def value_words(key: str, value) -> str:
    """Return a value as one line of words."""
    return "; ".join(items_in_words(key, value)) or summarize_plain(value)
