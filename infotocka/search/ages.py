"""Ages in a message: "mama je stara 84 let", "sin (15-letni)", "my 13 year old", "ha 90 anni", "83 éves".

An age says who needs help: a child (up to 17) or an older person (65 and over). Its words are not needs of
their own: "otroka sta stara 8 in 11" is about children, although "stara" alone reads as "old".

An age is a number with a word that makes it one: "star/stara/aged" before it ("stara sem 14 let" too),
"-letni/-letna", "year(s) old", "yo" or "éves" after it, or "ima/ha/has" before and "let/anni/years/godina"
after it, ending the phrase ("ima 15 let in …", not "ima 15 let delovne dobe"). A number with "let" or
"years" alone ("že 10 let", for ten years) may be a duration: it counts only from 65 up, where it is an older
person's age.
"""
import re

from ..text import fold
from .analysis import is_stop

CHILD_UNTIL = 17
OLDER_FROM = 65
OLDEST = 115
CHILD, OLDER = "otroci-mladostniki", "starejsi"
_PART = re.compile(r"\d+|[^\W\d_]+")
OLD = frozenset({"star", "stara", "staro", "stari", "stare", "starega", "aged", "age", "eta", "stariji", "starost"})
BE = frozenset({"sem", "si", "je", "sva", "sta", "smo", "ste", "so", "sam", "bo", "bom", "bi", "am", "is", "are"})
HAS = frozenset({"ima", "imam", "imamo", "imata", "ha", "ho", "has", "hanno", "imaju", "має"})
YEARS = frozenset({"let", "leta", "leti", "year", "years", "yrs", "yr", "anni", "anno", "godina", "godine", "godinu",
                   "rokiv", "років", "роки", "рік", "лет", "года", "год"})
YEARS_OLD = frozenset({"yo", "eves", "letni", "letna", "letno", "letnik", "letnica", "letnega", "letne",
                       "letnim", "letnemu", "letnih", "letnico", "godisnji", "godisnja", "godisnjak", "richnyi",
                       "річний", "річна", "летний"})


def read(typed: list[str]) -> tuple[list[str], set[int]]:
    """Return the need codes the ages in the typed (lower-case) words say, and the positions of the words that
    said them ("stara", "let", "-letni"), which say nothing else."""
    parts = [(fold(p), i) for i, word in enumerate(typed) for p in _PART.findall(word)]
    codes: list[str] = []
    used: set[int] = set()
    for k, (part, i) in enumerate(parts):
        if not part.isdigit() or not 0 < int(part) <= OLDEST:
            continue
        before = parts[k - 1] if k else ("", -1)
        after = parts[k + 1] if k + 1 < len(parts) else ("", -1)
        then = parts[k + 2] if k + 2 < len(parts) else ("", -1)
        if before[0] in BE and k > 1 and parts[k - 2][0] in OLD:  # "stara sem 14 let", "star je 8 let"
            before = parts[k - 2]
        said = [before] if before[0] in OLD else []
        has = before[0] in HAS and (not then[0] or is_stop(then[0]))  # "ima 15 let in", not "ima 15 let staža"
        if after[0] in YEARS_OLD or (after[0] in YEARS and (then[0] in OLD or then[0] == "old" or has)):
            said += [after, then] if then[0] in OLD or then[0] == "old" else [after]
        age = int(part)
        if not said and after[0] in YEARS and age >= OLDER_FROM:  # "84 let": no one lives that long in a duration
            said.append(after)
        code = CHILD if age <= CHILD_UNTIL else OLDER if age >= OLDER_FROM else None
        if said and code:
            codes.append(code)
        used |= {position for _, position in said}
    return list(dict.fromkeys(codes)), used
