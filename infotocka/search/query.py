"""Turn what a resident typed into a Whoosh query.

Each word is lemmatized with its diacritics restored against the index and thesaurus
vocabulary; an unknown word is corrected against the `plain` field (typos), which also
yields the "did you mean" text. Words are OR-ed (need phrases rarely share every word
with a listing) and BM25F ranks services matching more of them, in better fields,
higher. The thesaurus adds taxonomy codes (constant score) and synonym phrases.
"""
from dataclasses import dataclass, field

from rapidfuzz.distance import Levenshtein
from whoosh import query as wq

from . import ages
from .analysis import (a_word, capitals, fold, foreign, foreign_message, is_stop, language_lemma, lemma, restore,
                       stem, untagged, words)
from .schema import PLAIN_FIELD, STEM_BOOST, STEM_FIELD, TEXT_FIELDS
from .thesaurus import NEGATION, Expansion, Thesaurus, negated, typed_forms

CODE_FIELDS = ("target_group", "kind", "provider_type")
CODE_SCORE = 3.0  # score of a thesaurus-matched code at weight 1, comparable to a body match
ANY_SHARE = 0.7  # share of a row's score earned by carrying any one of its codes
SYNONYM_BOOST = 0.6
ALTERNATIVE_BOOST = 0.5
MIN_CORRECT_LENGTH = 4
ENDING = 1  # the letters at the end of a real word that may differ in the listings' form of it
AGE_WEIGHT = 1.5  # an age ("stara 84 let") says who needs help as firmly as a thesaurus row's word
UNSEEN_BOOST = 2.0  # a row triggered only by words no listing contains carries the whole concept
TEXT_STAT_FIELDS = ("name", "body", "org", "terms")
# Modal verbs and "brez" say nothing about the need by themselves ("ne morem več" vs a listing's
# "ki ne morejo skrbeti zase"; "penzionist brez denarja" vs "ljudem brez doma"; "čisto sam" vs
# "ki sami ne morejo"; "rabim en cajt" vs "Božiček za en dan"): they complete
# thesaurus phrases ("ne morem več", "brez denarja") but are not searched as text.
# Durations in a story ("že pol leta", "dva tedna", "cel dan") say how long, not what is needed.
PHRASE_ONLY_LEMMAS = frozenset({"moci", "morati", "hoteti", "smeti", "brez", "sam", "en", "rabiti",
                                "pol", "leto", "mesec", "teden", "dan", "cel"})


@dataclass
class Plan:
    """The analysed query: lemmas, thesaurus expansion and spelling corrections."""

    lemmas: list[str] = field(default_factory=list)
    expansion: Expansion = field(default_factory=Expansion)
    corrections: dict[str, str] = field(default_factory=dict)  # typed word → corrected word
    typed: list[str] = field(default_factory=list)
    alternatives: list[str] = field(default_factory=list)  # lemmas of likely typos of known words
    understood: list[str] = field(default_factory=list)  # need codes understood, switched-off ones too

    @property
    def empty(self) -> bool:
        return not self.lemmas and not self.expansion.codes

    def suggestion(self) -> str | None:
        """Return the query with corrected words, or None when nothing was corrected."""
        if not self.corrections:
            return None
        return " ".join(self.corrections.get(w, w) for w in self.typed)

    def highlight_terms(self) -> set[str]:
        return set(self.lemmas) | {untagged(a) for a in self.alternatives} | {t for syn in self.expansion.synonyms
                                                                               for t in syn}


class Frequency:
    """How common a folded lemma is in the index's lemma fields (+1 if the thesaurus knows it)."""

    def __init__(self, reader, thesaurus: Thesaurus):
        self.reader, self.thesaurus = reader, thesaurus

    def __call__(self, lem: str) -> int:
        known = int(lem in self.thesaurus.vocabulary)
        return known + self.in_text(lem)

    def in_text(self, lem: str) -> int:
        """How many listings contain the lemma in a text field."""
        return sum(self.reader.doc_frequency(f, lem) for f in TEXT_STAT_FIELDS)


