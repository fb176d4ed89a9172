"""Search-quality evaluation: graded queries → success@5 and nDCG@10 per query style.

Queries of the style "crisis" also get crisis@3: a grade-2 listing (a crisis line or
shelter) in the first three. Queries of any other style count their false alarms: a crisis
block (`SearchResult.crisis`) above an ordinary need pushes the right help down.

Given each service's card family (search.documents.family), the same figures are also measured per
card, as the results page shows them: one card per service offered by several units of one network
(the CSD's "Prva socialna pomoč" in twelve towns), graded by its best unit, against an ideal ranking
of families. Per listing, a query whose right answer is "the CSD" wants twelve units in the top ten
and scores a low nDCG@10 even when the page is exactly right. Used by tools/search_quality.py (prints a report for the
tuning set and the blind set) and tests/search (asserts a floor on the tuning set).
"""
import csv
import fnmatch
import math
from collections import defaultdict
from dataclasses import dataclass, replace
from pathlib import Path

from .base import SearchQuery

CRISIS = "crisis"  # the query style whose target is a crisis line or shelter in the top 3


@dataclass
class Judged:
    style: str
    text: str
    grades: dict[str, int]  # service id → 2 (exactly right) or 1 (acceptable)
    municipality: int | None = None  # the resident's municipality: the "available to" filter


def read_queries(path: Path, all_ids: list[str]) -> list[Judged]:
    """Read the graded queries, expanding '*' patterns against the known service ids."""
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(ln for ln in fh if ln.strip() and not ln.startswith("#")))
    out = []
    for row in rows:
        grades: dict[str, int] = {}
        for grade, column in ((1, "acceptable"), (2, "relevant")):
            for pattern in (row.get(column) or "").split():
                matched = fnmatch.filter(all_ids, pattern)
                if not matched:
                    raise ValueError(f"{row['query']!r}: {pattern} matches no service")
                grades.update(dict.fromkeys(matched, grade))
        municipality = (row.get("municipality") or "").strip()
        out.append(Judged(row["style"], row["query"], grades, int(municipality) if municipality else None))
    return out


def ndcg(ranked: list[str], grades: dict[str, int], k: int = 10) -> float:
    """Normalized discounted cumulative gain of a ranking."""
    dcg = sum((2 ** grades.get(sid, 0) - 1) / math.log2(i + 2) for i, sid in enumerate(ranked[:k]))
    ideal = sorted(grades.values(), reverse=True)[:k]
    idcg = sum((2 ** g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def card_grades(grades: dict[str, int], families: dict[str, str]) -> dict[str, int]:
    """Return the grades per card family: a family is as good as its best graded unit."""
    out: dict[str, int] = {}
    for sid, grade in grades.items():
        key = families.get(sid, sid)
        out[key] = max(out.get(key, 0), grade)
    return out


def evaluate(queries: list[Judged], search, families: dict[str, str] | None = None, find_place: bool = True) -> dict:
    """Run every query; return per-style and overall success@5 and nDCG@10 (crisis@3 for
    the crisis style), plus the failures. With `families` (service id → card family) also
    "cards@5" and "cards nDCG@10": the same measured on the collapsed results page.

    `find_place`: read a place named in the message as the resident's place, as the residents' pages and
    the kiosk do ("… in Ljubljana" is a place, not a word to find in the listings); until session 12 the
    figures were measured without it (`tools/search_quality.py --without-place`)."""
    per_style = defaultdict(lambda: {"n": 0, "success": 0, "ndcg": 0.0, "top3": 0, "cards": 0, "cards_ndcg": 0.0,
                                     "alarms": 0})
    failures = []
    for q in queries:
        query = SearchQuery(text=q.text, municipality=q.municipality, per_page=10, find_place=find_place)
        result = search(query)
        ranked, alarm = result.ids, q.style != CRISIS and bool(result.crisis)
        hit = any(q.grades.get(sid) == 2 for sid in ranked[:5])
        hit3 = any(q.grades.get(sid) == 2 for sid in ranked[:3])
        if families is not None:
            cards = search(replace(query, collapse=True)).ids
            by_card = card_grades(q.grades, families)
            card_ranked = [families.get(sid, sid) for sid in cards]
            card_hit = any(by_card.get(key) == 2 for key in card_ranked[:5])
            card_ndcg = ndcg(card_ranked, by_card)
        for key in (q.style, "overall"):
            per_style[key]["n"] += 1
            per_style[key]["success"] += hit
            per_style[key]["ndcg"] += ndcg(ranked, q.grades)
            per_style[key]["top3"] += hit3
            per_style[key]["alarms"] += alarm
            if families is not None:
                per_style[key]["cards"] += card_hit
                per_style[key]["cards_ndcg"] += card_ndcg
        if not hit or (q.style == CRISIS and not hit3):
            failures.append((q.style, q.text, ranked[:5]))
        if alarm:
            failures.append(("alarm " + "+".join(result.crisis), q.text, ranked[:5]))
    report = {style: {"n": v["n"], "success@5": v["success"] / v["n"], "ndcg@10": v["ndcg"] / v["n"],
                      "alarms": v["alarms"]} for style, v in per_style.items()}
    if families is not None:
        for style, v in per_style.items():
            report[style].update({"cards@5": v["cards"] / v["n"], "cards ndcg@10": v["cards_ndcg"] / v["n"]})
    if CRISIS in per_style:
        report[CRISIS]["crisis@3"] = per_style[CRISIS]["top3"] / per_style[CRISIS]["n"]
    return {"styles": report, "failures": failures}


def format_report(result: dict, misses: bool = True) -> str:
    """Return the report as a small text table, with the missed queries unless `misses` is false (a blind
    set's misses are not shown: a list of them invites fixes aimed at them)."""
    cards = any("cards@5" in v for v in result["styles"].values())
    lines = [f"{'style':<14}{'n':>4}{'success@5':>11}{'nDCG@10':>9}{'crisis@3':>10}{'alarms':>8}"
             + (f"{'cards@5':>9}{'cards nDCG@10':>15}" if cards else "")]
    for style, v in sorted(result["styles"].items(), key=lambda kv: kv[0] == "overall"):
        crisis = f"{v['crisis@3']:>10.3f}" if "crisis@3" in v else " " * 10
        per_card = f"{v['cards@5']:>9.3f}{v['cards ndcg@10']:>15.3f}" if cards else ""
        alarms = f"{v['alarms']:>8}" if style != CRISIS else " " * 8
        lines.append(f"{style:<14}{v['n']:>4}{v['success@5']:>11.3f}{v['ndcg@10']:>9.3f}{crisis}{alarms}{per_card}".rstrip())
    for style, text, top in result["failures"] if misses else []:
        lines.append(f"MISS [{style}] {text!r}: {', '.join(top)}")
    return "\n".join(lines)
