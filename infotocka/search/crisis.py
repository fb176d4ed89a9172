"""Crisis first: recognise a cry for help in what a resident typed.

The signals live in data/crisis.csv (documented in docs/CRISIS.md), one phrase a row, and
are reread whenever the file changes. A phrase matches when all its words occur close
together in the message, in any order; a word matches its inflections, its spelling
without č/š/ž and a typo (see `words.py`). The matcher errs on the side of showing help:
one phrase is enough, negation is ignored (but "ne" must come before its word). A second
signal (the semantic layer's taxonomy codes with scores, or crisis categories it recognised
from the example messages of data/crisis_examples.csv) can be passed in as `extra_signals`.
"""
from dataclasses import dataclass
from pathlib import Path

from flask import current_app

from . import datafile, place
from .analysis import latin_spellings, umlaut_spellings
from .words import Pattern, Token, Word, by_letter, pattern, positions, read

EXCEPTION = "izjema"  # rows whose words do not count for crisis phrases ("grozi mi deložacija")
ORDINARY = "potreba"  # example messages of ordinary needs: the semantic signal's counterweight
SIGNAL_SCORE = 0.8  # a second signal's score from which its code alone counts as a crisis
WINDOW_SLACK = 4  # extra words allowed between the words of one phrase
EXCEPTION_SLACK = 1  # an exception is narrow: at most one word between its words ("ata je umrl", not
# "mama je rekla, da bi najraje umrla")
MEMO_SIZE = 2000


@dataclass(frozen=True)
class Category:
    """A kind of crisis: the services put first and the numbers shown for it."""

    code: str
    service_codes: tuple[tuple[str, ...], ...]  # any group; a service must carry every code of a group
    numbers: tuple[str, ...]  # emergency numbers shown first (see public/templating.EMERGENCY_NUMBERS)
    signal_codes: tuple[str, ...] = ()  # taxonomy codes of a second signal that mean this crisis


CATEGORIES = (
    Category("samomor", (("dusevno-zdravje", "telefonska-pomoc"),), ("112", "116 123"), ()),
    Category("nasilje", (("zrtve-nasilja", "telefonska-pomoc"), ("zrtve-nasilja", "krizna-namestitev")),
             ("113", "080 11 55", "112"), ("zrtve-nasilja",)),
    Category("otrok", (("otroci-mladostniki", "telefonska-pomoc"), ("zrtve-nasilja", "telefonska-pomoc")),
             ("113", "116 111", "080 11 55"), ()),
    Category("nevarnost", (("zdravstvena-pomoc", "telefonska-pomoc"), ("zrtve-nasilja", "telefonska-pomoc")),
             ("112", "113"), ()),
)
BY_CODE = {c.code: c for c in CATEGORIES}


@dataclass(frozen=True)
class Signal:
    category: str
    language: str
    pattern: Pattern