def plan_query(text: str, searcher, thesaurus: Thesaurus, memo: dict | None = None, dismissed=()) -> Plan:
    """Analyse the typed text against the index and the thesaurus.

    Needs in `dismissed` (codes the resident switched off) stay understood but add nothing, and
    the words that said them are not searched.

    `memo` (a dict living as long as the searcher's index generation) caches the
    analysis of each word, spelling correction included.
    """
    plan = Plan(typed=words(text))
    twins: dict[str, set[str]] = {}  # two readings of one typed word ("working": "working" and "work")
    reader = searcher.reader()
    frequency = Frequency(reader, thesaurus)
    if memo is not None and memo.get("thesaurus") is not thesaurus:  # staff edited it: start afresh
        memo.clear()
        memo["thesaurus"] = thesaurus
    in_foreign = foreign_message(plan.typed)  # "sola" is Italian in "mia madre vive sola", "šola" in "sola za starse"
    aged, age_words = ages.read(plan.typed)  # "stara 8 in 11": children, not "old"
    for position, word in enumerate(plan.typed):
        if is_stop(word) or position in age_words:
            continue
        key = ("word", word, in_foreign)
        found = memo.get(key) if memo is not None else None
        if found is None:
            found = _analyse_word(word, reader, thesaurus, frequency, in_foreign)
            if memo is not None:
                if len(memo) > 20_000:
                    memo.clear()
                    memo["thesaurus"] = thesaurus
                memo[key] = found
        lem, fixed, alt = found
        if fixed:
            plan.corrections[word] = fixed
        if alt and alt != lem and alt not in plan.lemmas:
            plan.alternatives.append(alt)
            twins.setdefault(alt, set()).add(lem)
            twins.setdefault(lem, set()).add(alt)
        if lem not in plan.lemmas:
            plan.lemmas.append(lem)
    # "ne" is a stop word for the text, but thesaurus phrases with it need it typed
    negation = [NEGATION] if negated(plan.typed) else []
    plan.expansion = thesaurus.expand(plan.lemmas + plan.alternatives + negation, capitals(text), twins,
                                      typed_forms(plan.typed))
    for code in aged:
        plan.expansion.add((code,), AGE_WEIGHT)
    _weigh_unseen(plan.expansion, frequency, memo)
    plan.understood = plan.expansion.understood()
    if dismissed:  # the resident said "not this": neither its rows nor the words that said it count
        dropped = plan.expansion.words_of(dismissed)
        plan.lemmas = [lem for lem in plan.lemmas if lem not in dropped]
        plan.expansion = plan.expansion.without(dismissed)
    return plan


def _weigh_unseen(expansion: Expansion, frequency: Frequency, memo: dict | None) -> None:
    """Strengthen rows whose query words occur in no listing's text ("lačni", "drogira").

    Such words are usually the heart of a need phrase, yet only the row's codes speak for
    them, while a companion word ("otroci") also scores its text matches.
    """
    groups = []
    for codes, weight in expansion.groups:
        tokens = expansion.triggers.get((codes, weight), ())
        unseen = bool(tokens) and all(_text_count(t, frequency, memo) == 0 for t in tokens)
        groups.append((codes, weight * UNSEEN_BOOST if unseen else weight))
    expansion.groups = groups


def _text_count(lem: str, frequency: Frequency, memo: dict | None) -> int:
    key = ("df", lem)
    if memo is not None and key in memo:
        return memo[key]
    count = frequency.in_text(lem)
    if memo is not None:
        memo[key] = count
    return count


