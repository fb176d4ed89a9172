"""Slovene text analysis shared by the index and the query side.

Index side: token → lowercase → lemma (lemmagen3) → diacritics folded → stop words
dropped. Lemmas of words typed without č/š/ž are wrong ("starejsi" → "starejs"), so
the query side restores diacritics and keeps the candidate the index knows
(`restore`). The schema pickles these filters, so they live here, compare by value,
and reach the (unpicklable) Lemmatizer through a lazy module global.
"""
import re
from functools import lru_cache
from itertools import product

import translitua
from whoosh.analysis import Filter, LowercaseFilter, RegexTokenizer

from ..text import fold

TOKEN_PATTERN = r"\w+(?:[-'’]\w+)*"

# Folded lemmas and surface forms of Slovene function words; compared after folding.
STOP_WORDS = frozenset(fold(w) for w in """
a ali ampak in ter pa ter ter da ki ko če ker kot kakor tudi še že sicer torej
je so sem si smo ste sta bo bi biti bil imeti jaz ti on ona ono mi vi oni one me te
ga jo ju nas vas jih mu ji nam vam jim njega nje njemu njej mene tebe sebe se sebi
zase moj tvoj njegov njen naš vaš njihov svoj ta to tisti tista tisto ta kaj kdo kje
kam kako zakaj kateri katera katero kdaj koliko ter ne ni nič na za v z s k h o po
pri od do iz čez med nad pod pred skozi proti zaradi okoli ob vse vsi vsak vsaka
zelo več manj lahko samo kar tako tudi pač res prav čisto čim bolj že še the of and
for to in a an zdaj sedaj tam tukaj tu ja no oz npr itd kjer ker naj bi saj potem
""".split())
# English function words residents write, as typed (lower case) only: the Slovene lemmatizer read "his" as
# "hiša" (a house) and "from" as a word of its own, but their folded forms and lemmas are Slovene and
# Hungarian words ("hiš", "hiša" typed "hisa" → "his"; "uši" → "us"; "anya" → "any"), which must stay.
ENGLISH_STOP_WORDS = frozenset("""
his her hers him he she they them their we our us you your my i it its is are was were
been be have has had with from at by this that these those who what where when why how while just all
some any if or but would could should will
""".split())
# Italian articles and "non" likewise: "non" was read as the plural genitive of "nona" (a grandmother), so "il
# padrone di casa non mi restituisce la cauzione" asked for services for older people. "non" still counts as
# a negation in thesaurus phrases (thesaurus.negated); words that carry a phrase ("dove dormire", "per
# strada", "sono sola") stay words, and "di" too ("DI").
ITALIAN_STOP_WORDS = frozenset("non il lo la gli una uno".split())

CHAR_VARIANTS = {"c": "cč", "s": "sš", "z": "zž"}
MAX_RESTORE_POSITIONS = 4

_lemmatizer = None


def _get_lemmatizer():
    """Load the Slovene model once per process (it cannot be pickled)."""
    global _lemmatizer
    if _lemmatizer is None:
        from lemmagen3 import Lemmatizer
        _lemmatizer = Lemmatizer("sl")
    return _lemmatizer


# Folding and stop-word tests run for every token of every field at build time: cache them.
cached_fold = lru_cache(maxsize=300_000)(fold)


# Two-letter words the lemmatizer is not asked about that are forms of a verb ("ni" as "nisem" is "biti")
SHORT_LEMMAS = {"je": "biti", "ni": "biti"}


@lru_cache(maxsize=200_000)
def lemma(word: str) -> str:
    """Return the folded lemma of one lower-case word."""
    if word.isdigit() or len(word) < 3:
        return SHORT_LEMMAS.get(word, fold(word))
    return fold(_get_lemmatizer().lemmatize(word))


def stem(folded_lemma: str) -> str:
    """Cut a folded lemma to a crude stem that joins derivations (invalid/invaliden)."""
    if len(folded_lemma) <= 5:
        return folded_lemma
    return folded_lemma[: max(5, len(folded_lemma) - 3)]


# Languages whose words a spelling correction must not turn into Slovene ones: an English "week" is not a
# typo of "weed", nor "savings" of "Savinji", nor "please" of "place". simplemma's dictionaries (MIT) know their
# inflected forms and lemmas (Croatian, Serbian and Bosnian stay correctable: "pomoć za starije" is close to
# Slovene; Hungarian's dictionary costs 200 MB and two seconds to load).
FOREIGN_LANGUAGES = ("en", "it")


def _simplemma():
    import simplemma  # its dictionaries load on first use (the search warm-up does it before the first request)
    return simplemma


def load_dictionaries() -> None:
    """Load the simplemma dictionaries the query side asks (a second or so, once per process)."""
    for language in (*FOREIGN_LANGUAGES, "sl"):
        _simplemma().is_known("a", lang=language)


