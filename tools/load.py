"""Load test: a realistic anonymous mix against gunicorn with two workers, on 127.0.0.1 only.

Builds (or reuses, in --workdir) a synthetic directory of --services services (the generator of
tools/benchmark.py), builds its search index, starts `gunicorn -w 2` on 127.0.0.1, then sends for
--seconds (at most --requests requests) from --concurrency client threads:

    40 % /iskanje?q=…             realistic resident queries (need phrases, typos, no diacritics, …)
    40 % /api/v1/services?search=… the same mix through the API, a third with a municipality
    20 % /storitev/<id>            service pages
    every 50th request: /api/v1/export.json, export.zip, /api/v1/coverage, /pokritost

and prints throughput, p50/p95/p99, errors and the share the page cache answered per kind, the
longest request, and from gunicorn's access log the longest time any request held a worker, plus
worker timeouts. Exit status 1 when
any request failed or a worker timed out.

    python tools/load.py [--services 10000] [--seconds 60] [--concurrency 4] [--workdir DIR]
                         [--delete-index-after S] [--baseline]

--baseline runs the same mix a second time without the page cache (PAGE_CACHE=NullCache) and prints
both throughputs side by side. The semantic layer runs in its steady state: real vectors for the need
categories and crisis prototypes, synthetic ones for the services (as in `make bench`), no embedding
backlog (INFOTOCKA_SEMANTIC_WORKER=true in the environment measures a worker embedding in the background).

--delete-index-after S deletes the index folder S seconds into the run: searches must keep
answering while the index rebuilds itself in the background.
"""
import argparse
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))

from benchmark import QUERIES, import_directory, synthetic_records  # noqa: E402
from benchmark import steady_semantic_state as benchmark_steady_state  # noqa: E402

from infotocka.pagecache import HIT_HEADER  # noqa: E402

HEAVY = ["/api/v1/export.json", "/api/v1/export.zip", "/api/v1/coverage?region=zasavska", "/pokritost"]
HOST = "127.0.0.1"


def prepare(work: Path, services: int) -> dict:
    """Create or reuse the database and build the index; return the app's environment variables."""
    from infotocka import create_app
    from infotocka.extensions import db
    env = {"INFOTOCKA_SQLALCHEMY_DATABASE_URI": f"sqlite:///{work / f'load-{services}.db'}",
           "INFOTOCKA_INDEX_DIR": str(work / "index"), "INFOTOCKA_CACHE_DIR": str(work / "cache"),
           "INFOTOCKA_SECRET_KEY": "load-test", "INFOTOCKA_SECURE_COOKIES": "false",
           "INFOTOCKA_SEMANTIC_WORKER": os.environ.get("INFOTOCKA_SEMANTIC_WORKER", "false"),
           "INFOTOCKA_PAGE_CACHE_HEADER": "true"}  # the share of answers the cache gave
    app = create_app({k.removeprefix("INFOTOCKA_"): v for k, v in env.items()})
    with app.app_context():
        from infotocka.directory.seed import seed_all
        from infotocka.models import Municipality, Service, TaxonomyTerm
        from infotocka.search import sync
        db.create_all()
        seed_all()
        have = db.session.scalar(db.select(db.func.count()).select_from(Service).where(Service.id.like("bench-%")))
        if have < services:
            munis = [(m.id, m.name) for m in db.session.scalars(db.select(Municipality).order_by(Municipality.id))]
            terms: dict[str, list[str]] = {}
            for t in db.session.scalars(db.select(TaxonomyTerm)):
                terms.setdefault(t.taxonomy, []).append(t.code)
            import_directory(synthetic_records(services, munis, terms)[have:], have)
        why = sync.diagnose()
        if why:
            print(f"building the index ({why}) …", flush=True)
            sync.rebuild()
        steady_semantic_state()
        env["_IDS"] = ",".join(db.session.scalars(db.select(Service.id).order_by(Service.id).limit(2000)))
        env["_MUNIS"] = ",".join(str(m) for m in db.session.scalars(db.select(Municipality.id)))
        db.engine.dispose()
    return env


