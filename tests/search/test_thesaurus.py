"""The thesaurus data is valid and covers the whole taxonomy."""
import csv
from pathlib import Path

from infotocka.search.datafile import read_rows
from infotocka.search.thesaurus import Thesaurus, typed_forms

ROOT = Path(__file__).resolve().parents[2]


def taxonomy_codes() -> set[str]:
    with open(ROOT / "data" / "taxonomy.csv", encoding="utf-8") as fh:
        return {row["code"] for row in csv.DictReader(fh)}


def test_every_code_exists_and_every_term_is_covered():
    rows = read_rows(ROOT / "data" / "thesaurus.csv")
    used = {code for row in rows for code in row["kode"].split()}
    assert used <= taxonomy_codes() | {"-"}  # "-": a context phrase, no need
    assert taxonomy_codes() - used <= {"vsi"}
    assert all(row["kode"].split() == ["-"] for row in rows if "-" in row["kode"].split())
    assert all(float(row["utez"] or 1) > 0 for row in rows)


def test_longer_phrase_hides_shorter():
    thesaurus = Thesaurus([
        {"izrazi": "groziti", "kode": "zrtve-nasilja", "utez": "2"},
        {"izrazi": "groziti deložacija", "kode": "brezdomci", "utez": "2"},
    ])
    assert set(thesaurus.expand(["groziti", "delozacija"]).codes) == {"brezdomci"}
    assert set(thesaurus.expand(["groziti"]).codes) == {"zrtve-nasilja"}


def test_a_context_phrase_says_no_need_and_hides_its_words():
    """"hodim v službo" (I go to work) in a story about a mother with dementia is not a search for a job."""
    thesaurus = Thesaurus([
        {"izrazi": "služba|brez službe", "kode": "zaposlovanje-aktivacija", "utez": "2"},
        {"izrazi": "hodim v službo|working full time", "kode": "-", "utez": "1"},
        {"izrazi": "demenca", "kode": "demenca", "utez": "2"},
    ])
    story = thesaurus.expand(["demenca", "hoditi", "sluzba"])
    assert set(story.codes) == {"demenca"} and story.understood() == ["demenca"]
    assert {"hoditi", "sluzba"} <= story.unsearched  # not searched as text either
    assert set(thesaurus.expand(["iskati", "sluzba"]).codes) == {"zaposlovanje-aktivacija"}


REGISTERS = {"uradno", "vsakdanje", "pogovorno", "starejsi", "mladi", "pogojno"}
LANGUAGES = {"sl", "en", "it", "hu", "hr", "uk", "ru"}


def test_every_term_has_words_in_every_register_and_language():
    """Coverage, not particular queries: each taxonomy term (a row's first code) is described
    officially, in everyday, spoken and slang words, in older and young people's words, in
    conditional and negated forms, and in English, Italian, Hungarian and Croatian/Serbian."""
    thesaurus = Thesaurus(read_rows(ROOT / "data" / "thesaurus.csv"))
    rows = read_rows(ROOT / "data" / "thesaurus.csv")
    registers: dict[str, set[str]] = {}
    languages: dict[str, set[str]] = {}
    for n, row in enumerate(rows):
        if not any(e.row == n for e in thesaurus.entries):  # a row of stop words only matches nothing
            continue
        term = row["kode"].split()[0]
        if term == "-":
            continue
        registers.setdefault(term, set()).add(row.get("register") or "")
        languages.setdefault(term, set()).add(row.get("jezik") or "")
    thin = {code: sorted(REGISTERS - registers.get(code, set()) | LANGUAGES - languages.get(code, set()))
            for code in taxonomy_codes()}
    assert {code: gaps for code, gaps in thin.items() if gaps} == {}