# Letters Slovene never writes: a word with one is Hungarian ("szomorú"), Italian, German…, not a Slovene typo.
NOT_SLOVENE_LETTERS = re.compile("[áéíóúőűöüàèìòùäëïâêîôûß]")


@lru_cache(maxsize=50_000)
def known_word(word: str) -> bool:
    """Tell whether simplemma's dictionaries know a lower-case word as Slovene, English or Italian."""
    return foreign(word) or _simplemma().is_known(word, lang="sl")


def a_word(word: str) -> bool:
    """Tell whether a lower-case word is a real word, not a typo of a Slovene one to correct: Slovene, English
    or Italian, or written with letters Slovene does not use."""
    return bool(NOT_SLOVENE_LETTERS.search(word)) or known_word(word)


@lru_cache(maxsize=50_000)
def foreign(word: str) -> bool:
    """Tell whether a lower-case word is a word of English or Italian (not a typo of a Slovene one)."""
    return any(_simplemma().is_known(word, lang=language) for language in FOREIGN_LANGUAGES)


@lru_cache(maxsize=50_000)
def slovene_word(word: str) -> bool:
    """Tell whether Slovene has a lower-case word in some spelling with č/š/ž restored ("sola" is "šola")."""
    return any(_simplemma().is_known(c, lang="sl") for c in candidates(word))


@lru_cache(maxsize=50_000)
def language_lemma(word: str, slovene_first: bool = False) -> str | None:
    """Return the lemma of a lower-case English or Italian word in its own language, tagged with the language
    ("sleeping" → "en:sleep", "anziani" → "it:anziano": never equal to a Slovene lemma, as "en:drug" is not
    "drug", other), or None. `slovene_first`: None for a word Slovene also has ("sola" in a Slovene message
    typed without č/š/ž is "šola"; see `foreign_message`)."""
    simplemma = _simplemma()
    if not foreign(word) or (slovene_first and slovene_word(word)):
        return None
    language = next(lang for lang in FOREIGN_LANGUAGES if simplemma.is_known(word, lang=lang))
    return f"{language}:{fold(simplemma.lemmatize(word, lang=language))}"


def foreign_message(typed: list[str]) -> bool:
    """Tell whether a message has more words only English or Italian has than words only Slovene has: then
    its words both languages have are read as English or Italian ("mia madre vive sola"), else as Slovene."""
    balance = 0
    for word in typed:
        if len(word) > 2:
            balance += foreign(word) and not slovene_word(word)
            balance -= slovene_word(word) and not foreign(word)
    return balance > 0


def untagged(token: str) -> str:
    """Return a lemma without the language tag of `language_lemma` ("en:sleep" → "sleep")."""
    return token.split(":", 1)[-1]


@lru_cache(maxsize=300_000)
def is_stop(word: str) -> bool:
    """Tell whether a lower-case word or its lemma is a function word."""
    return (word in ENGLISH_STOP_WORDS or word in ITALIAN_STOP_WORDS or cached_fold(word) in STOP_WORDS
            or lemma(word) in STOP_WORDS)


@lru_cache(maxsize=300_000)
def _indexed(word: str, stems: bool) -> str | None:
    """Return the folded lemma (or its stem) of a lower-case word, None for a stop word."""
    if is_stop(word):
        return None
    return stem(lemma(word)) if stems else lemma(word)


class SloveneLemmaFilter(Filter):
    """Replace each token by its folded lemma (or a stem of it), dropping stop words."""

    def __init__(self, stems: bool = False):
        self.stems = stems

    def __call__(self, tokens):
        stems = self.stems
        for t in tokens:
            text = _indexed(t.text, stems)
            if text is None:
                continue
            t.text = text
            yield t


class FoldFilter(Filter):
    """Fold diacritics and drop stop words, keeping the surface form (the `plain` field)."""

    def __call__(self, tokens):
        for t in tokens:
            if is_stop(t.text):
                continue
            t.text = cached_fold(t.text)
            yield t


def lemma_analyzer():
    """Analyzer of the lemma fields."""
    return RegexTokenizer(TOKEN_PATTERN) | LowercaseFilter() | SloveneLemmaFilter()


def stem_analyzer():
    """Analyzer of the low-weight `stems` field."""
    return RegexTokenizer(TOKEN_PATTERN) | LowercaseFilter() | SloveneLemmaFilter(stems=True)


def plain_analyzer():
    """Analyzer of the unlemmatized `plain` field (fuzzy matching, suggestions)."""
    return RegexTokenizer(TOKEN_PATTERN) | LowercaseFilter() | FoldFilter()


def words(text: str) -> list[str]:
    """Split text into lower-case words, stop words included."""
    return [t.text for t in (RegexTokenizer(TOKEN_PATTERN) | LowercaseFilter())(text or "")]


def short_abbreviation(word: str) -> bool:
    """Tell whether a word is written as a two-letter abbreviation ("DI", "ZD"): one only when typed in
    capitals (Italian "di", Croatian "di" are words)."""
    return len(word) <= 2 and word.isupper()


