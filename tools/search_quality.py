"""Print success@5 and nDCG@10 per query style for tests/search/quality_queries.csv.

Builds a throwaway database (sample directory + tests/search/fixtures/*.json) and index
in a temporary folder; the running instance is never touched. Usage:
    python tools/search_quality.py [--queries FILE] [--semantic]

Lexical only by default; --semantic embeds every listing first (about a minute) and
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


def load_directory() -> list[str]:
    """Seed, import the sample and the fixtures; return all service ids."""
    from infotocka.directory.hsds_import import import_path
    from infotocka.directory.seed import seed_all
    from infotocka.models import Service
    db.create_all()
    seed_all()
    for path in [ROOT / "data" / "sample-directory.json", *sorted((ROOT / "tests/search/fixtures").glob("*.json"))]:
        import_path(path)
    return list(db.session.scalars(db.select(Service.id)))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--queries", default=str(ROOT / "tests/search/quality_queries.csv"))
    parser.add_argument("--semantic", action="store_true", help="embed the listings and fuse the semantic ranking")
    args = parser.parse_args()
    from infotocka.search import search
    from infotocka.search.quality import evaluate, format_report, read_queries
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/q.db", "INDEX_DIR": f"{tmp}/index",
                          "SECRET_KEY": "quality", "RATELIMIT_ENABLED": False,
                          "SEMANTIC_SEARCH": args.semantic, "SEMANTIC_WORKER": False})
        with app.app_context(), app.test_request_context():
            ids = load_directory()
            if args.semantic:
                from infotocka.search import embeddings
                embeddings.fill()
            result = evaluate(read_queries(Path(args.queries), ids), search)
            print(format_report(result))
            db.engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
