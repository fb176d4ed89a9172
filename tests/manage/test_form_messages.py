"""WTForms' own messages come from our catalogue through the forms' Meta: Slovene by default, English on ?lang=en."""
import pytest

from infotocka.extensions import db
from infotocka.models import Revision

from .conftest import edit_data

WRONG = {"minimum_age": "dvanajst", "status": "ni-taka", "target_groups": ["starejsi", "ni-taka"],
         "schedules-0-days": ["MO"], "schedules-0-opens_at": "8:00", "schedules-0-closes_at": "12:00",
         "schedules-0-valid_from": "31. 8. 2026", "name": ""}
MESSAGES = {
    "sl": ("Vpišite celo število.", "Datum vpišite kot LLLL-MM-DD, npr. 2026-08-31.",
           "Izberite eno od ponujenih možnosti.", "Izberite samo med ponujenimi možnostmi ('ni-taka' ni med njimi).",
           "Vpišite ime storitve."),
    "en": ("Enter a whole number.", "Enter the date as YYYY-MM-DD, e.g. 2026-08-31.", "Choose one of the options given.",
           "Choose only from the options given ('ni-taka' is not one of them).", "Enter the name of the service."),
}


@pytest.mark.parametrize("lang", ["sl", "en"])
def test_wrong_values_are_explained_in_the_interface_language(as_role, listings, lang):
    service, _ = listings
    response = as_role("editor").post(f"/urejanje/storitev/{service.id}/uredi?lang={lang}",
                                      data=edit_data(service, **WRONG))
    page = response.get_data(as_text=True).replace("&#39;", "'")
    assert response.status_code == 200 and 'aria-invalid="true"' in page  # the form again, never a 500
    for message in MESSAGES[lang]:
        assert message in page, message
    other = MESSAGES["en" if lang == "sl" else "sl"]
    assert not any(message in page for message in other[:4])
    assert "Not a valid" not in page and "This field is required" not in page
    db.session.expire_all()
    assert db.session.scalar(db.select(Revision)) is None


def test_the_translations_object_covers_plurals_and_passes_unknown_text_through(app):
    from flask_babel import refresh

    from infotocka.forms import TRANSLATIONS
    with app.test_request_context("/?lang=sl"):
        refresh()  # the test keeps one app context; a real request starts with none cached
        assert TRANSLATIONS.ngettext("Field must be at least %(min)d character long.",
                                     "Field must be at least %(min)d characters long.", 2) == "Vpišite vsaj %(min)d znaka."
        assert TRANSLATIONS.gettext("This field is required.") == "To polje je obvezno."
        assert TRANSLATIONS.gettext("Something WTForms adds one day.") == "Something WTForms adds one day."
    with app.test_request_context("/?lang=en"):
        refresh()
        assert TRANSLATIONS.gettext("This field is required.") == "This field is required."
        assert TRANSLATIONS.ngettext("Field must be at least %(min)d character long.",
                                     "Field must be at least %(min)d characters long.", 1) == "Enter at least %(min)d character."


def test_every_form_uses_the_translated_meta(app):
    from flask_wtf import FlaskForm
    from wtforms import Form

    from infotocka.forms import TRANSLATIONS
    import infotocka.auth.forms, infotocka.demand.forms, infotocka.manage.forms, infotocka.manage.join_views  # noqa: F401
    import infotocka.manage.moderation, infotocka.manage.org_forms, infotocka.manage.reports  # noqa: F401
    import infotocka.manage.users, infotocka.public.forms  # noqa: F401

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    ours = [c for c in subclasses(Form) if c.__module__.startswith("infotocka.")]
    assert len(ours) > 10
    with app.test_request_context("/"):
        for form_class in ours:
            assert form_class.Meta().get_translations(None) is TRANSLATIONS, form_class
    assert not [c for c in subclasses(FlaskForm) if c.__module__.startswith("infotocka.") and
                c.Meta().get_translations.__qualname__.startswith("FlaskForm")]
