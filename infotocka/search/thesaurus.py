"""The needs thesaurus: everyday words and phrases → taxonomy codes and synonym groups.

The data lives in data/thesaurus.csv (documented in docs/THESAURUS.md) and is reread
whenever the file changes, so staff edits apply without a restart. Phrases are
normalized exactly like indexed text (lemma, folding, stop words), so one base form
covers every inflection.
"""
from dataclasses import dataclass, field
from pathlib import Path

from . import datafile
from .analysis import (NEGATIONS, SPOKEN, content_words, fold, is_stop, language_lemma, latin_spellings, lemma,
                       short_abbreviation, words)

MAX_SYNONYMS = 8  # synonym phrases added to one query, to keep it fast
UNDERSTOOD_WEIGHT = 1.0  # weaker rows ("mož", "partner") add evidence but are not shown as understood needs
FOREIGN_STEM = 5  # letters of another language's word that must start an unknown typed word
NEGATION = "ne"  # a stop word, yet it decides a phrase's meaning ("ne morem več" is not "morem")
CONTEXT = "-"  # kode of a context phrase: no need ("hodim v službo", "while working full time"); it hides its
# words from shorter phrases ("služba", "work" as a need) and from the text search
# The negations a thesaurus phrase counts: a phrase's words match in any order, so only the "ne" and Italian "non"
# that stand before their verb; "ni" (is not) anywhere in a message would make "mama želi živeti doma, a ni več
# varno" match "ne želim živeti" (crisis phrases keep the order and take all of `analysis.NEGATIONS`)
PHRASE_NEGATIONS = NEGATIONS & {NEGATION, "non"}


def negated(typed_words) -> bool:
    """Tell whether the words (lower case) contain the negation "ne" (or Italian "non")."""
    return not PHRASE_NEGATIONS.isdisjoint(typed_words)


@dataclass(frozen=True)
class Entry:
    """One phrase of one row: its lemma set and what it maps to."""

    tokens: frozenset[str]
    row: int
    codes: tuple[str, ...]
    weight: float
    foreign: bool = False  # a phrase in another language: understood through its codes only
    context: bool = False  # a context phrase (kode "-"): says no need, hides its words
    capitals: bool = False  # a two-letter abbreviation ("DI"): matches only typed in capitals
    # the small words a phrase of one content word rests on ("kam naj grem" is not any "grem", "k zdravniku"
    # not any doctor): each must be typed, as written or in a form of the same lemma
    small: tuple[frozenset[str], ...] = ()

    def fits(self, typed: frozenset[str] | None) -> bool:
        """Tell whether the small words this phrase needs are among the typed words (folded forms and lemmas);
        None: not known, as for a caller that passes lemmas only."""
        return typed is None or all(not forms.isdisjoint(typed) for forms in self.small)


