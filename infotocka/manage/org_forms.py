"""The organization form (a provider's own details)."""
from flask_babel import lazy_gettext as _l
from wtforms import FieldList, FormField, HiddenField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Optional, Regexp, URL

from ..forms import BaseForm
from .fields import slovene_phone
from .forms import DESCRIPTION_MAX, PhoneRow, _long, _max, _strip, validate_with_rows


class OrganizationForm(BaseForm):
    base_version = HiddenField()
    name = StringField(_l("Ime organizacije"), filters=[_strip],
                       validators=[DataRequired(_l("Vpišite ime organizacije.")), _max(300)])
    alternate_name = StringField(_l("Kratko ime"), filters=[_strip], validators=[Optional(), _max(300)])
    description = TextAreaField(_l("Opis"), filters=[_strip], validators=[Optional(), _long(DESCRIPTION_MAX)])
    email = StringField(_l("E-naslov"), filters=[_strip], validators=[
        Optional(), Email(_l("E-naslov ni veljaven."), check_deliverability=False), _max(200)])
    website = StringField(_l("Spletna stran"), filters=[_strip], validators=[
        Optional(), URL(message=_l("Vpišite celoten naslov spletne strani, npr. https://www.primer.si/.")), _max(500)])
    phones = FieldList(FormField(PhoneRow), min_entries=1)

    def validate(self, extra_validators=None) -> bool:
        return validate_with_rows(self, extra_validators)


def _digits_only(value):
    return "".join(ch for ch in value if not ch.isspace()).upper().removeprefix("SI") if value else value


class NewOrganizationForm(BaseForm):
    """Staff add a provider that is not listed yet; what identifies it is checked against the directory first."""
    name = StringField(_l("Ime organizacije"), filters=[_strip],
                       validators=[DataRequired(_l("Vpišite ime organizacije.")), _max(300)])
    registration = StringField(_l("Matična številka (AJPES)"), filters=[_digits_only], validators=[
        Optional(), Regexp(r"^(\d{7}|\d{10})$", message=_l("Matična številka ima 7 ali 10 števk."))])
    tax_number = StringField(_l("Davčna številka"), filters=[_digits_only], validators=[
        Optional(), Regexp(r"^\d{8}$", message=_l("Davčna številka ima 8 števk."))])
    phone = StringField(_l("Telefon"), filters=[_strip], validators=[Optional(), slovene_phone, _max(50)])
    email = StringField(_l("E-naslov"), filters=[_strip], validators=[
        Optional(), Email(_l("E-naslov ni veljaven."), check_deliverability=False), _max(200)])
    confirmed = HiddenField()  # the ids of the possible duplicates staff have seen (and still want a new one)


def organization_form_data(record: dict | None) -> dict:
    """Return the form's initial data for an HSDS organization object."""
    record = record or {}
    data = {name: record.get(name) for name in ("name", "alternate_name", "description", "email", "website")}
    data["phones"] = [{"number": p.get("number"), "type": p.get("type") or "voice",
                       "description": p.get("description")} for p in record.get("phones") or ()]
    return data