class Detector:
    """The phrases of data/crisis.csv, matched against a message's tokens."""

    def __init__(self, rows: list[dict]):
        self.signals = []
        for row in rows:
            category = (row.get("kategorija") or "").strip()
            language = (row.get("jezik") or "").strip()
            if category not in BY_CODE and category != EXCEPTION:
                continue
            phrase = row.get("izraz") or ""
            spellings = ((phrase, False), *((s, True) for s in latin_spellings(phrase)),
                         *((s, False) for s in umlaut_spellings(phrase) if language == "de"))
            for spelling, latin in spellings:
                found = pattern(spelling, language, whole_words=latin)  # "ya ne khochu zhyty" for "я не хочу жити"
                if found:
                    self.signals.append(Signal(category, language, found))
        # exceptions first, then longer phrases
        self.signals.sort(key=lambda s: (s.category != EXCEPTION, -len(s.pattern.words)))
        self.words = by_letter(s.pattern for s in self.signals)
        self.starting: dict[Word, list[int]] = {}  # a phrase's first word → the phrases it starts, in order
        for i, signal in enumerate(self.signals):
            self.starting.setdefault(signal.pattern.words[0], []).append(i)
        self.memo: dict[tuple, list[str]] = {}

    def detect(self, text: str, extra_signals=(), places: frozenset[int] = frozenset()) -> list[str]:
        """Return the crisis categories the message signals, in the order of CATEGORIES. `places`: the
        positions of words that name a place (`place.named`), which are not read as words."""
        key = (text, tuple(extra_signals or ()), places)
        if key not in self.memo:  # the search and the page's quick exit ask for the same message
            if len(self.memo) > MEMO_SIZE:
                self.memo.clear()
            self.memo[key] = self._detect(text, extra_signals, places)
        return list(self.memo[key])

    def _detect(self, text: str, extra_signals, places: frozenset[int]) -> list[str]:
        # the whole message at once, across sentences: "Sem na mostu. Skočila bom." is one cry for help
        typed, sentences = read(text)
        found_at = positions(typed, self.words)
        used: set[int] = set()  # words an exception took: they no longer count for crisis phrases
        found: set[str] = set()
        # only the phrases whose first word occurs can match, in the order of self.signals
        for i in sorted({i for word in found_at for i in self.starting.get(word, ())}):
            signal = self.signals[i]
            if signal.category not in found or signal.category == EXCEPTION:
                # a place name is not read as a crisis word, but an exception still sees it ("na Gori" keeps
                # `na! gori!` from taking the fire of "gori mi hiša")
                exception = signal.category == EXCEPTION
                span = signal.pattern.find(found_at, used if exception else used | places,
                                           EXCEPTION_SLACK if exception else WINDOW_SLACK, sentences)
                if span is not None:
                    if exception:
                        used |= span
                    else:
                        found.add(signal.category)
        for code, score in extra_signals or ():  # taxonomy codes, or crisis categories themselves
            if score >= SIGNAL_SCORE:
                found |= {c.code for c in CATEGORIES if code == c.code or code in c.signal_codes}
        return [c.code for c in CATEGORIES if c.code in found]


def load(path: str | Path) -> Detector:
    """Return the detector of the file at `path`, rereading it when the file has changed."""
    return datafile.load(path, Detector)


def detector() -> Detector:
    """Return the crisis detector of the running app (data/crisis.csv unless configured)."""
    path = current_app.config["CRISIS_PATH"] or Path(current_app.config["DATA_DIR"]) / "crisis.csv"
    return load(path)


def _examples(rows: list[dict]) -> tuple[tuple[str, str], ...]:
    pairs = (((row.get("kategorija") or "").strip(), " ".join((row.get("sporocilo") or "").split())) for row in rows)
    return tuple(dict.fromkeys((c, t) for c, t in pairs if t and (c in BY_CODE or c == ORDINARY)))


def examples() -> tuple[tuple[str, str], ...]:
    """Return (category, message) of data/crisis_examples.csv (or CRISIS_EXAMPLES_PATH), reread when it
    changes: crisis categories and `potreba` (an ordinary need), compared by meaning in semantic.py."""
    path = current_app.config["CRISIS_EXAMPLES_PATH"] or Path(current_app.config["DATA_DIR"]) / "crisis_examples.csv"
    return datafile.load(path, _examples)


def detect(text: str, extra_signals=()) -> list[str]:
    """Return the crisis categories of a message (empty for an ordinary need). The places it names are
    not read as words ("pomoč na domu, Tepe": Tepe is a village, not "beats")."""
    if not (text or "").strip():
        return []
    try:
        places = place.named(text)
    except Exception:  # noqa: BLE001 - no gazetteer (a database fault): in doubt a word is a word, help is shown
        current_app.logger.warning("crisis: place names not known, every word read as a word", exc_info=True)
        places = frozenset()
    return detector().detect(text, extra_signals, places)


def numbers(categories: list[str]) -> list[str]:
    """Return the emergency numbers to show for these categories, most urgent first, once each."""
    return list(dict.fromkeys(n for c in categories for n in BY_CODE[c].numbers))


__all__ = ["CATEGORIES", "Detector", "Token", "detect", "detector", "examples", "numbers"]
