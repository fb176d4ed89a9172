"""Each search adds exactly one count in the right cell, only once, and nothing that identifies anyone."""
from datetime import date

import sqlalchemy as sa

from infotocka.demand.log import note_unmatched
from infotocka.demand.outcomes import CHANNELS, DESK_OUTCOMES, SEARCH_OUTCOMES
from infotocka.extensions import db
from infotocka.models import DemandCount, Municipality, TaxonomyTerm, UnmatchedSearch

from .conftest import TRBOVLJE


def test_a_web_search_adds_one_count_in_its_cell(client, sample, counted):
    assert client.get(f"/iskanje?kind=pomoc-na-domu&municipality={TRBOVLJE}").status_code == 200
    assert counted() == [(TRBOVLJE, "pomoc-na-domu", "local", "web", 1)]
    assert db.session.scalar(sa.select(DemandCount.day)) == date.today()


def test_a_search_that_finds_nothing_nearby_is_counted_as_such(client, sample, counted):
    client.get(f"/iskanje?kind=krizna-namestitev&municipality={TRBOVLJE}")
    client.get("/iskanje?q=qwertzuiop")  # no need understood, no municipality
    assert counted() == [(0, "", "none", "web", 1), (TRBOVLJE, "krizna-namestitev", "none", "web", 1)]


def test_the_needs_understood_from_the_words_are_counted_once_each(client, sample, counted):
    client.get(f"/iskanje?q=partner+mi+grozi&municipality={TRBOVLJE}")
    rows = counted()
    assert "zrtve-nasilja" in {need for _m, need, _o, _c, _n in rows}
    assert {(m, c, n) for m, _need, _o, c, n in rows} == {(TRBOVLJE, "web", 1)}


def test_only_a_first_look_at_page_one_counts(client, sample, counted):
    url = f"/iskanje?q=pomoč+na+domu&municipality={TRBOVLJE}"
    client.get(url + "&page=2")
    client.get(url, headers={"Cache-Control": "max-age=0"})  # the browser's reload
    client.get(url, headers={"Referer": "http://localhost" + url + "&page=2"})  # back from page 2
    client.get(url, headers={"Referer": "http://localhost/pokritost?region=zasavska"})  # a planner's cell link
    assert counted() == []
    client.get(url, headers={"Referer": "http://localhost/"})
    rows = counted()
    assert rows and {n for *_rest, n in rows} == {1}


def test_a_kiosk_tile_adds_one_count_for_the_kiosks_municipality(client, sample, counted):
    results = "/kiosk/trbovlje/iskanje?potreba=nasilje"
    assert client.get(results).status_code == 200
    client.get(results + "&stran=2")
    detail = "http://localhost/kiosk/trbovlje/storitev/svc-x?nazaj=/kiosk/trbovlje/iskanje?potreba%3Dnasilje"
    client.get(results, headers={"Referer": detail})  # "Nazaj" from a service
    assert counted() == [(TRBOVLJE, "zrtve-nasilja", "local", "kiosk", 1)]


def test_an_api_search_counts_but_a_plain_listing_does_not(client, sample, counted):
    assert client.get("/api/v1/services").status_code == 200
    assert counted() == []
    client.get(f"/api/v1/services?taxonomy_term_id=pomoc-na-domu&municipality={TRBOVLJE}")
    client.get(f"/api/v1/services?taxonomy_term_id=pomoc-na-domu&municipality={TRBOVLJE}&page=2")
    assert counted() == [(TRBOVLJE, "pomoc-na-domu", "local", "api", 1)]


def test_a_broken_log_never_breaks_a_search(app, client, sample):
    with db.engine.begin() as conn:
        conn.execute(sa.text("DROP TABLE demand_count"))
    response = client.get(f"/iskanje?kind=pomoc-na-domu&municipality={TRBOVLJE}")
    assert response.status_code == 200
    assert 'href="/storitev/' in response.get_data(as_text=True)  # the resident still sees the services


def test_the_switch_turns_logging_off(app, client, sample, counted):
    app.config["DEMAND_LOG"] = False
    client.get(f"/iskanje?kind=pomoc-na-domu&municipality={TRBOVLJE}")
    client.get("/iskanje?q=qwertzuiop")
    client.get("/kiosk/trbovlje/iskanje?potreba=nasilje")
    client.get("/api/v1/services?search=varna+hisa")
    assert counted() == []
    assert db.session.scalar(sa.select(sa.func.count()).select_from(UnmatchedSearch)) == 0
    assert "štetje iskanj izklopljeno" in client.get("/o-storitvi").get_data(as_text=True)