@dataclass
class Expansion:
    """What the thesaurus adds to one query."""

    codes: dict[str, float] = field(default_factory=dict)  # taxonomy code → weight
    groups: list[tuple[tuple[str, ...], float]] = field(default_factory=list)  # codes of each matched row
    synonyms: list[tuple[str, ...]] = field(default_factory=list)  # lemma tuples to match as text
    matched: list[frozenset[str]] = field(default_factory=list)
    triggers: dict[tuple[tuple[str, ...], float], set[str]] = field(default_factory=dict)  # group → query lemmas
    sources: dict[tuple[str, ...], str] = field(default_factory=dict)  # synonym → its row's need (first code)
    # query lemmas not searched as text: read as another language, or as a context phrase's (kode "-")
    unsearched: set[str] = field(default_factory=set)

    def understood(self) -> list[str]:
        """Return the needs understood: the first code of each row matched with weight ≥ 1, strongest first."""
        ranked = sorted(enumerate(self.groups), key=lambda item: (-item[1][1], item[0]))
        return list(dict.fromkeys(codes[0] for _, (codes, weight) in ranked if weight >= UNDERSTOOD_WEIGHT))

    def add(self, codes: tuple[str, ...], weight: float, tokens=frozenset()) -> None:
        """Add the needs of one matched row (or of an age, `ages.py`) said by these query lemmas."""
        if (codes, weight) not in self.groups:
            self.groups.append((codes, weight))
        self.triggers.setdefault((codes, weight), set()).update(tokens)
        for code in codes:
            self.codes[code] = max(self.codes.get(code, 0.0), weight)

    def without(self, needs) -> "Expansion":
        """Return the expansion without the rows of needs the resident switched off."""
        needs = set(needs)
        if not needs:
            return self
        groups = [g for g in self.groups if g[0][0] not in needs]
        codes: dict[str, float] = {}
        for group_codes, weight in groups:
            for code in group_codes:
                codes[code] = max(codes.get(code, 0.0), weight)
        return Expansion(codes, groups, [s for s in self.synonyms if self.sources.get(s) not in needs],
                         self.matched, {g: t for g, t in self.triggers.items() if g[0][0] not in needs}, self.sources,
                         self.unsearched)

    def words_of(self, needs) -> set[str]:
        """Return the query lemmas that triggered only rows of these needs."""
        needs = set(needs)
        mine = {t for g, toks in self.triggers.items() if g[0][0] in needs for t in toks}
        return mine - {t for g, toks in self.triggers.items() if g[0][0] not in needs for t in toks}


