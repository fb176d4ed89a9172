"""The listing form: everything the exchange format carries, with Slovene messages beside each field."""
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, FieldList, FormField, HiddenField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, NumberRange, Optional, URL, ValidationError

from ..forms import BaseForm, PlainForm
from .fields import (CheckboxesField, ChoiceField, DaysField, IsoDateField, WholeNumberField, clock_time,
                     normal_time, slovene_phone)


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def _required(message):
    return DataRequired(message)


def _max(n):
    return Length(max=n, message=_l("Največ %(max)d znakov.", max=n))


# Longer texts: a description of several pages is enough; 10 MB pasted in would be stored, indexed and
# sent to every reader.
DESCRIPTION_MAX, NOTE_MAX, SHORT_NOTE_MAX = 10_000, 5_000, 1_000


def _long(n):
    return Length(max=n, message=_l("Besedilo je predolgo: največ %(max)d znakov, vpisanih je %(length)d."))


STATUS_CHOICES = [
    ("active", _l("Deluje")),
    ("temporarily closed", _l("Začasno zaprto")),
    ("inactive", _l("Ne deluje")),
    ("defunct", _l("Ukinjeno")),
]
PHONE_TYPES = [("voice", _l("Telefon")), ("cell", _l("Mobilni telefon")), ("fax", _l("Faks")),
               ("text", _l("SMS")), ("textphone", _l("Tekstovni telefon")), ("video", _l("Video klic"))]
DAY_CHOICES = [("MO", _l("pon")), ("TU", _l("tor")), ("WE", _l("sre")), ("TH", _l("čet")),
               ("FR", _l("pet")), ("SA", _l("sob")), ("SU", _l("ned"))]
REPORT_TOPIC_CHOICES = [("phone", _l("Napačna telefonska številka")), ("address", _l("Napačen naslov")),
                        ("hours", _l("Napačen delovni čas")), ("closed", _l("Storitev ne deluje več")),
                        ("other", _l("Drugo"))]
LANGUAGE_CHOICES = [("sl", _l("slovenščina")), ("en", _l("angleščina")), ("de", _l("nemščina")),
                    ("it", _l("italijanščina")), ("hu", _l("madžarščina")), ("hr", _l("hrvaščina")),
                    ("sr", _l("srbščina")), ("bs", _l("bosanščina")), ("mk", _l("makedonščina")),
                    ("sq", _l("albanščina")), ("uk", _l("ukrajinščina")), ("ru", _l("ruščina")),
                    ("ar", _l("arabščina")), ("fa", _l("perzijščina")), ("sgn", _l("slovenski znakovni jezik"))]


class _Row(PlainForm):
    """A repeatable row; a row left completely empty, or marked for removal, is ignored."""
    remove = BooleanField(_l("Odstrani to vrstico"))
    IGNORED_TYPES = ("HiddenField", "CSRFTokenField", "ChoiceField", "BooleanField")

    def is_blank(self) -> bool:
        return bool(self.remove.data) or self.is_empty()

    def is_empty(self) -> bool:
        return not any(f.data for f in self if f.type not in self.IGNORED_TYPES)


class PhoneRow(_Row):
    number = StringField(_l("Številka"), filters=[_strip], validators=[slovene_phone, _max(50)])
    type = ChoiceField(_l("Vrsta"), choices=PHONE_TYPES, default="voice")
    description = StringField(_l("Opis"), filters=[_strip], validators=[Optional(), _max(300)])

    def validate_number(self, field):
        if not field.data and self.description.data:
            raise ValidationError(_l("Vpišite številko ali izbrišite opis."))


class ScheduleRow(_Row):
    days = DaysField(_l("Dnevi"), choices=DAY_CHOICES)
    opens_at = StringField(_l("Od"), filters=[normal_time], validators=[clock_time])
    closes_at = StringField(_l("Do"), filters=[normal_time], validators=[Optional(), clock_time])
    valid_from = IsoDateField(_l("Velja od"), validators=[Optional()])
    valid_to = IsoDateField(_l("Velja do"), validators=[Optional()])
    description = StringField(_l("Opomba"), filters=[_strip], validators=[Optional(), _max(300)])

    def validate_days(self, field):
        if (self.opens_at.data or self.closes_at.data) and not field.data:
            raise ValidationError(_l("Izberite vsaj en dan."))

    def validate_opens_at(self, field):
        if bool(field.data) != bool(self.closes_at.data):
            raise ValidationError(_l("Vpišite oba časa: od in do."))
        if self.days.data and not field.data and not self.description.data:
            raise ValidationError(_l("Vpišite čas ali opombo."))

    def validate_valid_to(self, field):
        if field.data and self.valid_from.data and field.data < self.valid_from.data:
            raise ValidationError(_l("Konec ne more biti pred začetkom."))


class LocationRow(_Row):
    id = HiddenField()
    name = StringField(_l("Ime lokacije"), filters=[_strip], validators=[Optional(), _max(300)])
    address_1 = StringField(_l("Ulica in hišna številka"), filters=[_strip], validators=[Optional(), _max(300)])
    postal_code = StringField(_l("Poštna številka"), filters=[_strip], validators=[Optional(), _max(10)])
    city = StringField(_l("Kraj"), filters=[_strip], validators=[_max(100)])
    confidential = BooleanField(_l("Zaupen naslov (varna hiša): ne objavi naslova"))
    transportation = StringField(_l("Dostop z javnim prevozom"), filters=[_strip],
                                 validators=[Optional(), _long(SHORT_NOTE_MAX)])
    accessibility = StringField(_l("Dostopnost"), filters=[_strip], validators=[Optional(), _long(SHORT_NOTE_MAX)])

    def is_empty(self) -> bool:
        return not any((self.name.data, self.address_1.data, self.postal_code.data, self.city.data))

    def validate_postal_code(self, field):
        if field.data and not (field.data.isascii() and field.data.isdigit() and len(field.data) == 4):
            raise ValidationError(_l("Poštna številka ima štiri števke, npr. 1420."))

    def validate_city(self, field):
        if (self.address_1.data or self.postal_code.data) and not field.data:
            raise ValidationError(_l("Vpišite kraj."))


