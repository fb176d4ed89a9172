"""Search-quality evaluation: graded queries → success@5 and nDCG@10 per query style.

Queries of the style "crisis" also get crisis@3: a grade-2 listing (a crisis line or
shelter) in the first three. Used by tools/search_quality.py (prints a report for the
tuning set and the blind set) and tests/search (asserts a floor on the tuning set).
"""
import csv
import fnmatch
import math
from collections import defaultdict
from dataclasses import dataclass
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


def evaluate(queries: list[Judged], search) -> dict:
    """Run every query; return per-style and overall success@5 and nDCG@10 (crisis@3 for
    the crisis style), plus the failures."""
    per_style = defaultdict(lambda: {"n": 0, "success": 0, "ndcg": 0.0, "top3": 0})
    failures = []
    for q in queries:
        ranked = search(SearchQuery(text=q.text, municipality=q.municipality, per_page=10)).ids
        hit = any(q.grades.get(sid) == 2 for sid in ranked[:5])
        hit3 = any(q.grades.get(sid) == 2 for sid in ranked[:3])
        for key in (q.style, "overall"):
            per_style[key]["n"] += 1
            per_style[key]["success"] += hit
            per_style[key]["ndcg"] += ndcg(ranked, q.grades)
            per_style[key]["top3"] += hit3
        if not hit or (q.style == CRISIS and not hit3):
            failures.append((q.style, q.text, ranked[:5]))
    report = {style: {"n": v["n"], "success@5": v["success"] / v["n"], "ndcg@10": v["ndcg"] / v["n"]}
              for style, v in per_style.items()}
    if CRISIS in per_style:
        report[CRISIS]["crisis@3"] = per_style[CRISIS]["top3"] / per_style[CRISIS]["n"]
    return {"styles": report, "failures": failures}


def format_report(result: dict, misses: bool = True) -> str:
    """Return the report as a small text table, with the missed queries unless `misses` is false (a blind
    set's misses are not shown: a list of them invites fixes aimed at them)."""
    lines = [f"{'style':<14}{'n':>4}{'success@5':>11}{'nDCG@10':>9}{'crisis@3':>10}"]
    for style, v in sorted(result["styles"].items(), key=lambda kv: kv[0] == "overall"):
        crisis = f"{v['crisis@3']:>10.3f}" if "crisis@3" in v else ""
        lines.append(f"{style:<14}{v['n']:>4}{v['success@5']:>11.3f}{v['ndcg@10']:>9.3f}{crisis}")
    for style, text, top in result["failures"] if misses else []:
        lines.append(f"MISS [{style}] {text!r}: {', '.join(top)}")
    return "\n".join(lines)
