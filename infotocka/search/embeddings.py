"""Fill the embedding tables in batches, off the save and import paths.

What is embedded per service: its name, its target-group and kind-of-help labels (Slovene
and English), its easy-read text and its description, cut at TEXT_CHARS characters (the
cost of embedding grows with the tokens; the start of a listing says what it is for).
Each distinct text is embedded once (`Embedding`, keyed by the hash of model id + text);
`ServiceEmbedding` points a service at the hash of the text it had at change `seq`. The need
categories, the off-topic anchors and the crisis example messages (data/crisis_examples.csv,
embedded as queries: they are compared with what residents type) are embedded by the same job.

`fill` is the one job: the background worker (`worker.py`), `flask embed` and `flask
reindex` run it. It reads the change counter first, then the texts, so an edit made
meanwhile leaves the service stale (semantic search skips it) until the next run.
"""
import hashlib
import logging
from dataclasses import dataclass

import numpy as np
from flask import current_app

from ..directory.changes import latest_seq
from ..directory.loading import services_by_ids
from ..extensions import db
from ..models import KINDS_OF_HELP, TARGET_GROUPS, Change, Embedding, Service, ServiceEmbedding, TaxonomyTerm
from . import crisis, encoder

log = logging.getLogger(__name__)
TEXT_CHARS = 400
BATCH = 8  # texts per call of the model (a query waits for at most one batch on a busy core)
NEED_TAXONOMIES = (TARGET_GROUPS, KINDS_OF_HELP)
# Topics a directory of social help is not about. A query closer to one of these than to any
# need category ("recept za potico", "kupim rabljen avto") gets no semantic hits: e5's
# similarities are compressed, so an absolute floor alone lets such queries add noise.
OFF_TOPIC = (
    "Recepti, kuhanje in peka (recipes, cooking, baking)",
    "Avtomobili, nakup in prodaja vozil (cars, buying and selling vehicles)",
    "Vreme in vremenska napoved (weather forecast)",
    "Šport, nogomet in rezultati tekem (sports, football results)",
    "Nakupovanje, trgovine in popusti (shopping, discounts)",
    "Računalniki, mobilni telefoni in tehnologija (computers, gadgets, technology)",
    "Letalske karte, hoteli in turistična potovanja (flights, hotels, tourist trips)",
    "Glasba, filmi in zabava (music, films, entertainment)",
)


_generation = [0]  # bumped whenever this process stored vectors: the search's matrix is reloaded


def generation() -> int:
    return _generation[0]


@dataclass
class FillReport:
    embedded: int = 0  # texts run through the model
    reused: int = 0  # services whose new text already had a vector
    services: int = 0  # services (re)pointed at a text
    terms: int = 0  # taxonomy-term texts embedded


def service_text(service: Service) -> str:
    """Return the text embedded for a service."""
    labels = ", ".join(f"{t.name_sl} ({t.name_en})" for t in service.terms if t.taxonomy in NEED_TAXONOMIES)
    parts = [service.name, labels, service.easy_read, service.description]
    return _cut(". ".join(p.strip().rstrip(".") for p in parts if p and p.strip()))


def term_text(term: TaxonomyTerm) -> str:
    """Return the text embedded for a need category (names in both languages and the description)."""
    return _cut(f"{term.name_sl} ({term.name_en}). {term.description_sl or ''}".strip())


def _cut(text: str) -> str:
    if len(text) <= TEXT_CHARS:
        return text
    return text[:TEXT_CHARS].rsplit(" ", 1)[0]


def example_hash(message: str, config=None) -> str:
    """Return the key of an example message's vector (embedded as a query: message is compared with message)."""
    return text_hash(f"query: {message}", config)


def text_hash(text: str, config=None) -> str:
    """Return the key of a text's vector (the model id is part of it)."""
    config = config or current_app.config
    return hashlib.sha256(f"{encoder.model_id(config)}\n{text}".encode()).hexdigest()


def to_bytes(vectors: np.ndarray) -> list[bytes]:
    return [v.astype("<f2").tobytes() for v in vectors]


