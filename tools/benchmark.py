"""Benchmark search on a synthetic national directory.

Generates N services (default 10,000) across all 212 municipalities, imports them with
the HSDS importer, builds the index, runs a fixed mix of 500 queries through the API
(`/api/v1/services?search=`, or the search façade when the API is absent), and prints
the index build rate, p50/p95/p99 latency, peak memory and the delay until an edited
listing is findable. Usage: python tools/benchmark.py [--services N] [--queries 500]
"""
import argparse
import random
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from infotocka import create_app  # noqa: E402
from infotocka.extensions import db  # noqa: E402

NAMES = ["Pomoč na domu", "Dnevni center za starejše", "Svetovalnica za starše", "Paketi hrane",
         "Skupina za samopomoč", "Varna hiša", "Zavetišče za brezdomce", "Učna pomoč", "Prevozi za starejše",
         "Psihosocialna podpora", "Brezplačna pravna pomoč", "Klub zdravljenih alkoholikov",
         "Socialna aktivacija", "Stanovanjska skupina", "Varovanje na daljavo", "Počitniško letovanje otrok"]
PHRASES = ["nudimo brezplačno svetovanje in podporo", "pomagamo starejšim in invalidom pri vsakdanjih opravilih",
           "družinam v stiski razdelimo pakete hrane in oblačila", "vodimo skupine za samopomoč svojcev",
           "žrtvam nasilja v družini nudimo varno namestitev", "osebam z zasvojenostjo pomagamo pri abstinenci",
           "otrokom nudimo učno pomoč in počitniške dejavnosti", "brezposelnim pomagamo pri iskanju zaposlitve",
           "osebam v duševni stiski nudimo pogovor", "prostovoljci obiskujejo osamljene starejše",
           "storitev je brezplačna za prejemnike denarne socialne pomoči", "vlogo oddate osebno ali po pošti",
           "prevoz do zdravnika naročite dan prej", "sodelujemo s centrom za socialno delo in občino"]
QUERIES = ["pomoč na domu", "dnevni center", "partner mi grozi", "nimamo denarja za elektriko", "hči se drogira",
           "svetovalnica za starse", "invalidj", "dom za starejše", "ZRSZ", "CSD", "varna hiša", "paketi hrane",
           "zascita otrok", "oče ne zmore več sam skrbeti zase", "učna pomoč", "prevoz k zdravniku", "demenca",
           "skupina za samopomoč", "brezdomci", "osamljenost", "psihološka pomoč", "alkohol", "pravna pomoč",
           "socialna aktivacija", "dnevni centr", "po smrti žene sem čisto sam", "grozi nam deložacija", "NVO", "RK",
           "stanovanjska skupina"]


def synthetic_records(n: int, municipalities: list[tuple[int, str]], terms: dict[str, list[str]]) -> list[dict]:
    """Return n realistic-looking HSDS service records (deterministic)."""
    rnd = random.Random(42)
    records = []
    for i in range(n):
        code, town = municipalities[i % len(municipalities)]
        name = rnd.choice(NAMES)
        picked = rnd.sample(terms["ciljne-skupine"], 2) + rnd.sample(terms["vrste-pomoci"], 2)
        records.append({
            "id": f"bench-{i}", "name": f"{name} {town}", "status": "active" if i % 50 else "temporarily closed",
            "description": ". ".join(rnd.sample(PHRASES, 5)) + f". Deluje v občini {town}.",
            "organization": {"id": f"bench-org-{i // 3}", "name": f"Društvo {rnd.choice(NAMES).lower()} {town}",
                             "attributes": [{"taxonomy_term": {"code": rnd.choice(terms["vrste-izvajalcev"]),
                                                               "taxonomy": "vrste-izvajalcev"}}]},
            "service_areas": [] if i % 10 == 0 else [{"uri": f"urn:si:obcina:{code}"}],
            "attributes": [{"taxonomy_term": {"code": c, "taxonomy": t}} for c, t in
                           zip(picked, ["ciljne-skupine"] * 2 + ["vrste-pomoci"] * 2)],
        })
    return records


def percentile(values: list[float], p: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(p) - 1]


def run(args) -> None:
    from infotocka.directory.hsds_import import import_records
    from infotocka.directory.seed import seed_all
    from infotocka.models import Municipality, TaxonomyTerm
    from infotocka.search import sync
    db.create_all()
    seed_all()
    munis = [(m.id, m.name) for m in db.session.scalars(db.select(Municipality).order_by(Municipality.id))]
    terms: dict[str, list[str]] = {}
    for t in db.session.scalars(db.select(TaxonomyTerm)):
        terms.setdefault(t.taxonomy, []).append(t.code)
    records = synthetic_records(args.services, munis, terms)
    t0 = time.perf_counter()
    for start in range(0, len(records), 1000):
        import_records(records[start:start + 1000])
    print(f"imported {len(records)} services in {time.perf_counter() - t0:.1f} s")
    stats = sync.rebuild()
    print(f"index build: {stats['services']} services in {stats['seconds']:.1f} s = "
          f"{stats['services'] / stats['seconds']:.0f} services/s")
    latencies, via = run_queries(args, munis)
    print(f"{len(latencies)} queries via {via}: p50 {percentile(latencies, 50):.1f} ms, "
          f"p95 {percentile(latencies, 95):.1f} ms, p99 {percentile(latencies, 99):.1f} ms")
    print(f"edited listing findable after {edit_delay():.0f} ms")
    print(f"peak memory (max RSS) {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


def run_queries(args, munis) -> tuple[list[float], str]:
    """Time the fixed query mix (every third query filtered by a municipality)."""
    from flask import current_app
    from infotocka.search import SearchQuery, search
    client = current_app.test_client()
    use_api = client.get("/api/v1/services?search=test").status_code == 200
    rnd = random.Random(7)
    latencies = []
    for i in range(args.queries):
        text = QUERIES[i % len(QUERIES)]
        muni = rnd.choice(munis)[0] if i % 3 == 0 else None
        t = time.perf_counter()
        if use_api:
            params = {"search": text, **({"municipality": muni} if muni else {})}
            assert client.get("/api/v1/services", query_string=params).status_code == 200
        else:
            search(SearchQuery(text=text, municipality=muni))
        latencies.append((time.perf_counter() - t) * 1000)
    return latencies, "API /api/v1/services" if use_api else "search façade (no API yet)"


def edit_delay() -> float:
    """Rename a listing, commit, and time until a search finds the new name."""
    from infotocka.directory.changes import record_change
    from infotocka.models import Service
    from infotocka.search import SearchQuery, search
    service = db.session.get(Service, "bench-1")
    service.name = "Kurentovanje za vse generacije"
    record_change("service", service.id)
    t = time.perf_counter()
    db.session.commit()
    while "bench-1" not in search(SearchQuery(text="kurentovanje")).ids:
        time.sleep(0.01)
    return (time.perf_counter() - t) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--services", type=int, default=10_000)
    parser.add_argument("--queries", type=int, default=500)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/bench.db", "INDEX_DIR": f"{tmp}/index",
                          "SECRET_KEY": "bench", "RATELIMIT_ENABLED": False, "GEOCODER": "gazetteer"})
        with app.app_context():
            run(args)
            db.engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
