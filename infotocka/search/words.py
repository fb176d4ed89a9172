"""Tolerant phrase matching for short, staff-written patterns (crisis signals).

A pattern word matches a typed word when, after folding (case, č/š/ž and other diacritics):
* they are equal, or the typed word starts with the pattern word's stem (the word minus
  its last two letters, at least four letters kept: "skočiti" → "skoči" matches "skočila");
  a word written with a final "*" is a prefix ("samomor*");
* their Slovene lemmas are equal (with č/š/ž restored in the typed word: "zbudil" = "zbuditi");
* the typed word is no real word (simplemma's Slovene, English and Italian dictionaries: "piccoli", small, is
  not a typo of "picchia", beats) and they are one edit apart, for words of five letters or more (typos:
  "samomr", "zlorabla"), or
  the typed word's start is one edit from the stem (for stems under seven letters only at
  their last letter: "skoču" is "skočiti", "našel" is not "nasilje").
Slovene lemmas are used for Slovene phrases only (the Slovene lemmatizer reads Croatian
"prijeti", to threaten, as "priti", to come). Spoken short forms are read as the written word
("blo" = "bilo", "nč" = "nič"), a short infinitive as the infinitive ("bit" = "biti").
Words of up to three letters ("me", "ne", "mi") match exactly. A negation ("ne", "not", "non", "nem", "не")
comes before the word after it in the pattern, as it does in a sentence: "ne živeti" is "ne želim več
živeti", not "kje bi lahko živel, da ne bi bil sam" nor "živimo pri sorodnikih, od takrat ne spim".
Every match needs the first letter right (a typo rarely hits it: "pomoc" is not "upomoc"), so a message is
compared only with the pattern words of its words' first letters. This works across languages without a
lemmatizer for each: Slavic and Hungarian endings follow the stem.
"""
import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import product

from rapidfuzz.distance import Levenshtein

from ..text import fold
from .analysis import NEGATIONS, SPOKEN, TOKEN_PATTERN, candidates, known_word, lemma, words

SHORT = 3  # words of up to this length match exactly
MIN_STEM = 4
FUZZY_FROM = 5  # words at least this long tolerate one typo
LONG_STEM = 7  # a stem at least this long tolerates a typo anywhere in a longer typed word
MAX_TEXT = 2000  # a message is read up to this many characters
MAX_CHOICES = 6  # positions considered per pattern word when fitting a phrase into a window


@dataclass(frozen=True)
class Token:
    folded: str
    lemmas: frozenset[str]
    real: bool = False  # a real Slovene, English or Italian word: not a typo of another ("piccoli" ≠ "picchia")


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: `_word` makes one per spelling
class Word:
    folded: str
    stem: str
    lemma: str
    prefix: bool
    exact: bool = False  # written with "!" ("tepem!"): this form only, without or with č/š/ž
    latin: bool = False  # a word of the Latin spelling of a Cyrillic phrase: approximate already

    @property
    def negation(self) -> bool:
        return self.folded in NEGATIONS

    def matches(self, token: Token) -> bool:
        t = token.folded
        if self.exact:
            return t == self.folded
        if t == self.folded or (self.folded.endswith(("ti", "ci")) and t == self.folded[:-1]):
            return True  # spoken short infinitives: "bit" = "biti", "živet" = "živeti", "reč" = "reči"
        if len(self.folded) <= SHORT and not self.prefix:
            return False
        if self.latin and token.real:  # a real word only as written or longer ("gorit" is not "Gorici")
            return t.startswith(self.folded)
        if t.startswith(self.stem) or (self.lemma and self.lemma in token.lemmas):
            return True
        if len(self.folded) >= FUZZY_FROM and not token.real and within_one(t, self.folded):
            return True
        if len(self.stem) < FUZZY_FROM or len(t) < len(self.stem) or not within_one(t[:len(self.stem)], self.stem):
            return False
        if len(self.stem) >= LONG_STEM:  # another language's inflection ("ammazzerebbe") as well as a typo
            return True
        if token.real or self.latin:
            return False
        # short stems: a slip at the end only, in a word about as long ("prijatelj" is not "prijeti")
        return not self.prefix and t.startswith(self.stem[:-1]) and len(t) <= len(self.folded) + 1


@dataclass(frozen=True)
class Pattern:
    words: tuple[Word, ...]
    in_order: bool = False  # written with "+" ("šef+me+bo+ubil"): these words one after another, in this order

    def find(self, positions: dict[Word, list[int]], excluded: set[int], slack: int,
             sentences: tuple[int, ...] = ()) -> set[int] | None:
        """Return the positions of one close-together match of every word, or None.

        `positions` maps each word to the positions of the tokens it matches (see `positions`); `sentences` each
        token's sentence (`read`): a negation and the words after it in the pattern belong to one sentence ("…
        mi više ne možemo. Živimo u Žalcu." is not "ne … živeti")."""
        choices = []
        for word in self.words:
            found = [i for i in positions.get(word, ()) if i not in excluded]
            if not found:
                return None
            choices.append(found[:MAX_CHOICES])
        window = len(self.words) + slack
        negated = [k for k, word in enumerate(self.words[:-1]) if word.negation]
        best = None
        for combo in product(*choices):
            if any(combo[k] > combo[k + 1] for k in negated):  # "ne" before its verb
                continue
            if sentences and negated and len({sentences[i] for i in combo[negated[0]:]}) > 1:
                continue
            if self.in_order and any(b != a + 1 for a, b in zip(combo, combo[1:])):
                continue
            if len(set(combo)) == len(combo) and max(combo) - min(combo) < window:
                if best is None or max(combo) - min(combo) < max(best) - min(best):
                    best = combo
        return set(best) if best is not None else None


