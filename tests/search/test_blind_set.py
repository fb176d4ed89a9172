"""The blind sets load: their listings import cleanly and every graded id exists.

No floor on their score (tests/search/blind*/README.md): they are measured, never tuned against."""
from pathlib import Path

import pytest

from infotocka.directory.hsds_import import import_path
from infotocka.extensions import db
from infotocka.models import Municipality, Service
from infotocka.search import search
from infotocka.search.quality import CRISIS, evaluate, read_queries

HERE = Path(__file__).parent
STYLES = {"story", "slang", "no_diacritics", "typo", "english", "italian", "hungarian", "croatian", "ukrainian",
          "plain", CRISIS}


@pytest.mark.parametrize("name", ["blind", "blind2", "blind3", "blind4", "blind5", "blind6", "blind7",
                                  "blind8", "blind9"])
def test_blind_listings_import_and_every_graded_id_exists(directory, name):
    # blind4 is a crisis set: 9 listings of its own and only the styles crisis and control
    # blind5, blind6 and blind7 name their styles "short" (plain) and "bcs" (Croatian, Serbian, Bosnian);
    # blind7 writes its stories and slang without č/š/ž instead of a style of their own
    recent = {"story", "crisis", "slang", "english", "short", "italian", "no_diacritics", "hungarian", "bcs",
              "ukrainian"}
    least, styles = {"blind4": (5, {"crisis", "control"}), "blind5": (40, recent),
                     "blind6": (45, recent),
                     "blind7": (45, recent - {"no_diacritics"}),
                     "blind8": (45, recent - {"no_diacritics"}),
                     "blind9": (45, recent - {"no_diacritics"})}.get(name, (45, STYLES))
    report = import_path(HERE / name / "listings.json")
    assert report.created >= least and (report.rejected, report.problems) == (0, [])
    ids = list(db.session.scalars(db.select(Service.id)))
    queries = read_queries(HERE / name / "queries.csv", ids)  # raises on an id or pattern that matches nothing
    assert len(queries) >= 120 and {q.style for q in queries} == styles
    assert all(2 in q.grades.values() for q in queries)
    municipalities = set(db.session.scalars(db.select(Municipality.id)))
    assert {q.municipality for q in queries} - {None} <= municipalities
    graded = {sid for q in queries for sid in q.grades}
    assert {sid for sid in ids if sid.startswith(f"{name}-")} <= graded


def test_crisis_top_three_and_municipality_are_measured(directory, tmp_path):
    graded = tmp_path / "q.csv"
    graded.write_text("style,query,relevant,acceptable,municipality\n"
                      "crisis,SOS telefon za ženske in otroke,svc-sos-telefon,,\n"
                      "plain,razdelilnica hrane,svc-csd-kranj-razdelilnica-hrane,,129\n", encoding="utf-8")
    styles = evaluate(read_queries(graded, directory), search)["styles"]
    assert styles[CRISIS]["crisis@3"] == 1.0
    assert styles["plain"]["success@5"] == 0.0  # the Kranj food bank is not available to Trbovlje residents
    assert "crisis@3" not in styles["overall"]


def test_a_service_of_many_units_is_judged_as_the_one_card_residents_see(directory, tmp_path):
    """Per listing, "the CSD's denarna socialna pomoč" wants every unit in the top ten; per card (as the
    results page shows it) one card of all the units is the whole right answer."""
    from infotocka.directory.loading import service_loads
    from infotocka.search.documents import family

    graded = tmp_path / "q.csv"
    graded.write_text("style,query,relevant,acceptable,municipality\n"
                      "plain,denarna socialna pomoč,svc-csd-*-storitve,,\n", encoding="utf-8")
    families = {s.id: family(s) for s in db.session.scalars(db.select(Service).options(*service_loads()))}
    assert len({families[sid] for sid in families if sid.startswith("svc-csd-") and sid.endswith("-storitve")}) == 1
    plain = evaluate(read_queries(graded, list(families)), search, families)["styles"]["plain"]
    assert plain["success@5"] == plain["cards@5"] == 1.0
    assert plain["ndcg@10"] < plain["cards ndcg@10"], plain
