"""The fast engine computes what Whoosh would: same scores on a many-segment index, exact
paging, a searcher reused until the index changes, and bounded segment merging on edits."""
import pytest
from flask import current_app

from infotocka.extensions import db
from infotocka.models import Service
from infotocka.search import SearchQuery, engine, scoring, search, snapshot, sync
from infotocka.search.query import build, plan_query

QUERIES = ["pomoč na domu", "partner mi grozi", "svetovalnica za starse", "invalidj", "dnevni centr",
           "ZRSZ", "hči se drogira", "nimamo denarja za elektriko", "dom za starejše", "varna hiša"]


@pytest.fixture
def many_segments(directory, monkeypatch):
    """Rebuild the index as segments of 7 services each."""
    monkeypatch.setattr(sync, "REBUILD_SEGMENT", 7)
    sync.rebuild(current_app)
    snap = snapshot.current(current_app)
    assert len(snap.leaves) > 5
    return directory


@pytest.mark.parametrize("dense_from", [scoring.DENSE_FROM, 0], ids=["dicts", "numpy"])
def test_scores_equal_whoosh_scoring_across_segments(many_segments, monkeypatch, dense_from):
    """Sums of big score tables are added by numpy (a 100,000-service directory); forced here on the
    sample, they give the same hits and scores as Whoosh, and as adding in dicts, to the last bit."""
    monkeypatch.setattr(scoring, "DENSE_FROM", dense_from)
    snap = snapshot.current(current_app)
    for text in QUERIES:
        q = build(plan_query(text, snap.searcher, engine.load_thesaurus()))
        ours = scoring.as_dict(q, snap)
        theirs = {docnum: score for score, docnum in snap.searcher.search(q, limit=None).top_n}
        assert ours.keys() == theirs.keys(), text
        assert all(ours[d] == pytest.approx(theirs[d], rel=1e-12) for d in theirs), text
        if dense_from == 0:
            monkeypatch.setattr(scoring, "DENSE_FROM", 10**12)
            assert scoring.as_dict(q, snap) == ours, text  # the same doubles, added in dicts
            monkeypatch.setattr(scoring, "DENSE_FROM", 0)


def test_lines_analysed_once_give_the_index_whoosh_would_write(directory, monkeypatch):
    """Fields analyse a document line by line and keep the words of lines met before (a taxonomy term's
    line recurs in every service with the term): every hit and score is that of Whoosh's own TEXT field,
    across segments and with lines dropped from the line cache while the rebuild runs."""
    from whoosh.fields import TEXT

    from infotocka.search.schema import LineCachedText
    monkeypatch.setattr(sync, "REBUILD_SEGMENT", 7)
    monkeypatch.setattr(LineCachedText, "LINES_KEPT", 5)

    def scores() -> dict[str, dict[str, float]]:
        snap = snapshot.current(current_app)
        found = {}
        for text in QUERIES:
            q = build(plan_query(text, snap.searcher, engine.load_thesaurus()))
            found[text] = {snap.searcher.stored_fields(d)["id"]: s for d, s in scoring.as_dict(q, snap).items()}
        return found

    sync.rebuild(current_app)
    ours = scores()
    with monkeypatch.context() as whoosh_text:
        whoosh_text.setattr(LineCachedText, "index", TEXT.index)
        sync.rebuild(current_app)
        theirs = scores()
    assert ours == theirs
    assert all(theirs.values()) and len(set().union(*theirs.values())) > len(directory) // 2


def test_pages_are_slices_of_the_full_ranking(many_segments):
    for text, muni in [("pomoč", None), ("pomoč", 61), ("", 61), ("", None)]:
        full = search(SearchQuery(text=text, municipality=muni, per_page=1000))
        assert full.total == len(full.ids)
        for page in (1, 2, 3):
            part = search(SearchQuery(text=text, municipality=muni, page=page, per_page=4))
            assert part.ids == full.ids[(page - 1) * 4:page * 4]
            assert part.total == full.total and part.facets == full.facets


