"""Each reader loads only what it uses: near-me sorts every match by distance but reads phones and opening hours
only for the cards on the page it shows; an index rebuild and the coverage page read neither."""
import re
from contextlib import contextmanager

from sqlalchemy import event

from infotocka.extensions import db
from infotocka.models import Service
from infotocka.search import sync


@contextmanager
def statements():
    """Collect (SQL, parameter values) of every statement run meanwhile."""
    seen = []

    def note(conn, cursor, sql, parameters, context, executemany):
        values = parameters.values() if isinstance(parameters, dict) else parameters or ()
        seen.append((sql, list(values)))
    event.listen(db.engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_cursor_execute", note)


def services_read(seen, table: str) -> set:
    """Return the service ids whose rows of `table` (phone, schedule) were read."""
    return {value for sql, values in seen if re.search(rf"FROM {table}\b.*\b{table}\.service_id IN", sql, re.S)
            for value in values}


def test_near_me_reads_phones_and_hours_only_for_the_cards_it_shows(client, sample):
    with statements() as seen:
        html = client.get("/iskanje?kraj=Trbovlje").get_data(as_text=True)
    shown = set(re.findall(r'data-service-id="([^"]+)"', html))
    everything = db.session.scalar(db.select(db.func.count()).select_from(Service))
    assert len(shown) < everything / 2  # a page of cards (and the phone lines), not every match
    assert 'class="card-phone"' in html  # the cards still show their phones
    assert services_read(seen, "phone") and services_read(seen, "phone") <= shown
    assert services_read(seen, "schedule") <= shown


def test_an_index_rebuild_and_the_coverage_page_read_no_phones_or_hours(app, client, sample):
    with statements() as seen:
        sync.rebuild(app)
        page = client.get("/pokritost?regija=zasavska")
    assert page.status_code == 200
    assert not services_read(seen, "phone") and not services_read(seen, "schedule")