def steady_semantic_state() -> None:
    """Vectors as once the background job has caught up (synthetic for the services, as in `make bench`:
    embedding 10,000 real texts takes most of an hour), unless the services have them already."""
    from flask import current_app
    from infotocka.extensions import db
    from infotocka.models import Service, ServiceEmbedding
    from infotocka.search import embeddings, encoder
    model = encoder.load(current_app.config)
    if model is None:
        print("semantic layer unavailable: lexical search only", flush=True)
        return
    embeddings.fill(limit=0)  # categories, anchors and crisis examples added since the last run
    services = db.session.scalar(db.select(db.func.count()).select_from(Service))
    if db.session.scalar(db.select(db.func.count()).select_from(ServiceEmbedding)) < services:
        print("synthetic vectors for the services …", flush=True)
        benchmark_steady_state(model, 20)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def start_gunicorn(env: dict, port: int, log: Path) -> subprocess.Popen:
    gunicorn = Path(sys.executable).with_name("gunicorn")
    command = [str(gunicorn), "-w", "2", "-b", f"{HOST}:{port}", "--no-control-socket", "--timeout", "30",
               "--access-logfile", str(log), "--access-logformat", '%(D)s %(s)s "%(r)s"',
               "--error-logfile", str(log.with_suffix(".err")), "wsgi:app"]  # as deployed: workers warm up
    proc = subprocess.Popen(command, cwd=ROOT, env={**os.environ, **{k: v for k, v in env.items()
                                                                     if not k.startswith("_")}})
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection((HOST, port), timeout=1):
                return proc
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("gunicorn did not start")


def fetch(url: str, timeout: float = 60) -> tuple[int, float, bool]:
    """Return the status, the milliseconds taken and whether the page cache answered."""
    started = time.perf_counter()
    hit = False
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            response.read()
            status, hit = response.status, response.headers.get(HIT_HEADER) == "hit"
    except urllib.error.HTTPError as err:
        status = err.code
    except OSError:
        status = 0
    return status, (time.perf_counter() - started) * 1000, hit


def warm_up(base: str) -> None:
    """Ask for the heavy answers until each is ready (they are built in the background)."""
    deadline = time.monotonic() + 300
    for path in HEAVY:
        while fetch(base + path)[0] != 200:
            if time.monotonic() > deadline:
                raise SystemExit(f"{path} never became ready")
            time.sleep(1)


