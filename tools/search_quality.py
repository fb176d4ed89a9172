"""Print success@5 and nDCG@10 per query style for the tuning set and the blind set.

Tuning set: tests/search/quality_queries.csv over the sample directory + tests/search/fixtures/*.json.
Blind sets: tests/search/blind*/queries.csv (blind, blind2, …, every folder of that name) over the same plus
each set's own listings.json (never tuned against: see their README.md). Each set gets a throwaway database and
index in a temporary folder; the running instance is never touched. Usage:
    python tools/search_quality.py [--set tuning|blind|blind2|…|all] [--queries FILE] [--semantic] [--without-place]

Lexical only by default; --semantic embeds every listing first (minutes on one core) and
measures the fused ranking.
"""
import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from infotocka import create_app  # noqa: E402
from infotocka.extensions import db  # noqa: E402

SETS = {  # name → (queries, listings imported after the sample and the fixtures)
    "tuning": (ROOT / "tests/search/quality_queries.csv", []),
    **{folder.name: (folder / "queries.csv", [folder / "listings.json"])  # every blind set: blind, blind2, …
       for folder in sorted((ROOT / "tests/search").glob("blind*"), key=lambda f: (len(f.name), f.name)) if folder.is_dir()},
}


def load_directory(extra: list[Path]) -> dict[str, str]:
    """Seed, import the sample, the fixtures and the extra listings; return every service id with the card
    family it is shown in."""
    from infotocka.directory.hsds_import import import_path
    from infotocka.directory.loading import service_loads
    from infotocka.directory.seed import seed_all
    from infotocka.models import Service
    from infotocka.search.documents import family
    db.create_all()
    seed_all()
    for path in [ROOT / "data" / "sample-directory.json", *sorted((ROOT / "tests/search/fixtures").glob("*.json")),
                 *extra]:
        import_path(path)
    return {s.id: family(s) for s in db.session.scalars(db.select(Service).options(*service_loads()))}


def run(queries: Path, extra: list[Path], semantic: bool = False, misses: bool = True, find_place: bool = True) -> str:
    """Evaluate one set of graded queries in a throwaway instance; return the report."""
    from infotocka.search import search
    from infotocka.search.quality import evaluate, format_report, read_queries
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/q.db", "INDEX_DIR": f"{tmp}/index",
                          "SECRET_KEY": "quality", "RATELIMIT_ENABLED": False,
                          "SEMANTIC_SEARCH": semantic, "SEMANTIC_WORKER": False,
                          "INDEX_REBUILD_PROCESS": False, "INDEX_REBUILD_WAIT": 600})  # wait for the index
        with app.app_context(), app.test_request_context():
            families = load_directory(extra)
            if semantic:
                from infotocka.search import embeddings
                embeddings.fill()
            report = format_report(evaluate(read_queries(queries, list(families)), search, families, find_place),
                                   misses)
            db.engine.dispose()
    return report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=[*SETS, "all"], default="all")
    parser.add_argument("--queries", help="graded queries to run over the tuning directory instead")
    parser.add_argument("--semantic", action="store_true", help="embed the listings and fuse the semantic ranking")
    parser.add_argument("--without-place", action="store_true",
                        help="do not read a place named in a message as the resident's place (figures before session 12)")
    args = parser.parse_args()
    if args.queries:
        print(run(Path(args.queries), [], args.semantic, find_place=not args.without_place))
        return 0
    for name in SETS if args.set == "all" else [args.set]:
        queries, extra = SETS[name]
        print(f"== {name} set: {queries.relative_to(ROOT)} ==")
        blind = name.startswith("blind")
        print(run(queries, extra, args.semantic, misses=not blind, find_place=not args.without_place))
        if blind:
            print("(the missed queries of a blind set are not printed: it is measured, never tuned against)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