def _rows_validated(rows: FieldList) -> None:
    """Drop the errors of rows left empty, so spare blank rows never block saving."""
    for row in rows:
        if row.form.is_blank():
            for field in row.form:
                field.errors = []


class ServiceForm(BaseForm):
    base_version = HiddenField()
    name = StringField(_l("Ime storitve"), filters=[_strip],
                       validators=[_required(_l("Vpišite ime storitve.")), _max(300)])
    alternate_name = StringField(_l("Drugo ime"), filters=[_strip], validators=[Optional(), _max(300)])
    description = TextAreaField(_l("Opis"), filters=[_strip],
                                validators=[_required(_l("Vpišite opis storitve.")), _long(DESCRIPTION_MAX)])
    easy_read = TextAreaField(_l("Povzetek v lahkem branju"), filters=[_strip], validators=[Optional(), _max(1000)])
    status = ChoiceField(_l("Stanje"), choices=STATUS_CHOICES, default="active")
    alert = TextAreaField(_l("Obvestilo (npr. zaprto v avgustu)"), filters=[_strip], validators=[_max(1000)])
    eligibility_description = TextAreaField(_l("Komu je namenjena"), filters=[_strip],
                                            validators=[Optional(), _long(NOTE_MAX)])
    application_process = TextAreaField(_l("Kako do storitve"), filters=[_strip],
                                        validators=[Optional(), _long(NOTE_MAX)])
    fees_description = TextAreaField(_l("Stroški"), filters=[_strip], validators=[Optional(), _long(NOTE_MAX)])
    minimum_age = WholeNumberField(_l("Najnižja starost"), validators=[
        Optional(), NumberRange(0, 120, _l("Starost mora biti med 0 in 120."))])
    maximum_age = WholeNumberField(_l("Najvišja starost"), validators=[
        Optional(), NumberRange(0, 120, _l("Starost mora biti med 0 in 120."))])
    email = StringField(_l("E-naslov"), filters=[_strip], validators=[
        Optional(), Email(_l("E-naslov ni veljaven."), check_deliverability=False), _max(200)])
    url = StringField(_l("Spletna stran"), filters=[_strip], validators=[
        Optional(), URL(message=_l("Vpišite celoten naslov spletne strani, npr. https://www.primer.si/.")), _max(500)])
    phones = FieldList(FormField(PhoneRow), min_entries=1)
    schedules = FieldList(FormField(ScheduleRow), min_entries=1)
    locations = FieldList(FormField(LocationRow), min_entries=1)
    whole_country = BooleanField(_l("Vsa Slovenija"))
    municipalities = CheckboxesField(_l("Občine"))
    regions = CheckboxesField(_l("Cele regije"))
    target_groups = CheckboxesField(_l("Ciljne skupine"))
    kinds = CheckboxesField(_l("Vrste pomoči"))
    languages = CheckboxesField(_l("Jeziki"), choices=LANGUAGE_CHOICES)
    sources = TextAreaField(_l("Viri (en spletni naslov v vrstici)"), filters=[_strip],
                            validators=[Optional(), _long(NOTE_MAX)])

    def validate_alert(self, field):
        if self.status.data == "temporarily closed" and not field.data:
            raise ValidationError(_l("Pri začasno zaprti storitvi napišite obvestilo (do kdaj, kam se obrniti)."))

    def validate_maximum_age(self, field):
        low = self.minimum_age.data
        if field.data is not None and low is not None and field.data < low:
            raise ValidationError(_l("Najvišja starost ne more biti manjša od najnižje."))

    def validate_kinds(self, field):
        if not field.data:
            raise ValidationError(_l("Izberite vsaj eno vrsto pomoči."))

    def validate(self, extra_validators=None) -> bool:
        return validate_with_rows(self, extra_validators)


def validate_with_rows(form, extra_validators=None) -> bool:
    """Validate a form whose spare blank rows must not block saving."""
    BaseForm.validate(form, extra_validators)
    for rows in form:
        if isinstance(rows, FieldList):
            _rows_validated(rows)
    return not any(_field_errors(form))


def _field_errors(form):
    for field in form:
        if isinstance(field, FieldList):
            for entry in field:
                yield from _field_errors(entry.form) if isinstance(entry, FormField) else entry.errors
        else:
            yield from field.errors


def error_summary(form, prefix: str = "") -> list[tuple[str, str, str]]:
    """Return (field id, label, message) for every error, in form order, for the summary above the form."""
    found = []
    for field in form:
        if isinstance(field, FieldList):
            for number, entry in enumerate(field, start=1):
                label = f"{field.label.text} {number}"
                found += error_summary(entry.form, label + ": ") if isinstance(entry, FormField) else []
        else:
            found += [(field.id, prefix + str(field.label.text), str(e)) for e in field.errors]
    return found


def pad_rows(form, spare: int = 1, more: str | None = None) -> None:
    """Append blank rows so another phone, interval or location can be added without JavaScript;
    `more` names the list whose "add a row" button was pressed (it gets one extra)."""
    for rows in form:
        if isinstance(rows, FieldList):
            blanks = sum(1 for row in rows if row.form.is_empty())
            missing = max(0, spare - blanks, 1 if rows.name == more else 0)
            for _ in range(missing):
                rows.append_entry()