def by_letter(patterns) -> dict[str, list[Word]]:
    """Group the distinct words of some patterns by their first letter (a match needs it)."""
    out: dict[str, list[Word]] = {}
    for word in dict.fromkeys(w for p in patterns for w in p.words):
        out.setdefault(word.folded[:1], []).append(word)
    return out


def positions(toks: list[Token], words_by_letter: dict[str, list[Word]]) -> dict[Word, list[int]]:
    """Return, for each pattern word matching some token, the positions of those tokens."""
    out: dict[Word, list[int]] = {}
    for i, tok in enumerate(toks):
        for word in words_by_letter.get(tok.folded[:1], ()):
            if word.matches(tok):
                out.setdefault(word, []).append(i)
    return out


@lru_cache(maxsize=None)
def _word(raw: str, prefix: bool, slovene: bool = True, exact: bool = False, latin: bool = False) -> Word:
    folded = fold(raw)
    if exact:
        return Word(folded, "\x00", "", False, True)
    if prefix or (latin and len(folded) > SHORT):  # a Latin spelling: its whole word, never a shorter stem
        stem = folded
    elif len(folded) <= SHORT:
        stem = "\x00"  # never a prefix of a typed word: short words match exactly
    else:
        stem = folded[:max(MIN_STEM, len(folded) - 2)]
    return Word(folded, stem, lemma(raw) if slovene and len(folded) > SHORT and not prefix else "", prefix,
                latin=latin)


def pattern(text: str, language: str = "sl", whole_words: bool = False) -> Pattern | None:
    """Return the pattern of a staff-written phrase ("skočiti mostu", "samomor*", "tepem! ženo!"), or None if
    empty. A word ending in "*" takes any ending; a word ending in "!" matches only that form; words joined
    by "+" ("šef+me+bo+ubil") match only one after another, in that order.

    `whole_words`: for the Latin spellings of a Cyrillic phrase, approximate already: a real Slovene, English
    or Italian word matches them only as written or longer ("горить", it burns, spelled "gorit", must not
    match "Gorici", the town Nova Gorica); other words as usual ("mene byut" is "мене б'ють")."""
    parts = []
    slovene = language in ("", "sl")
    text = _normal(text)
    in_order = "+" in text
    for chunk in text.replace("+", " ").split():
        found = words(chunk)
        last = len(found) - 1
        parts += [_word(w, chunk.endswith("*") and i == last, slovene, chunk.endswith("!") and i == last,
                        whole_words)
                  for i, w in enumerate(found)]
    return Pattern(tuple(parts), in_order) if parts else None


def _normal(text: str) -> str:
    return (text or "").lower().replace("\u2019", "'")


@lru_cache(maxsize=50_000)
def token(word: str) -> Token:
    """Return a typed (lower-case) word with its folded form and possible lemmas."""
    folded = fold(word)
    if len(folded) <= SHORT:
        return Token(folded, frozenset())
    return Token(folded, frozenset(lemma(c) for c in candidates(word)), known_word(word))


WORD = re.compile(TOKEN_PATTERN)
SENTENCE_END = re.compile(r"^[^\w.!?…]*[.!?][^\w.!?…]*$")  # one full stop, question or exclamation mark


def read(text: str) -> tuple[list[Token], tuple[int, ...]]:
    """Return the tokens of a message (every word, function words too, spoken short forms written out) and the
    sentence of each, from one pass over the text.

    Split first, then lower-case each word: the positions are those of `place.named`, which splits the text as
    typed ("İ" lower-cases to two characters). A sentence starts at a capitalised word after one full stop,
    question or exclamation mark ("… ne možemo. Živimo …"), or at any word after a line break; a run of them
    ("Ne... želim", "Ne!! želim") or a small letter after one is a pause, not a new sentence."""
    text = (text or "").replace("\u2019", "'")[:MAX_TEXT]
    found = list(WORD.finditer(text))
    sentences, sentence = [], 0
    for i, match in enumerate(found):
        between = text[found[i - 1].end():match.start()] if i else ""
        if "\n" in between or (SENTENCE_END.match(between) and match.group()[:1].isupper()):
            sentence += 1
        sentences.append(sentence)
    return [token(SPOKEN.get(w, w)) for w in (m.group().lower() for m in found)], tuple(sentences)


def tokens(text: str) -> list[Token]:
    """Return the tokens of a message (`read`)."""
    return read(text)[0]


def within_one(a: str, b: str) -> bool:
    """Tell whether two strings are at most one edit (insert, delete, substitute) apart."""
    return Levenshtein.distance(a, b, score_cutoff=1) <= 1


__all__ = ["MAX_TEXT", "Pattern", "TOKEN_PATTERN", "Token", "Word", "by_letter", "pattern", "positions", "read",
           "token", "tokens", "within_one"]
