"""WTForms fields that behave differently from WTForms' own, and our validators.

WTForms' own messages are translated by the forms' Meta (infotocka/forms.py), not here."""
import re
from datetime import date

import phonenumbers
from flask_babel import lazy_gettext as _l
from wtforms import DateField, IntegerField, RadioField, SelectField, SelectMultipleField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$|^24:00$")
_LOOSE_TIME = re.compile(r"^(\d{1,2})(?:[:.,h ](\d{2}))?$")
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR")
INVALID_DATE = "Not a valid date value."  # WTForms' own message: the form's Meta translates it
WEEKDAYS_SHORTCUT = "MO-FR"  # the "pon–pet" box: ticks Monday to Friday, also without JavaScript


def as_choices(pairs) -> list[SelectChoice]:
    """Return (value, label) pairs as SelectChoice objects (WTForms 3.3 deprecates tuples)."""
    return [p if isinstance(p, SelectChoice) else SelectChoice(p[0], p[1]) for p in pairs or ()]


class _Choices:
    def __init__(self, *args, choices=None, **kwargs):
        super().__init__(*args, choices=as_choices(choices), **kwargs)


class ChoiceField(_Choices, SelectField):
    """A select whose choices may be set per request (empty until then)."""


class RadioChoiceField(_Choices, RadioField):
    pass


class MultiChoiceField(_Choices, SelectMultipleField):
    """A multiple select whose choices may be set per request (empty until then)."""


class CheckboxesField(MultiChoiceField):
    """A group of labelled checkboxes (one tab stop each, big click targets) instead of a multiple select."""
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class DaysField(CheckboxesField):
    """Day checkboxes; the "pon–pet" shortcut box expands to Monday to Friday; days keep the week's order."""

    def process_formdata(self, valuelist):
        chosen = set(valuelist)
        if WEEKDAYS_SHORTCUT in chosen:
            chosen = (chosen - {WEEKDAYS_SHORTCUT}) | set(WEEKDAYS)
        order = [c.value for c in self.choices]
        self.data = [v for v in order if v in chosen] + sorted(chosen - set(order))


class WholeNumberField(IntegerField):
    """An integer field that leaves a blank box empty (None) instead of calling it wrong."""

    def process_formdata(self, valuelist):
        if valuelist and valuelist[0].strip():
            super().process_formdata(valuelist)
        else:
            self.data = None


class IsoDateField(DateField):
    """A date in any ISO 8601 form (2026-08-31, 20260831); a blank box is no date, not a wrong one."""

    def process_formdata(self, valuelist):
        raw = (valuelist or [""])[0].strip()
        if not raw:
            self.data = None
            return
        try:
            self.data = date.fromisoformat(raw)
        except ValueError as exc:
            self.data = None
            raise ValueError(self.gettext(INVALID_DATE)) from exc


def slovene_phone(form, field):
    """Accept only valid Slovene numbers (national, or international with +386)."""
    if not field.data:
        return
    try:
        number = phonenumbers.parse(field.data, "SI")
    except phonenumbers.NumberParseException as exc:
        raise ValidationError(_l("To ni telefonska številka.")) from exc
    if not phonenumbers.is_valid_number(number) or number.country_code != 386:
        raise ValidationError(_l("Vpišite veljavno slovensko telefonsko številko, npr. 03 56 52 100."))


def normal_time(value):
    """Return a time as people type it ("7:00", "7.00", "7", "07:00") as HH:MM; anything else unchanged."""
    if not isinstance(value, str):
        return value
    match = _LOOSE_TIME.match(value.strip())
    if not match:
        return value.strip()
    return f"{int(match.group(1)):02d}:{match.group(2) or '00'}"


def clock_time(form, field):
    if field.data and not _TIME.match(field.data.strip()):
        raise ValidationError(_l("Čas vpišite kot UU:MM, npr. 8:00 ali 13.30."))
