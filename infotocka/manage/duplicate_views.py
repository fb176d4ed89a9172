"""Staff review probable duplicate listings (services and organizations) and merge them or keep both."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import _
from flask_login import current_user

from ..auth.decorators import staff_required
from ..extensions import db
from ..models import Organization, Service
from . import bp
from .duplicates import REASONS, duplicate_pairs, keep_apart
from .merging import merge_organizations, merge_services
from .moderation import ConfirmForm

MODELS = {"storitev": Service, "organizacija": Organization}


@bp.get("/dvojniki")
@staff_required
def duplicates():
    return render_template("manage/duplicates.html", pairs=duplicate_pairs("service"),
                           organizations=duplicate_pairs("organization"), reasons=REASONS, form=ConfirmForm())


def _posted_pair(kind: str):
    """Return the two listings a decision names (400 for anything else, CSRF included)."""
    model = MODELS.get(kind) or abort(404)
    keep = db.session.get(model, request.form.get("keep", ""))
    other = db.session.get(model, request.form.get("drop", ""))
    if not ConfirmForm().validate_on_submit() or keep is None or other is None or keep.id == other.id:
        abort(400)
    return keep, other


@bp.post("/dvojniki/<kind>/zdruzi")
@staff_required
def merge(kind: str):
    keep, duplicate = _posted_pair(kind)
    name = duplicate.name
    (merge_services if kind == "storitev" else merge_organizations)(duplicate, keep, current_user)
    flash(_("»%(drop)s« je združena v »%(keep)s«; stari naslov vodi na ohranjeni vnos.", drop=name, keep=keep.name),
          "success")
    return redirect(url_for("manage.duplicates"), 303)


@bp.post("/dvojniki/<kind>/nista-dvojnika")
@staff_required
def keep_both(kind: str):
    first, second = _posted_pair(kind)
    keep_apart("service" if kind == "storitev" else "organization", first.id, second.id, current_user)
    db.session.commit()
    flash(_("»%(a)s« in »%(b)s« ostaneta ločena; tega para ne bomo več predlagali.", a=first.name, b=second.name),
          "success")
    return redirect(url_for("manage.duplicates"), 303)