def test_the_about_page_says_what_is_counted(client):
    page = client.get("/o-storitvi").get_data(as_text=True)
    assert "Kaj štejemo in zakaj" in page
    assert "Ne shranjujemo besedila iskanj, naslovov IP, piškotkov" in page


COLUMNS = {
    "demand_count": {"day": sa.Date, "municipality": sa.Integer, "need": sa.String, "outcome": sa.String,
                     "channel": sa.String, "count": sa.Integer},
    "demand_unmatched": {"month": sa.String, "digest": sa.String, "days": sa.Integer, "searches": sa.Integer,
                         "text": sa.String},
}


def _stored_values() -> list[str]:
    values = []
    for table in COLUMNS:
        values += [str(v) for row in db.session.execute(sa.text(f"SELECT * FROM {table}")) for v in row]
    return values


def test_the_demand_tables_can_hold_nothing_identifying(app, client, sample):
    inspector = sa.inspect(db.engine)
    tables = {t for t in inspector.get_table_names() if t.startswith("demand")}
    found = {t: {c["name"]: c["type"] for c in inspector.get_columns(t)} for t in tables}
    assert {t: set(cols) for t, cols in found.items()} == {t: set(cols) for t, cols in COLUMNS.items()}
    for table, columns in found.items():
        for name, kind in columns.items():
            assert isinstance(kind, COLUMNS[table][name]), (table, name, kind)
            if isinstance(kind, sa.String):  # short codes and a month, apart from the 5-day text
                assert kind.length <= (200 if name == "text" else 64), (table, name)

    client.set_cookie("obisk", "piskotek-4242")
    who = {"User-Agent": "Brskalnik-Ane", "X-Forwarded-For": "203.0.113.7"}
    for text in ("Ana Kovač varna hiša", "Ana Kovač", "041 555 123 Ana"):
        client.get(f"/iskanje?q={text}&municipality={TRBOVLJE}", headers=who,
                   environ_base={"REMOTE_ADDR": "198.51.100.23"})
    stored = " ".join(_stored_values()).casefold()
    for secret in ("ana", "kovac", "kovač", "041", "555", "203.0.113", "198.51.100", "piskotek", "brskalnik"):
        assert secret not in stored, secret

    codes = set(db.session.scalars(sa.select(TaxonomyTerm.code))) | {""}
    places = set(db.session.scalars(sa.select(Municipality.id))) | {0}
    for row in db.session.scalars(sa.select(DemandCount)):
        assert row.need in codes and row.municipality in places
        assert row.outcome in SEARCH_OUTCOMES + DESK_OUTCOMES and row.channel in CHANNELS
    unmatched = db.session.scalars(sa.select(UnmatchedSearch)).all()
    assert [u.text for u in unmatched] == [None]  # "Ana Kovač": a keyed hash only; the one with digits: nothing


def test_an_unmatched_text_is_kept_only_once_five_days_of_a_month_saw_it(app):
    def rows():
        return [(u.month, u.searches, u.text) for u in
                db.session.scalars(sa.select(UnmatchedSearch).order_by(UnmatchedSearch.month)).all()]
    for day in (1, 2, 3, 4, 4, 4):
        note_unmatched("Kje je  Ščukova pomoč?", date(2026, 11, day))
    note_unmatched("redka beseda", date(2026, 11, 9))
    db.session.expire_all()
    assert sorted(rows()) == [("2026-11", 1, None), ("2026-11", 6, None)]
    note_unmatched("kje je ščukova pomoč", date(2026, 11, 5))
    db.session.expire_all()
    assert ("2026-11", 7, "kje je scukova pomoc") in rows()

    note_unmatched("kje je scukova pomoc", date(2026, 12, 1))  # a new month starts afresh ...
    db.session.expire_all()
    # ... and forgets the texts of earlier months that never reached five days
    assert rows() == [("2026-11", 7, "kje je scukova pomoc"), ("2026-12", 1, None)]


def test_texts_with_numbers_are_never_recorded(app):
    for day in range(1, 8):
        note_unmatched("EMŠO 0101990500123", date(2026, 11, day))
        note_unmatched("ana@example.org", date(2026, 11, day))
    assert db.session.scalar(sa.select(sa.func.count()).select_from(UnmatchedSearch)) == 0
