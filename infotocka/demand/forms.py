"""The info-point tally: what an enquiry was about, where from, and whether help was found."""
from flask_babel import lazy_gettext as _l
from wtforms.validators import InputRequired

from ..forms import BaseForm
from ..manage.fields import ChoiceField, MultiChoiceField

ANSWERS = (  # the tally's buttons: outcome code → label
    ("yes", _l("Da, našli smo pomoč")),
    ("partly", _l("Delno")),
    ("no", _l("Ne")),
    ("referred-local", _l("Napoteno k storitvi v občini")),
    ("referred-regional", _l("Napoteno drugam v regiji")),
    ("referred-away", _l("Napoteno izven regije")),
)


class TallyForm(BaseForm):
    needs = MultiChoiceField(_l("Kaj je oseba potrebovala?"),
                             validators=[InputRequired(_l("Izberite vsaj eno potrebo."))])
    municipality = ChoiceField(_l("Občina"))
    outcome = ChoiceField(_l("Smo našli pomoč?"), choices=ANSWERS)
