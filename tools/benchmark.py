"""Benchmark search on a synthetic national directory.

Generates N services (default 10,000) across all 212 municipalities, imports them with
the HSDS importer, builds the index, runs a fixed mix of 500 realistic queries (need
phrases, inflected, no diacritics, typos, abbreviations; with and without municipality
and target-group filters) through the API (`/api/v1/services?search=`), and prints the
import rate, index build rate, p50/p95/p99 latency, peak memory and the delay until an
edited listing is findable. Before the search part: the time to find probable duplicates (the
/urejanje/dvojniki page) the new way, and the old way extrapolated from a sample
(tools/duplicates_benchmark.py); --only-duplicates stops there.

The semantic layer: the time to embed a sample of --embed-sample service texts with the real
model (extrapolated to the whole directory, clearly labelled), and the latency of the same
query mix with the semantic layer on, over synthetic vectors for every service (each a
sampled real vector plus a little noise, so similarities are distributed as in real data),
with query vectors cached and with every query embedded afresh.

    python tools/benchmark.py [--services N] [--queries 500] [--workdir DIR] [--profile FILE]
                              [--embed-sample 200] [--only-duplicates]

"First search after start" is timed in a fresh process as gunicorn starts a worker (wsgi.py):
create the app, warm it up (infotocka.warm_up), then one search nobody has asked yet — with the
semantic layer on and the vectors of every service stored, when the semantic benchmark ran.

With --workdir the imported database is kept there and reused by the next run with the
same --services (the import is then not timed again); the index is always rebuilt.
"""
import argparse
import json
import random
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))

from infotocka import create_app  # noqa: E402
from infotocka.extensions import db  # noqa: E402
from duplicates_benchmark import duplicates_benchmark  # noqa: E402

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
# The fixed query mix, written the way residents and clerks type (style → queries).
QUERY_STYLES = {
    "need": ["partner mi grozi", "nimamo denarja za elektriko", "hči se drogira", "grozi nam deložacija",
             "oče ne zmore več sam skrbeti zase", "po smrti žene sem čisto sam", "mož pije",
             "ne morem plačati najemnine", "sin igra igre na srečo", "mama pozablja", "nimam kje spati",
             "potrebujem pomoč pri kopanju", "otrok ima težave v šoli", "ostal sem brez službe"],
    "inflected": ["pomoč na domu", "dnevni center", "za mladostnike", "invalidnim osebam", "o odvisnosti",
                  "dom za starejše", "paketi hrane", "učna pomoč", "prevoz k zdravniku", "skupina za samopomoč",
                  "brezdomcem", "psihološka pomoč", "pravna pomoč", "socialna aktivacija", "stanovanjska skupina",
                  "varna hiša", "z demenco", "osamljenim starejšim"],
    "no_diacritics": ["svetovalnica za starse", "zascita otrok", "pomoc na domu", "starejsi", "zrtve nasilja",
                      "ucna pomoc", "druzinam v stiski", "dusevna stiska", "zasvojenost z drogami"],
    "typo": ["invalidj", "dnevni centr", "svetovalnca", "brezdomc", "samopomc", "alkoholzem"],
    "abbreviation": ["ZRSZ", "CSD", "NVO", "RK", "CUDV", "VDC", "KZA", "ZPM"],
    "short": ["demenca", "alkohol", "osamljenost", "brezdomci", "hrana", "nasilje", "invalidi", "rejništvo"],
    # Long messages as residents write them (held out: never used to tune the engine).
    "story": ["mama je po kapi doma in ne zmorem vsega sam, rabim nekoga ki bi prišel pomagat",
              "sem brez službe že pol leta, zmanjkuje denarja za položnice in hrano za otroke",
              "moj fant me nadzoruje, mi jemlje telefon in denar, ne vem komu bi se lahko obrnila",
              "oče ima demenco in ponoči tava po hiši, potrebujemo dnevno varstvo ali dom",
              "sin je začel kaditi travo in ne hodi več v šolo, kaj naj naredim kot starš",
              "po ločitvi živim v avtu, iščem kakšno sobo ali zavetišče za nekaj tednov",
              "imam invalidnost in bi rad delal, pa me nikjer ne vzamejo",
              "soseda je stara in sama, nihče je ne obišče, kdo bi ji lahko prinesel kosilo"],
}
QUERIES = [q for style in QUERY_STYLES.values() for q in style]


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
            "phones": [{"number": f"0{3 + i % 5} {5000000 + i // 3}"}],  # an organization's services share it
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