def capitals(text: str) -> set[str]:
    """Return the short abbreviations typed in a text, folded to lower case (see short_abbreviation)."""
    return {fold(t.text.lower()) for t in RegexTokenizer(TOKEN_PATTERN)(text or "") if short_abbreviation(t.text)}


def content_words(text: str) -> list[str]:
    """Split text into lower-case words, without stop words."""
    return [w for w in words(text) if not is_stop(w)]


# Words that negate what follows: "ne morem več" is not "morem", "non autosufficiente" not "autosufficiente"
# (thesaurus phrases), "ne želim živeti" not "želim živeti" (crisis phrases: the negation comes first)
NEGATIONS = frozenset({"ne", "ni", "not", "non", "nem", "не", "ні"})


# Spoken Slovene short forms typed as said → the written word
SPOKEN = {"blo": "bilo", "bla": "bila", "bli": "bili", "biu": "bil", "bu": "bo", "nč": "nič", "nc": "nič",
          "kej": "kaj", "zdej": "zdaj", "mau": "malo", "sm": "sem", "nism": "nisem", "nočm": "nočem",
          "nocm": "nočem", "čist": "čisto", "cist": "čisto", "vč": "več", "nimm": "nimam", "lah": "lahko",
          "konc": "konec"}
CONSONANTS = frozenset("bcčdfghjkmnprsštvzž")


def spoken(word: str) -> tuple[str, ...]:
    """Return written forms a spoken word may stand for: "spat" → "spati", "rabla" → "rabila",
    "skoču" → "skočil" (short infinitives and l-participles); the vocabulary decides which is meant."""
    if word in SPOKEN:
        return (SPOKEN[word],)
    if len(word) < 4:
        return ()
    if word[-1] == "t" and word[-2] in "aeiosč":
        return (word + "i",)
    if word[-1] in "aoi" and word[-2] == "l" and word[-3] in CONSONANTS:
        return (word[:-2] + "il" + word[-1],)
    if word[-1] == "u" and word[-2] in CONSONANTS:
        return (word[:-1] + "il", word[:-1] + "l")
    return ()


@lru_cache(maxsize=50_000)
def candidates(word: str) -> tuple[str, ...]:
    """Return the word, its spellings with č/š/ž restored (only if typed without them) and the
    written forms of a spoken word."""
    return tuple(dict.fromkeys(c for w in (word, *spoken(word)) for c in _diacritic_spellings(w)))


def _diacritic_spellings(word: str) -> tuple[str, ...]:
    if word != fold(word):
        return (word,)
    slots = [i for i, ch in enumerate(word) if ch in CHAR_VARIANTS][:MAX_RESTORE_POSITIONS]
    out = []
    for choice in product(*(CHAR_VARIANTS[word[i]] for i in slots)):
        chars = list(word)
        for i, ch in zip(slots, choice):
            chars[i] = ch
        out.append("".join(chars))
    return tuple(out)


def restore(word: str, frequency, as_typed: bool = False) -> str | None:
    """Return the folded lemma of `word` the vocabulary knows best, or None if it knows none.

    `frequency(lemma)` gives how common a lemma is (0 = unknown); the most common wins,
    the spelling as typed winning ties. `as_typed`: try no č/š/ž nor spoken variants (a word of
    another language: Italian "casa" is not "časa").
    """
    best, best_freq = None, 0
    for cand in (word,) if as_typed else candidates(word):
        lem = lemma(cand)
        freq = frequency(lem)
        if freq > best_freq:
            best, best_freq = lem, freq
    return best


CYRILLIC = re.compile(r"[\u0400-\u04ff]")
# How Ukrainians type their words in Latin letters: the official (KMU 2010) spelling ("shcho robyty",
# "dopomoha"), the BGN one that phones' autocorrect often leaves ("shukayu"), and the Russian-style one
# many learned first ("dopomoga", "robiti", "hochu")
LATIN_TABLES = ("UkrainianKMU", "UkrainianBGN", "RussianInternationalPassport1997", "RussianSimple")


UMLAUT_DIGRAPHS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def umlaut_spellings(phrase: str) -> tuple[str, ...]:
    """Return the phrase with ä/ö/ü/ß written out as ae/oe/ue/ss, as German is typed without them ("hoeren"
    for "hören"; folding alone gives "horen"); none when it has no such letter."""
    written = phrase.lower().translate(UMLAUT_DIGRAPHS)
    return (written,) if written != phrase.lower() else ()


@lru_cache(maxsize=4096)
def latin_spellings(phrase: str) -> tuple[str, ...]:
    """Return the ways a phrase in Cyrillic is commonly typed in Latin letters (none for a Latin phrase)."""
    if not CYRILLIC.search(phrase):
        return ()
    spellings = (translitua.translit(phrase, getattr(translitua, table)) for table in LATIN_TABLES)
    return tuple(dict.fromkeys(s for s in spellings if s != phrase and not CYRILLIC.search(fold(s))))