def test_conditional_rows_need_their_negation():
    rows = [r for r in read_rows(ROOT / "data" / "thesaurus.csv") if r.get("register") == "pogojno"]
    thesaurus = Thesaurus(rows)
    negated = [e for e in thesaurus.entries if "ne" in e.tokens]
    assert negated and thesaurus.expand(["moci", "kuhati", "ne"]).codes.get("pomoc-na-domu")
    assert "pomoc-na-domu" not in thesaurus.expand(["moci", "kuhati"]).codes


def test_ukrainian_words_are_understood_when_typed_in_latin_letters():
    """"shukayu robotu" (шукаю роботу) and "dopomoga" find the same needs as the Cyrillic words."""
    from infotocka.search.analysis import content_words, latin_spellings, lemma
    assert {"shukaiu robotu", "shukayu robotu"} <= set(latin_spellings("шукаю роботу"))
    assert latin_spellings("pomoč na domu") == ()
    found = Thesaurus(read_rows(ROOT / "data" / "thesaurus.csv"))
    cyrillic = found.expand([lemma(w) for w in content_words("шукаю роботу")]).understood()
    assert cyrillic and found.expand([lemma(w) for w in content_words("shukayu robotu")]).understood() == cyrillic
    assert found.foreign_word("tymchasovoho")  # тимчасового, an inflection of тимчасове, known by its stem


def test_a_phrase_of_one_content_word_needs_its_small_words_typed():
    """"kam naj grem" (where shall I go) keeps only "iti" (go) once its small words are dropped: it made every
    "grem na festival" a search for a safe house. Such a phrase needs its small words typed, in any form of
    their lemma, as a negated phrase needs its "ne"."""
    thesaurus = Thesaurus([
        {"izrazi": "kam naj grem|varna hiša", "kode": "krizna-namestitev", "utez": "2"},
        {"izrazi": "k zdravniku", "kode": "prevoz", "utez": "1"},
    ])
    typed = typed_forms
    assert thesaurus.expand(["iti", "festival"], typed=typed(["grem", "na", "festival"])).codes == {}
    assert set(thesaurus.expand(["iti"], typed=typed(["kam", "naj", "grem"])).codes) == {"krizna-namestitev"}
    assert thesaurus.expand(["zdravnik"], typed=typed(["zdravnik", "je", "rekel"])).codes == {}
    assert set(thesaurus.expand(["zdravnik"], typed=typed(["kdo", "me", "pelje", "k", "zdravniku"])).codes) == {"prevoz"}
    # phrases of two content words do not need theirs
    assert set(thesaurus.expand(["varen", "hisa"], typed=typed(["varno", "hišo"])).codes) == {"krizna-namestitev"}


def test_a_bridge_row_searches_the_listings_slovene_words_but_a_slovene_message_is_read_by_the_slovene_rows():
    """"szerencsejáték" (gambling) also searches "igre na srečo", the words the listings use; "dnevno varstvo" in
    a Slovene message takes the Slovene row's codes, not the English bridge row's (it reordered a kiosk tile)."""
    from infotocka.search.analysis import lemma
    thesaurus = Thesaurus([
        {"izrazi": "igre na srečo", "kode": "zasvojenost", "utez": "2"},
        {"izrazi": "dnevno varstvo", "kode": "dnevno-varstvo", "utez": "2"},
        {"izrazi": "szerencsejáték|igre na srečo", "kode": "zasvojenost", "utez": "2", "sopomenke": "da",
         "jezik": "hu"},
        {"izrazi": "day centre|dnevno varstvo", "kode": "dnevno-varstvo starejsi", "utez": "2", "sopomenke": "da",
         "jezik": "en"},
    ])
    gambling = thesaurus.expand([lemma("szerencsejáték")])
    assert set(gambling.codes) == {"zasvojenost"}
    assert tuple(lemma(w) for w in ("igre", "srečo")) in gambling.synonyms
    assert set(thesaurus.expand([lemma("dnevno"), lemma("varstvo")]).codes) == {"dnevno-varstvo"}
    assert set(thesaurus.expand([lemma("day"), lemma("centre")]).codes) == {"dnevno-varstvo", "starejsi"}