def query_mix(n: int, munis: list[tuple[int, str]], target_groups: list[str]) -> list[dict]:
    """Return n API query strings (deterministic): every text of the mix in turn; about a third
    filtered by a municipality, a sixth by a target group, some by both, a few browse-only."""
    rnd = random.Random(7)
    mix = []
    for i in range(n):
        params = {"search": QUERIES[i % len(QUERIES)]}
        if i % 3 == 0:
            params["municipality"] = rnd.choice(munis)[0]
        if i % 6 == 1 or i % 12 == 0:
            params["target_group"] = rnd.choice(target_groups)
        if i % 50 == 49:  # browsing a municipality without words
            params = {"municipality": rnd.choice(munis)[0]}
        mix.append(params)
    return mix


def run(args) -> None:
    from infotocka.directory.seed import seed_all
    from infotocka.models import Municipality, Service, TaxonomyTerm
    from infotocka.search import sync
    db.create_all()
    seed_all()
    munis = [(m.id, m.name) for m in db.session.scalars(db.select(Municipality).order_by(Municipality.id))]
    terms: dict[str, list[str]] = {}
    for t in db.session.scalars(db.select(TaxonomyTerm)):
        terms.setdefault(t.taxonomy, []).append(t.code)
    have = db.session.scalar(db.select(db.func.count()).select_from(Service).where(Service.id.like("bench-%")))
    if have >= args.services:
        print(f"services: {have} (reused from {args.workdir}; import not timed)")
    else:
        import_directory(synthetic_records(args.services, munis, terms)[have:], have)
    duplicates_benchmark()
    if args.only_duplicates:
        return
    stats = sync.rebuild()
    print(f"index build: {stats['services']} services in {stats['seconds']:.1f} s = "
          f"{stats['services'] / stats['seconds']:.0f} services/s")
    mix = query_mix(args.queries, munis, terms["ciljne-skupine"])
    first, latencies = run_queries(mix)
    print(f"first query (opens the index) {first:.0f} ms")
    print(f"{len(latencies)} API searches (/api/v1/services?search=…): p50 {percentile(latencies, 50):.1f} ms, "
          f"p95 {percentile(latencies, 95):.1f} ms, p99 {percentile(latencies, 99):.1f} ms, "
          f"max {max(latencies):.0f} ms")
    compare_with_fts5(args, mix, latencies)
    print(f"edited listing findable after {edit_delay():.0f} ms")
    if args.embed_sample:
        semantic_benchmark(args, mix, latencies)
    after_start(args.embed_sample > 0)
    print(f"peak memory (max RSS) {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


def semantic_benchmark(args, mix: list[dict], lexical: list[float]) -> None:
    """Time embedding a sample of service texts, then the query mix with the semantic layer on."""
    import numpy as np
    from flask import current_app
    from infotocka.search import encoder, semantic
    current_app.config["SEMANTIC_SEARCH"] = True
    model = encoder.load(current_app.config)
    if model is None:
        print(f"semantic layer unavailable: {encoder.unavailable_reason(current_app.config)}")
        return
    ids, sample, per_text = steady_semantic_state(model, args.embed_sample)
    print(f"embedding: {per_text * 1000:.0f} ms per service text (real model, {len(sample)} sampled texts, "
          f"{np.mean([len(x) for x in sample]):.0f} characters, one thread); "
          f"EXTRAPOLATED to {len(ids)} services: {per_text * len(ids) / 60:.1f} min")
    _, warm = run_queries(mix)
    state = semantic._state()
    cold = run_queries(mix, before_each=state.queries.clear)[1]
    for label, values in (("lexical only", lexical), ("semantic, query vectors cached", warm),
                          ("semantic, every query embedded", cold)):
        print(f"  {label:32s} p50 {percentile(values, 50):6.1f} ms  p95 {percentile(values, 95):6.1f} ms")
    print(f"semantic overhead per query: p50 +{percentile(cold, 50) - percentile(lexical, 50):.1f} ms, "
          f"p95 +{percentile(cold, 95) - percentile(lexical, 95):.1f} ms (every query embedded; "
          f"vectors of the {len(ids)} services synthetic)")


def after_start(semantic: bool) -> None:
    """Start a fresh process on the same database and index, as a web worker starts; print its figures."""
    import subprocess
    from flask import current_app
    out = subprocess.run([sys.executable, __file__, "--start-only", json.dumps(
        {**bench_config(current_app.config["SQLALCHEMY_DATABASE_URI"], current_app.config["INDEX_DIR"]),
         "SEMANTIC_SEARCH": semantic})], check=True, capture_output=True, text=True).stdout
    figures = json.loads(out.splitlines()[-1])
    print(f"after start ({'semantic layer on' if semantic else 'lexical'}): app created in {figures['create']:.2f} s, "
          f"warmed up in {figures['warm']:.2f} s, first search {figures['first']:.0f} ms, "
          f"first results page {figures['page']:.0f} ms")


def start_only(config: dict) -> None:
    """The fresh process of after_start: print its timings as one line of JSON."""
    from infotocka import warm_up
    t = time.perf_counter()
    app = create_app(config)
    created = time.perf_counter() - t
    t = time.perf_counter()
    warm_up(app)
    warmed = time.perf_counter() - t
    client = app.test_client()
    t = time.perf_counter()
    assert client.get("/api/v1/services", query_string={"search": "nimam kje spati"}).status_code == 200
    first = (time.perf_counter() - t) * 1000
    t = time.perf_counter()
    assert client.get("/iskanje", query_string={"q": "sin ima napade panike"}).status_code == 200
    page = (time.perf_counter() - t) * 1000
    print(json.dumps({"create": created, "warm": warmed, "first": first, "page": page}))


def bench_config(database_uri: str, index_dir: str) -> dict:
    return {"SQLALCHEMY_DATABASE_URI": database_uri, "INDEX_DIR": index_dir,
            "SECRET_KEY": "bench", "RATELIMIT_ENABLED": False, "GEOCODER": "gazetteer",
            "SEMANTIC_SEARCH": False, "SEMANTIC_WORKER": False,
            "PAGE_CACHE": "NullCache"}  # every search is searched, as the FTS5 app's are


def steady_semantic_state(model, sample_size: int) -> tuple[list[str], list[str], float]:
    """Give the semantic layer what it has once the background job has caught up: real vectors for the
    need categories, off-topic anchors and crisis examples, and for every service a synthetic one made
    from `sample_size` really embedded service texts. Return the ids, the sampled texts and the seconds
    one text took to embed."""
    import numpy as np
    from infotocka.directory.loading import services_by_ids
    from infotocka.models import Service
    from infotocka.search import embeddings, encoder
    embeddings.fill(limit=0)
    ids = list(db.session.scalars(db.select(Service.id).order_by(Service.id)))
    sample = [embeddings.service_text(s) for s in services_by_ids(random.Random(3).sample(ids, sample_size))]
    t = time.perf_counter()
    real = np.vstack([encoder.passages(model, [text]) for text in sample])
    per_text = (time.perf_counter() - t) / len(sample)
    store_synthetic_vectors(ids, real, np.random.default_rng(5))
    return ids, sample, per_text


def store_synthetic_vectors(ids: list[str], real, rng) -> None:
    """Point every service at a synthetic vector: a sampled real one plus noise, renormalised."""
    from infotocka.directory.changes import latest_seq
    from infotocka.models import Embedding, ServiceEmbedding
    import numpy as np
    from infotocka.search import embeddings
    seq = latest_seq()
    vectors = real[np.arange(len(ids)) % len(real)] + rng.normal(0, 0.01, (len(ids), real.shape[1]))
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    db.session.execute(db.delete(ServiceEmbedding))
    db.session.execute(db.delete(Embedding).where(Embedding.text_hash.like("synthetic-%")))  # a reused --workdir
    db.session.execute(db.insert(Embedding), [{"text_hash": f"synthetic-{sid}", "vector": blob}
                                              for sid, blob in zip(ids, embeddings.to_bytes(vectors))])
    db.session.execute(db.insert(ServiceEmbedding), [{"service_id": sid, "text_hash": f"synthetic-{sid}", "seq": seq}
                                                     for sid in ids])
    db.session.commit()


def summary(latencies: list[float]) -> str:
    return "  ".join(f"{percentile(latencies, p):6.1f}" for p in (50, 95, 99))


def compare_with_fts5(args, mix: list[dict], ours: list[float]) -> None:
    """Run the same mix against a plain SQLite FTS5 app in this process and print both side by side."""
    from flask import current_app

    import fts5_baseline
    seconds = fts5_baseline.build(str(Path(args.workdir) / f"bench-{args.services}.db"))
    baseline = fts5_baseline.make_app(str(Path(args.workdir) / f"bench-{args.services}.db"),
                                      current_app._get_current_object())
    client = baseline.test_client()
    rows = {"Infotočka API": ours}
    for route in ("lean", "hsds"):
        times = []
        for params in mix:
            t = time.perf_counter()
            assert client.get(f"/{route}", query_string=params).status_code == 200
            times.append((time.perf_counter() - t) * 1000)
        rows[f"FTS5 baseline ({route})"] = times
    print(f"FTS5 baseline table built in {seconds:.1f} s; same {len(mix)} queries, ms:")
    print(f"  {'':28}{'p50':>6}  {'p95':>6}  {'p99':>6}")
    for name, times in rows.items():
        print(f"  {name:28}{summary(times)}")
    lean = rows["FTS5 baseline (lean)"]
    print(f"  Infotočka / FTS5 lean at p95: {percentile(ours, 95) / percentile(lean, 95):.1f}x; "
          f"/ FTS5 with HSDS pages: {percentile(ours, 95) / percentile(rows['FTS5 baseline (hsds)'], 95):.1f}x")


def import_directory(records: list[dict], already: int) -> None:
    """Import the records with the HSDS importer, timing it."""
    from infotocka.directory.hsds_import import import_records
    t0 = time.perf_counter()
    for start in range(0, len(records), 1000):
        import_records(records[start:start + 1000])
        done = start + min(1000, len(records) - start)
        print(f"  imported {already + done} …", file=sys.stderr, flush=True)
    seconds = time.perf_counter() - t0
    print(f"services: {already + len(records)}; imported {len(records)} in {seconds:.1f} s = "
          f"{len(records) / seconds:.0f} services/s")


def run_queries(mix: list[dict], before_each=None) -> tuple[float, list[float]]:
    """Time the query mix through the API; return (first query ms, latencies ms)."""
    from flask import current_app
    client = current_app.test_client()
    t = time.perf_counter()
    assert client.get("/api/v1/services", query_string={"search": "pomoč"}).status_code == 200
    first = (time.perf_counter() - t) * 1000
    latencies = []
    for params in mix:
        if before_each:
            before_each()
        t = time.perf_counter()
        response = client.get("/api/v1/services", query_string=params)
        latencies.append((time.perf_counter() - t) * 1000)
        assert response.status_code == 200, (params, response.get_data(as_text=True)[:200])
    return first, latencies


def edit_delay() -> float:
    """Rename a listing, commit, and time until a search finds the new name."""
    from infotocka.models import Service
    from infotocka.search import SearchQuery, search
    service = db.session.get(Service, "bench-1")
    service.name = f"Kurentovanje za vse generacije {int(time.time())}"
    t = time.perf_counter()
    db.session.commit()
    while "bench-1" not in search(SearchQuery(text="kurentovanje")).ids:
        time.sleep(0.01)
    return (time.perf_counter() - t) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--services", type=int, default=10_000)
    parser.add_argument("--queries", type=int, default=500)
    parser.add_argument("--workdir", help="keep the database here and reuse it next time (default: a temporary folder)")
    parser.add_argument("--only-duplicates", action="store_true",
                        help="after the import, time only finding duplicate candidates (skip the search benchmark)")
    parser.add_argument("--profile", help="write a cProfile of the query run to this file")
    parser.add_argument("--embed-sample", type=int, default=200,
                        help="service texts to embed with the real model (0: skip the semantic benchmark)")
    parser.add_argument("--start-only", help=argparse.SUPPRESS)  # the fresh process of after_start
    args = parser.parse_args()
    if args.start_only:
        start_only(json.loads(args.start_only))
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(args.workdir or tmp)
        work.mkdir(parents=True, exist_ok=True)
        args.workdir = str(work)
        db_path = work / f"bench-{args.services}.db"
        app = create_app(bench_config(f"sqlite:///{db_path}", f"{tmp}/index"))
        with app.app_context():
            if args.profile:
                import cProfile
                cProfile.runctx("run(args)", globals(), {"run": run, "args": args}, args.profile)
            else:
                run(args)
            db.engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
