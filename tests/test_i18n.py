"""Every UI string goes through Babel; English is complete; Slovene has four plural forms."""
import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po
from flask_babel import force_locale, ngettext

ROOT = Path(__file__).resolve().parent.parent


def _catalog(lang):
    with open(ROOT / "translations" / lang / "LC_MESSAGES" / "messages.po", "rb") as fh:
        return read_po(fh)


def test_slovene_plural_forms(app):
    with app.test_request_context(), force_locale("sl"):
        words = [ngettext("%(num)d storitev", "%(num)d storitev", n) for n in (1, 2, 3, 4, 5, 101, 102, 205)]
    assert words == ["1 storitev", "2 storitvi", "3 storitve", "4 storitve", "5 storitev",
                     "101 storitev", "102 storitvi", "205 storitev"]


def test_english_plural_forms(app):
    with app.test_request_context(), force_locale("en"):
        assert ngettext("%(num)d storitev", "%(num)d storitev", 1) == "1 service"
        assert ngettext("%(num)d storitev", "%(num)d storitev", 2) == "2 services"


def test_catalogues_cover_every_string_in_the_code(tmp_path):
    pot = tmp_path / "fresh.pot"
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "--quiet", "extract", "-F", "babel.cfg",
         "-k", "_l", "-k", "lazy_gettext", "--ignore-dirs", ".* __pycache__",  # not Babel's default, which
         "-o", str(pot), "infotocka", "templates"],  # skips templates/_partials
        cwd=ROOT, check=True,
    )
    with open(pot, "rb") as fh:
        fresh = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(fh) if m.id}
    for lang in ("sl", "en"):
        known = {m.id if isinstance(m.id, str) else m.id[0] for m in _catalog(lang) if m.id}
        assert fresh - known == set(), f"run `make messages`: {lang} lacks {sorted(fresh - known)[:5]}"


def test_english_catalogue_is_complete():
    missing = [m.id for m in _catalog("en") if m.id and not m.fuzzy and not all(
        (m.string if isinstance(m.string, (list, tuple)) else [m.string]))]
    fuzzy = [m.id for m in _catalog("en") if m.id and m.fuzzy]
    assert missing == [] and fuzzy == []


def test_slovene_plurals_are_filled():
    plurals = [m for m in _catalog("sl") if m.id and m.pluralizable]
    assert plurals, "no plural messages found"
    assert all(len(m.string) == 4 and all(m.string) for m in plurals)
