"""Crisis first in the search: the lines and shelters of the crisis lead the results."""
from infotocka.search import SearchQuery, search

LINES = {  # a service a resident in this crisis must see in the first three results
    "samomor": {"svc-zaupni-telefon-116123", "svc-klic-v-dusevni-stiski"},
    "nasilje": {"svc-sos-telefon", "m-varna-hisa-gorenjska", "x-varna-hisa"},
    "otrok": {"svc-tom-telefon", "svc-sos-telefon"},
    "nevarnost": {"svc-v-nujnih-primerih"},
}
TRBOVLJE = 129


def test_every_crisis_phrasing_puts_its_lines_in_the_first_three(directory, crisis_phrasings):
    missed = []
    for row in crisis_phrasings:
        result = search(SearchQuery(text=row["text"], per_page=5))
        if row["category"] not in result.crisis or not LINES[row["category"]] & set(result.ids[:3]):
            missed.append((row["text"], result.crisis, result.ids[:3]))
    assert missed == []


def test_ordinary_needs_rank_as_before(directory, ordinary_needs):
    for text in ordinary_needs:
        result = search(SearchQuery(text=text, per_page=5))
        assert result.crisis == [], text
    assert "svc-sos-telefon" not in search(SearchQuery(text="dom za starejše", per_page=5)).ids


def test_crisis_lines_lead_even_when_no_word_matches(directory):
    result = search(SearchQuery(text="ne morem več, rad bi zaspal in se ne zbudil", per_page=3))
    assert set(result.ids[:2]) == LINES["samomor"]
    assert result.total >= 2


def test_crisis_services_respect_the_filters_and_paging(directory):
    every = search(SearchQuery(text="mož me tepe", per_page=100)).ids
    pages = [search(SearchQuery(text="mož me tepe", per_page=4, page=p)).ids for p in (1, 2, 3)]
    assert sum(pages, []) == every[:12] and len(set(every)) == len(every)
    shelters = search(SearchQuery(text="mož me tepe", per_page=3, kind=["krizna-namestitev"]))
    assert "svc-sos-telefon" not in shelters.ids and "x-varna-hisa" in shelters.ids  # the filter holds
    here = search(SearchQuery(text="mož me tepe", municipality=TRBOVLJE, per_page=100))
    assert here.ids[0] == "svc-sos-telefon" and here.total == len(here.ids)


def test_while_the_index_is_rebuilt_a_crisis_message_still_gets_its_help_first(app, client, directory):
    """No second engine answers while the index is rebuilt: the honest page shows the crisis help first."""
    import shutil

    from infotocka.search import snapshot, storage
    lock = storage.try_rebuild_lock(storage.root(app))  # another worker is rebuilding this host's index
    try:
        app.config.update(INDEX_REBUILD_WAIT=0)
        shutil.rmtree(app.config["INDEX_DIR"], ignore_errors=True)
        storage.root(app)
        snapshot.forget()
        page = client.get("/iskanje?q=" + "he threatens to kill me".replace(" ", "+"))
        html = page.get_data(as_text=True)
        assert page.status_code == 503 and "data-crisis" in html and "080 11 55" in html
        section = html[html.index("search-rebuilding"):]  # the page's own content, after the header's bar
        assert section.index("/storitev/svc-sos-telefon") < section.index("Telefoni za pomoč v stiski")
        assert "quick-exit" in html or "Hiter izhod" in html
        plain = client.get("/iskanje?q=dom+za+starejše").get_data(as_text=True)
        assert "data-crisis" not in plain
    finally:
        lock.close()


def test_of_several_lines_for_one_crisis_the_one_that_answers_the_message_comes_first(directory, tmp_path):
    """Among the lines of one crisis, the order follows what the message says, not the alphabet: an older
    woman beaten at home gets the line for older people first, though its name sorts last (and the crisis's
other lines still follow in the first three)."""
    import json

    from infotocka.directory.hsds_import import import_path

    line = {"id": "svc-test-linija-starejsi", "name": "Zaupna linija za starejše, ki doživljajo nasilje",
            "description": "Anonimni telefon za starejše ljudi, ki jih sorodniki, otroci ali skrbniki tepejo, "
                           "jim grozijo ali jemljejo pokojnino.",
            "status": "active",
            "organization": {"id": "org-test-linija-starejsi", "name": "Društvo za dostojno starost"},
            "phones": [{"number": "080 12 34", "type": "voice"}],
            "service_areas": [{"name": "Slovenija", "uri": "urn:si:drzava:SI"}],
            "attributes": [{"taxonomy_term": {"code": code, "taxonomy": taxonomy}} for code, taxonomy in
                           (("zrtve-nasilja", "ciljne-skupine"), ("starejsi", "ciljne-skupine"),
                            ("telefonska-pomoc", "vrste-pomoci"))]}
    path = tmp_path / "line.json"
    path.write_text(json.dumps([line], ensure_ascii=False), encoding="utf-8")
    assert not import_path(path).rejected
    from infotocka.extensions import db
    db.session.commit()

    older = search(SearchQuery(text="sem starejša gospa in sin me pretepa, vzame mi pokojnino", per_page=5))
    assert "nasilje" in older.crisis
    assert older.ids[0] == "svc-test-linija-starejsi"
    young = search(SearchQuery(text="partner me pretepa in grozi, da me bo ubil", per_page=5))
    assert "nasilje" in young.crisis and "svc-sos-telefon" in young.ids[:3]
