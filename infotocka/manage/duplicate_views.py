"""Staff review probable duplicate listings and merge them (or leave them be)."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import _
from flask_login import current_user

from ..auth.decorators import staff_required
from ..extensions import db
from ..models import Service
from . import bp
from .duplicates import duplicate_pairs
from .merging import merge_services
from .moderation import ConfirmForm


@bp.get("/dvojniki")
@staff_required
def duplicates():
    return render_template("manage/duplicates.html", pairs=duplicate_pairs(), form=ConfirmForm())


@bp.post("/dvojniki/zdruzi")
@staff_required
def merge():
    keep = db.session.get(Service, request.form.get("keep", ""))
    duplicate = db.session.get(Service, request.form.get("drop", ""))
    if not ConfirmForm().validate_on_submit() or keep is None or duplicate is None or keep.id == duplicate.id:
        abort(400)
    name = duplicate.name
    merge_services(duplicate, keep, current_user)
    flash(_("»%(drop)s« je združena v »%(keep)s«; stari naslov vodi na ohranjeni vnos.", drop=name, keep=keep.name),
          "success")
    return redirect(url_for("manage.duplicates"), 303)