def _analyse_word(word: str, reader, thesaurus: Thesaurus, frequency,
                  in_foreign: bool = False) -> tuple[str, str | None, str | None]:
    """Return (lemma, corrected spelling or None, lemma of a likely intended word or None); `in_foreign`: the
    message is English or Italian (`analysis.foreign_message`)."""
    fixed = alt = None
    own = language_lemma(word, slovene_first=not in_foreign)  # an English or Italian word: its own lemma
    lem = restore(word, frequency, as_typed=own is not None)
    long_enough = len(word) >= MIN_CORRECT_LENGTH and not word.isdigit()
    if lem is None and long_enough:  # a real word is not a typo ("week" is not "weed", "zapira" not "zapija")
        real = a_word(word)
        fixed = None if real else correct(fold(word), reader, thesaurus)
        if fixed:
            lem = restore(fixed, frequency)
        else:  # an inflection or compound of a word in another language ("alkoholfüggő")
            lem = thesaurus.foreign_word(fold(word))
        if real and not foreign(word):  # another ending of a Slovene word listings use ("psihološka" → "-o")
            alt = _other_ending(fold(word), reader, thesaurus, frequency)
    elif lem and long_enough and _unseen(fold(word), reader, thesaurus) and not a_word(word):
        # a known lemma of an unseen spelling may be a typo of another word ("domo" → "domu")
        near = correct(fold(word), reader, thesaurus, maxdist=1)
        alt = restore(near, frequency) if near else None
    # an English or Italian word also stands for its lemma in that language ("sleeping" → "sleep")
    return lem or lemma(word), fixed, alt or own


def _other_ending(word: str, reader, thesaurus: Thesaurus, frequency) -> str | None:
    """Return the lemma of the nearest known word that differs from `word` in its last letter only."""
    near = correct(word, reader, thesaurus, maxdist=1) if len(word) > ENDING + 3 else None
    return restore(near, frequency) if near and near[:-ENDING] == word[:-ENDING] else None


def _unseen(word: str, reader, thesaurus: Thesaurus) -> bool:
    return word not in thesaurus.surface and not reader.doc_frequency(PLAIN_FIELD, word)


def correct(word: str, reader, thesaurus: Thesaurus, maxdist: int = 2) -> str | None:
    """Return the nearest known word (fewest edits, then most frequent), or None."""
    maxdist = 1 if len(word) <= 5 else maxdist
    for dist in range(1, maxdist + 1):
        found = set(reader.terms_within(PLAIN_FIELD, word, dist, prefix=1))
        found |= {w for w in thesaurus.surface
                  if w[:1] == word[:1] and Levenshtein.distance(word, w, score_cutoff=dist) <= dist}
        found.discard(word)
        if found:
            return max(sorted(found), key=lambda w: reader.frequency(PLAIN_FIELD, w) + (w in thesaurus.surface))
    return None


def word_query(lem: str, boost: float = 1.0) -> wq.Query:
    """Match one lemma in every text field with that field's boost, plus its stem."""
    subs = [wq.Term(name, lem, boost=b * boost) for name, b in TEXT_FIELDS.items()]
    subs.append(wq.Term(STEM_FIELD, stem(lem), boost=STEM_BOOST * boost))
    return wq.Or(subs)


def _tagged(codes) -> wq.Query:
    return wq.Or([wq.Term(name, code) for code in codes for name in CODE_FIELDS])


def group_query(codes: tuple[str, ...], weight: float) -> wq.Query:
    """Score services tagged with a matched row's codes: most for any one, a little more for each."""
    share = CODE_SCORE * weight * (1 - ANY_SHARE) / len(codes)
    parts = [wq.ConstantScoreQuery(_tagged(codes), score=CODE_SCORE * weight * ANY_SHARE)]
    parts += [wq.ConstantScoreQuery(_tagged([code]), score=share) for code in codes]
    return wq.Or(parts)


def build(plan: Plan) -> wq.Query:
    """Return the Whoosh query of a plan (words OR synonyms OR mapped codes)."""
    parts = [word_query(lem) for lem in plan.lemmas
             if lem not in PHRASE_ONLY_LEMMAS and lem not in plan.expansion.unsearched]
    parts += [word_query(untagged(lem), ALTERNATIVE_BOOST) for lem in plan.alternatives
              if lem not in PHRASE_ONLY_LEMMAS]
    parts += [wq.And([word_query(t, SYNONYM_BOOST) for t in syn]) for syn in plan.expansion.synonyms]
    parts += [group_query(codes, w) for codes, w in plan.expansion.groups]
    return wq.Or(parts)
