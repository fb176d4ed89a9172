"""A web worker warms up before its first request (wsgi.py): the first resident is served, nothing is counted."""
import shutil

import sqlalchemy as sa

from infotocka import warm_up
from infotocka.extensions import db
from infotocka.models import DemandCount, UnmatchedSearch


def test_warming_up_counts_no_search_and_the_first_resident_is_answered(app, sample, client):
    warm_up(app)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(DemandCount)) == 0  # no one searched yet
    assert db.session.scalar(sa.select(sa.func.count()).select_from(UnmatchedSearch)) == 0
    page = client.get("/iskanje?q=pomoč+na+domu+v+Trbovljah")
    assert page.status_code == 200
    assert "Pomoč na domu" in page.get_data(as_text=True)


def test_warming_up_without_an_index_starts_its_rebuild_and_the_app_still_answers(app, sample, client):
    shutil.rmtree(app.config["INDEX_DIR"])
    warm_up(app)  # does not raise: the worker starts
    page = client.get("/iskanje?q=partner+mi+grozi")
    assert page.status_code == 200
    assert "112" in page.get_data(as_text=True)  # help first, whether the index is back yet or not