def make_mix(env: dict, count: int) -> list[tuple[str, str]]:
    """Return (kind, path) requests in a deterministic realistic order."""
    rnd = random.Random(11)
    ids, munis = env["_IDS"].split(","), env["_MUNIS"].split(",")
    mix = []
    for i in range(count):
        if i % 50 == 49:
            mix.append(("heavy", HEAVY[(i // 50) % len(HEAVY)]))
            continue
        roll = rnd.random()
        text = rnd.choice(QUERIES)
        if roll < 0.4:
            mix.append(("iskanje", "/iskanje?" + urlencode({"q": text})))
        elif roll < 0.8:
            params = {"search": text, **({"municipality": rnd.choice(munis)} if rnd.random() < 0.33 else {})}
            mix.append(("api", "/api/v1/services?" + urlencode(params)))
        else:
            mix.append(("storitev", f"/storitev/{rnd.choice(ids)}"))
    return mix


def run_load(base: str, mix, seconds: float, concurrency: int, on_time=None):
    results: list[tuple[str, str, int, float]] = []
    lock, position = threading.Lock(), [0]
    deadline = time.monotonic() + seconds

    def worker():
        while time.monotonic() < deadline:
            with lock:
                if position[0] >= len(mix):
                    return
                kind, path = mix[position[0]]
                position[0] += 1
            status, ms, hit = fetch(base + path)
            with lock:
                results.append((kind, path, status, ms, hit))

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    started = time.monotonic()
    for t in threads:
        t.start()
    if on_time:
        on_time()
    for t in threads:
        t.join()
    return results, time.monotonic() - started


def pct(values: list[float], p: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[p - 1] if len(values) > 1 else values[0]


def report(results, elapsed: float, log: Path) -> int:
    print(f"\n{len(results)} requests in {elapsed:.1f} s = {len(results) / elapsed:.1f} requests/s")
    print(f"{'kind':10} {'n':>6} {'errors':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'max ms':>8} {'cached':>7}")
    kinds = ["iskanje", "api", "storitev", "heavy", "all"]
    errors = 0
    for kind in kinds:
        rows = [r for r in results if kind == "all" or r[0] == kind]
        if not rows:
            continue
        ms = [r[3] for r in rows]
        bad = sum(1 for r in rows if r[2] != 200)
        errors += bad if kind != "all" else 0
        hits = sum(1 for r in rows if r[4]) / len(rows)
        print(f"{kind:10} {len(rows):6d} {bad:6d} {pct(ms, 50):8.1f} {pct(ms, 95):8.1f} {pct(ms, 99):8.1f} "
              f"{max(ms):8.0f} {hits:7.0%}")
    longest = max(results, key=lambda r: r[3])
    print(f"longest request: {longest[3]:.0f} ms {longest[1]} (status {longest[2]})")
    statuses = sorted({r[2] for r in results if r[2] != 200})
    if statuses:
        print(f"non-200 statuses: {statuses}")
    held = [(int(m.group(1)) / 1000, m.group(2)) for m in
            re.finditer(r'^(\d+) \d+ "(.*)"$', log.read_text(), re.M)] if log.exists() else []
    if held:
        worst = max(held)
        print(f"longest time a worker was held (gunicorn): {worst[0]:.0f} ms {worst[1]}")
    timeouts = log.with_suffix(".err").read_text().count("WORKER TIMEOUT") if log.with_suffix(".err").exists() else 0
    print(f"worker timeouts: {timeouts}")
    return 1 if errors or timeouts else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--services", type=int, default=10_000)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--requests", type=int, default=20_000, help="at most this many requests")
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--workdir", default=str(ROOT / "instance" / "load"))
    parser.add_argument("--delete-index-after", type=float, help="delete the index folder this many seconds in")
    parser.add_argument("--baseline", action="store_true",
                        help="run the mix again without the page cache and print both throughputs")
    args = parser.parse_args()
    work = Path(args.workdir)
    work.mkdir(parents=True, exist_ok=True)
    env = prepare(work, args.services)
    runs = [("", env)]
    if args.baseline:
        runs.append(("baseline: the same run without the page cache (PAGE_CACHE=NullCache)",
                     {**env, "INFOTOCKA_PAGE_CACHE": "NullCache"}))
    status, rates = 0, []
    for title, run_env in runs:
        if title:
            print(f"\n== {title} ==", flush=True)
        code, rate = measure(args, run_env, work)
        status, rates = status or code, [*rates, rate]
    if len(rates) == 2:
        print(f"\nthroughput: {rates[0]:.1f} requests/s with the page cache, {rates[1]:.1f} without "
              f"({rates[0] / rates[1]:.2f}×)")
    return status


def measure(args, env: dict, work: Path) -> tuple[int, float]:
    """Start gunicorn with `env`, run the mix for args.seconds, stop it; return (exit status, requests/s)."""
    port, log = free_port(), work / "access.log"
    log.unlink(missing_ok=True)
    log.with_suffix(".err").unlink(missing_ok=True)
    proc = start_gunicorn(env, port, log)
    base = f"http://{HOST}:{port}"
    try:
        print("warming up (exports and coverage are built once per data version) …", flush=True)
        warm_up(base)
        log.write_text("")  # measure only the run itself
        mix = make_mix(env, args.requests)

        def delete_index():
            if args.delete_index_after is None:
                return
            time.sleep(args.delete_index_after)
            index = Path(env["INFOTOCKA_INDEX_DIR"])
            shutil.rmtree(index, ignore_errors=True)
            deleted = time.monotonic()
            print(f"deleted the index folder {args.delete_index_after:.0f} s into the run", flush=True)
            while time.monotonic() - deleted < args.seconds and not (index / "current").exists():
                time.sleep(0.5)
            if (index / "current").exists():
                print(f"the index was back {time.monotonic() - deleted:.0f} s after it was deleted", flush=True)

        print(f"running {args.seconds:.0f} s with {args.concurrency} clients on {base} …", flush=True)
        results, elapsed = run_load(base, mix, args.seconds, args.concurrency, delete_index)
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(30)
    return report(results, elapsed, log), len(results) / elapsed


if __name__ == "__main__":
    sys.exit(main())