def from_bytes(blobs: list[bytes]) -> np.ndarray:
    """Return the float32 (n, 384) matrix of stored vectors."""
    if not blobs:
        return np.zeros((0, encoder.DIM), dtype=np.float32)
    return np.frombuffer(b"".join(blobs), dtype="<f2").reshape(len(blobs), encoder.DIM).astype(np.float32)


def _existing(hashes) -> set[str]:
    hashes = list(set(hashes))
    found = set()
    for start in range(0, len(hashes), 500):
        found.update(db.session.scalars(db.select(Embedding.text_hash).where(
            Embedding.text_hash.in_(hashes[start:start + 500]))))
    return found


def _embed_missing(model, texts: dict[str, str], report: FillReport, embed=encoder.passages) -> None:
    """Embed and store the texts (hash → text) that have no vector yet, a batch per commit."""
    missing = sorted(set(texts) - _existing(texts))
    for start in range(0, len(missing), BATCH):
        chunk = missing[start:start + BATCH]
        vectors = embed(model, [texts[h] for h in chunk])
        for h, blob in zip(chunk, to_bytes(vectors)):
            db.session.merge(Embedding(text_hash=h, vector=blob))
        db.session.commit()
        report.embedded += len(chunk)


def pending_services(everything: bool = False) -> list[str]:
    """Return the ids of services without a current text pointer (all of them with `everything`)."""
    if everything:
        return list(db.session.scalars(db.select(Service.id).order_by(Service.id)))
    unmapped = db.select(Service.id).where(~Service.id.in_(db.select(ServiceEmbedding.service_id)))
    stale = (db.select(ServiceEmbedding.service_id)
             .join(Change, (Change.entity_id == ServiceEmbedding.service_id) & (Change.entity == "service"))
             .where(Change.seq > ServiceEmbedding.seq).where(ServiceEmbedding.service_id.in_(db.select(Service.id))))
    return sorted(set(db.session.scalars(unmapped)) | set(db.session.scalars(stale)))


def fill(everything: bool = False, limit: int | None = None, progress=None) -> FillReport:
    """Embed what is missing: taxonomy terms, then services not yet (or no longer) pointed at
    their current text; `everything` re-reads every service's text (reindex). Return counts."""
    report = FillReport()
    model = encoder.load(current_app.config)
    if model is None:
        return report
    report.terms = _fill_terms(model, report)
    ids = pending_services(everything)[:limit]
    for start in range(0, len(ids), BATCH * 8):
        _fill_services(model, ids[start:start + BATCH * 8], report)
        if progress:
            progress(min(start + BATCH * 8, len(ids)), len(ids))
    _forget_deleted()
    return report


def _fill_terms(model, report: FillReport) -> int:
    before = report.embedded
    terms = db.session.scalars(db.select(TaxonomyTerm).where(TaxonomyTerm.taxonomy.in_(NEED_TAXONOMIES)))
    texts = [*(term_text(t) for t in terms), *OFF_TOPIC]
    _embed_missing(model, {text_hash(text): text for text in texts}, report)
    messages = {example_hash(message): message for _, message in crisis.examples()}
    _embed_missing(model, messages, report, encoder.queries)
    return report.embedded - before


def _fill_services(model, ids: list[str], report: FillReport) -> None:
    seq = latest_seq()  # read before the texts: a later edit makes the pointer stale again
    services = services_by_ids(ids, purpose="index")
    texts = {s.id: service_text(s) for s in services}
    hashes = {sid: text_hash(text) for sid, text in texts.items()}
    known = _existing(hashes.values())
    _embed_missing(model, {hashes[sid]: text for sid, text in texts.items()}, report)
    for sid, h in hashes.items():
        db.session.merge(ServiceEmbedding(service_id=sid, text_hash=h, seq=seq))
    db.session.commit()
    _generation[0] += 1
    report.services += len(hashes)
    report.reused += sum(1 for h in hashes.values() if h in known)


def _forget_deleted() -> None:
    gone = db.delete(ServiceEmbedding).where(~ServiceEmbedding.service_id.in_(db.select(Service.id)))
    db.session.execute(gone)
    db.session.commit()
