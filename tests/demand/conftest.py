"""Helpers for the demand log tests: what the counters hold, read as plain rows."""
import pytest
from sqlalchemy import select

from infotocka.extensions import db
from infotocka.models import DemandCount

TRBOVLJE, HRASTNIK, ZAGORJE = 129, 34, 142


@pytest.fixture
def counted(app):
    """Return a function listing the counters as (municipality, need, outcome, channel, count), sorted."""
    def rows():
        c = DemandCount
        query = select(c.municipality, c.need, c.outcome, c.channel, c.count)
        return sorted(tuple(r) for r in db.session.execute(query))
    return rows


@pytest.fixture
def client(app):
    """A test client that closes each response at once, as a WSGI server does once it has sent it
    (searches are counted then)."""
    class ServerClient(app.test_client_class):
        def open(self, *args, buffered=True, **kwargs):
            return super().open(*args, buffered=buffered, **kwargs)
    app.test_client_class = ServerClient
    return app.test_client()
