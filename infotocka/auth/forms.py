"""Sign-in and password forms."""
from flask_babel import lazy_gettext as _l
from wtforms import EmailField, PasswordField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional

from ..forms import BaseForm

MIN_PASSWORD = 10
EMAIL_MAX, PASSWORD_MAX = 254, 200  # the e-mail column; a longer password would only cost hashing time


def email_length():
    return Length(max=EMAIL_MAX, message=_l("E-naslov ima lahko največ 254 znakov."))


class LoginForm(BaseForm):
    email = EmailField(_l("E-naslov"), validators=[DataRequired(_l("Vpišite e-naslov.")), email_length()])
    password = PasswordField(_l("Geslo"), validators=[
        DataRequired(_l("Vpišite geslo.")), Length(max=PASSWORD_MAX, message=_l("Največ 200 znakov."))])


class RequestResetForm(BaseForm):
    email = EmailField(_l("E-naslov"), validators=[
        DataRequired(_l("Vpišite e-naslov.")), email_length(),
        Email(_l("E-naslov ni veljaven."), check_deliverability=False),
    ])


class SetPasswordForm(BaseForm):
    name = StringField(_l("Ime in priimek"), validators=[Optional(), Length(max=200, message=_l("Največ 200 znakov."))])
    password = PasswordField(_l("Novo geslo"), validators=[
        DataRequired(_l("Vpišite geslo.")),
        Length(min=MIN_PASSWORD, max=200, message=_l("Geslo naj ima vsaj 10 znakov.")),
    ])
    confirm = PasswordField(_l("Ponovite geslo"), validators=[
        DataRequired(_l("Ponovite geslo.")),
        EqualTo("password", _l("Gesli se ne ujemata.")),
    ])
