"""One base for every form: WTForms' own messages in the interface language, from our catalogue.

WTForms ships no Slovene catalogue, and Flask-WTF's i18n (WTF_I18N_ENABLED) only loads WTForms' own
catalogues. So the form `Meta` hands WTForms a translations object that maps each of its English
messages to our Slovene wording, which flask-babel translates like any other string (translations/en)."""
from flask_babel import get_translations
from flask_wtf import FlaskForm
from wtforms import Form


def _plural(singular: str, plural: str) -> tuple[str, str]:
    """Mark a Slovene singular/plural pair for extraction (`make messages` knows this keyword)."""
    return singular, plural


def N_(message: str) -> str:
    """Mark a Slovene message for extraction; it is translated when shown."""
    return message


MESSAGES = {
    "This field is required.": N_("To polje je obvezno."),
    "Invalid input.": N_("Vnos ni veljaven."),
    "Invalid email address.": N_("E-naslov ni veljaven."),
    "Invalid URL.": N_("Spletni naslov ni veljaven."),
    "Invalid UUID.": N_("Oznaka UUID ni veljavna."),
    "Invalid IP address.": N_("Naslov IP ni veljaven."),
    "Invalid Mac address.": N_("Naslov MAC ni veljaven."),
    "Field must be equal to %(other_name)s.": N_("Vrednost se mora ujemati s poljem %(other_name)s."),
    "Field must be between %(min)d and %(max)d characters long.": N_("Vpišite od %(min)d do %(max)d znakov."),
    "Number must be at least %(min)s.": N_("Število mora biti vsaj %(min)s."),
    "Number must be at most %(max)s.": N_("Število je lahko največ %(max)s."),
    "Number must be between %(min)s and %(max)s.": N_("Število mora biti med %(min)s in %(max)s."),
    "Date must be at least %(min)s.": N_("Datum je lahko najprej %(min)s."),
    "Date must be at most %(max)s.": N_("Datum je lahko najpozneje %(max)s."),
    "Date must be between %(min)s and %(max)s.": N_("Datum mora biti med %(min)s in %(max)s."),
    "Invalid value, must be one of: %(values)s.": N_("Vrednost ni veljavna; dovoljene so: %(values)s."),
    "Invalid value, can't be any of: %(values)s.": N_("Vrednost ni veljavna; ne sme biti: %(values)s."),
    "This field cannot be edited.": N_("Tega polja ni mogoče spreminjati."),
    "This field is disabled and cannot have a value.": N_("To polje je onemogočeno in ne more imeti vrednosti."),
    "Not a valid choice.": N_("Izberite eno od ponujenih možnosti."),
    "Invalid Choice: could not coerce.": N_("Izberite eno od ponujenih možnosti."),
    "Invalid choice(s): one or more data inputs could not be coerced.": N_("Izberite samo med ponujenimi možnostmi."),
    "Not a valid integer value.": N_("Vpišite celo število."),
    "Not a valid decimal value.": N_("Vpišite število."),
    "Not a valid float value.": N_("Vpišite število."),
    "Not a valid date value.": N_("Datum vpišite kot LLLL-MM-DD, npr. 2026-08-31."),
    "Not a valid datetime value.": N_("Datum in čas nista veljavna."),
    "Not a valid time value.": N_("Čas vpišite kot UU:MM, npr. 13:30."),
    "Not a valid week value.": N_("Teden ni veljaven."),
}
PLURALS = {
    "Field must be at least %(min)d character long.": _plural("Vpišite vsaj %(min)d znak.",
                                                                "Vpišite vsaj %(min)d znakov."),
    "Field cannot be longer than %(max)d character.": _plural("Vpišite največ %(max)d znak.",
                                                               "Vpišite največ %(max)d znakov."),
    "Field must be exactly %(max)d character long.": _plural("Vpišite natanko %(max)d znak.",
                                                              "Vpišite natanko %(max)d znakov."),
    "'%(value)s' is not a valid choice for this field.": _plural(
        "Izberite samo med ponujenimi možnostmi ('%(value)s' ni med njimi).",
        "Izberite samo med ponujenimi možnostmi ('%(value)s' niso med njimi)."),
}


class Translations:
    """WTForms' translations provider: its English messages in the current interface language."""

    def gettext(self, string: str) -> str:
        ours = MESSAGES.get(string)
        return string if ours is None else get_translations().ugettext(ours)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        ours = PLURALS.get(singular)
        if ours is None:
            return singular if n == 1 else plural
        return get_translations().ungettext(*ours, n)


TRANSLATIONS = Translations()


class _TranslatedMeta:
    def get_translations(self, form):
        return TRANSLATIONS


class BaseForm(FlaskForm):
    """Every submitted form (CSRF from Flask-WTF, messages in the interface language)."""

    class Meta(_TranslatedMeta):
        pass


class PlainForm(Form):
    """Without CSRF: rows inside another form (FormField), the search form bound to the query string."""

    class Meta(_TranslatedMeta):
        pass