def test_searcher_is_reused_until_the_index_changes(directory):
    search(SearchQuery(text="telefon"))
    first = snapshot.current(current_app)
    search(SearchQuery(text="pomoč"))
    assert snapshot.current(current_app) is first
    sid = directory[0]
    service = db.session.get(Service, sid)
    service.name = "Kurentovanje za vse"
    db.session.commit()
    assert search(SearchQuery(text="kurentovanje")).ids == [sid]
    assert snapshot.current(current_app) is not first


def test_edits_merge_only_tiny_segments(directory):
    sync.rebuild(current_app)  # one whole segment of every listing, then edits
    sid = directory[0]
    for n in range(2 * sync.MERGE_FANIN + 3):
        service = db.session.get(Service, sid)
        service.name = f"Kurentovanje {n}"
        db.session.commit()
    assert search(SearchQuery(text="kurentovanje")).ids == [sid]
    snap = snapshot.current(current_app)
    assert len(snap.leaves) <= sync.MERGE_FANIN + 1
    assert max(leaf.count for leaf in snap.leaves) >= len(directory)  # the rebuilt segment stayed whole


def test_a_rebuild_written_by_several_processes_finds_what_one_process_finds(directory, monkeypatch):
    sync.rebuild(current_app)  # a small directory: one process
    one = {text: search(SearchQuery(text=text, per_page=1000)) for text in QUERIES}
    monkeypatch.setattr(sync, "PARALLEL_FROM", 1)
    monkeypatch.setattr(sync, "REBUILD_SEGMENT", 5)
    monkeypatch.setattr(sync, "JOB", 2)  # documents handed to a helper process at a time
    monkeypatch.setitem(current_app.config, "INDEX_BUILD_PROCESSES", 2)
    stats = sync.rebuild(current_app)
    assert stats["services"] == len(directory)
    assert snapshot.current(current_app).searcher.doc_count() == len(directory)  # none lost, none twice
    for text, first in one.items():
        again = search(SearchQuery(text=text, per_page=1000))
        assert (again.ids, again.total, again.facets) == (first.ids, first.total, first.facets), text


def test_a_parallel_rebuild_whose_processes_die_fails_and_search_keeps_the_old_index(directory, monkeypatch):
    before = search(SearchQuery(text="pomoč", per_page=1000))
    monkeypatch.setattr(sync, "PARALLEL_FROM", 1)
    monkeypatch.setattr(sync, "JOB", 2)
    monkeypatch.setitem(current_app.config, "INDEX_BUILD_PROCESSES", 2)
    monkeypatch.setattr(sync, "document", lambda service: {"id": service.id, "no_such_field": "x"})  # kills them
    with pytest.raises(RuntimeError):
        sync.rebuild(current_app)  # fails, does not wait forever
    assert search(SearchQuery(text="pomoč", per_page=1000)).ids == before.ids


def test_cards_of_a_page_have_the_units_of_the_full_ranking(many_segments, monkeypatch):
    """A page orders only the top of a long ranking (here its first 16 hits), then each card's other
    units among themselves: cards, their units and the facet counts are those of the full ranking."""
    monkeypatch.setattr(engine, "FIRST_DEPTH", 1)  # a page of n cards first orders the top 4n hits
    for text, muni in [("pomoč", None), ("pomoč", 129), ("denarna pomoč", None)]:
        full = search(SearchQuery(text=text, municipality=muni, collapse=True, per_page=1000))
        assert full.total > 20 and (full.units or muni)  # in one municipality, one unit serves it
        for page, size in [(1, 1), (2, 1), (1, 4), (2, 4), (5, 4)]:
            part = search(SearchQuery(text=text, municipality=muni, collapse=True, page=page, per_page=size))
            assert part.ids == full.ids[(page - 1) * size:page * size]
            assert part.units == {lead: full.units[lead] for lead in part.ids if lead in full.units}
            assert part.total == full.total and part.facets == full.facets