class Thesaurus:
    """Rows of (phrases, codes, weight, synonyms?) indexed for matching against query lemmas."""

    def __init__(self, rows: list[dict]):
        self.entries: list[Entry] = []
        self.groups: dict[int, list[tuple[str, ...]]] = {}
        self.surface: set[str] = set()
        for n, row in enumerate(rows):
            self._add_row(n, row)
        # a row of another language with synonyms bridges its words to the listings' Slovene words
        # ("szerencsejáték" also searches "igre na srečo"); its Slovene words are searched, never matched: a
        # Slovene message is read by the Slovene rows ("dnevno varstvo" at the kiosk is not the English row's)
        self.slovene = {t for e in self.entries if not e.foreign for t in e.tokens}  # "migrant" is Slovene too
        self.entries = [e for e in self.entries if not (e.foreign and e.row in self.groups and {
            t.split(":", 1)[-1] for t in e.tokens - {NEGATION}} <= self.slovene)]  # "en:center" of "dnevni center" too
        self.entries.sort(key=lambda e: -len(e.tokens))
        self.by_token: dict[str, list[int]] = {}  # an entry under one of its words: all must be in a query
        for i, entry in enumerate(self.entries):
            self.by_token.setdefault(min(entry.tokens), []).append(i)
        self.vocabulary = {t for e in self.entries for t in e.tokens} - {NEGATION}
        # stems of other languages' words, for their inflections and compounds ("роботу", "alkoholfüggő")
        self.foreign_stems = {t[:max(FOREIGN_STEM, len(t) - 2)]: t for e in self.entries if e.foreign
                              for t in e.tokens if len(t) > FOREIGN_STEM and ":" not in t}  # not "en:sleep"

    def foreign_word(self, folded: str) -> str | None:
        """Return the word of another language an unknown typed word starts with the stem of, or None."""
        for cut in range(len(folded), FOREIGN_STEM - 1, -1):
            if folded[:cut] in self.foreign_stems:
                return self.foreign_stems[folded[:cut]]
        return None

    def _add_row(self, n: int, row: dict) -> None:
        codes = tuple((row.get("kode") or "").split())
        context = codes == (CONTEXT,)
        codes = () if context else codes
        weight = float((row.get("utez") or "1").replace(",", ".") or 1)
        phrases = [p.strip() for p in (row.get("izrazi") or "").split("|") if p.strip()]
        phrases += [latin for p in phrases for latin in latin_spellings(p)]  # "shukayu robotu" for "шукаю роботу"
        foreign = (row.get("jezik") or "sl").strip() not in ("", "sl")
        token_tuples = []
        for phrase in phrases:
            content = content_words(phrase)
            tokens = tuple(dict.fromkeys(lemma(w) for w in content))
            if not tokens or (context and len(tokens) < 2):  # one word alone is never mere context
                continue
            self.surface.update(fold(w) for w in content)
            token_tuples.append(tokens)  # synonyms are searched as text, where "ne" is not indexed
            typed = words(phrase)
            negation = (NEGATION,) if negated(typed) else ()
            abbreviation = short_abbreviation(phrase)
            small = tuple(dict.fromkeys(frozenset({fold(w), lemma(w)}) for w in typed
                                        if w not in PHRASE_NEGATIONS and is_stop(w))) if len(tokens) == 1 else ()
            self.entries.append(Entry(frozenset(tokens + negation), n, codes, weight, foreign, context, abbreviation,
                                      small))
            # English and Italian phrases also by their own lemmas: "sleeping rough" for "sleep rough"
            own = tuple(dict.fromkeys(_own_lemma(w) for w in content)) if foreign else tokens
            if own != tokens:
                self.entries.append(Entry(frozenset(own + negation), n, codes, weight, foreign, context,
                                          abbreviation, small))
        if (row.get("sopomenke") or "").strip().lower() in ("da", "yes", "1", "x"):
            self.groups[n] = token_tuples

    def expand(self, lemmas: list[str], capitals: set[str] = frozenset(), twins: dict | None = None,
               typed: frozenset[str] | None = None) -> Expansion:
        """Match query lemmas, longest phrases first; a longer match hides its words from shorter ones.

        `capitals`: the short words typed in capitals (analysis.capitals), for two-letter abbreviations.
        `typed`: the folded forms and lemmas of every typed word, small words too (`typed_forms`), for
        phrases of one content word that need their small words.
        `twins`: a lemma's other readings of the same typed word ("working" → {"work"}): a longer phrase
        that takes one reading takes them all ("while working full time" is not "looking for work")."""
        twins = twins or {}
        out = Expansion()
        remaining = set(lemmas)
        candidates = sorted(i for token in remaining for i in self.by_token.get(token, ()))
        used: set[str] = set()
        size = None
        for entry in map(self.entries.__getitem__, candidates):
            if len(entry.tokens) != size:  # the next, shorter phrases: the longer ones' words are taken
                remaining -= used | {twin for token in used for twin in twins.get(token, ())}
                used, size = set(), len(entry.tokens)
            if entry.tokens <= remaining and (not entry.capitals or entry.tokens <= capitals) and entry.fits(typed):
                self._apply(entry, out)
                used |= entry.tokens
        return out

    def _apply(self, entry: Entry, out: Expansion) -> None:
        out.matched.append(entry.tokens)
        if entry.context:
            out.unsearched |= entry.tokens
        elif entry.foreign:
            out.unsearched |= entry.tokens - self.slovene
        if entry.codes:
            out.add(entry.codes, entry.weight, entry.tokens)
        for tokens in self.groups.get(entry.row, ()):
            if frozenset(tokens) != entry.tokens - {NEGATION} and tokens not in out.synonyms:
                if len(out.synonyms) < MAX_SYNONYMS:
                    out.synonyms.append(tokens)
                    if entry.codes:
                        out.sources[tokens] = entry.codes[0]


def typed_forms(typed_words) -> frozenset[str]:
    """Return the folded forms and lemmas of typed (lower-case) words and of the written words of spoken ones
    ("nism" is "nisem"), for `Thesaurus.expand`."""
    return frozenset(f for w in typed_words for written in [SPOKEN.get(w, w)] for f in (fold(written), lemma(written)))


def _own_lemma(word: str) -> str:
    """A phrase word's English or Italian lemma as a word of an English or Italian message gets it (query.py),
    else its Slovene one: "dove" of an Italian row is "en:dove" on both sides (simplemma tries English first)."""
    return language_lemma(word) or lemma(word)


def load(path: str | Path) -> Thesaurus:
    """Return the thesaurus at `path`, rereading it when the file has changed."""
    return datafile.load(path, Thesaurus)
