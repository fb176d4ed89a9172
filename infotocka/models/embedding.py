"""Sentence embeddings of the semantic search layer, keyed by a hash of the embedded text.

`Embedding` holds one vector per distinct text (service texts and taxonomy-term texts), so
an unchanged text is never embedded twice; `ServiceEmbedding` says which text a service had
when the background job last read it (`seq`: the change counter at that moment). A service
changed after its `seq` is left out of semantic search until the job has read it again.
"""
from datetime import datetime

from sqlalchemy import DateTime, LargeBinary, String, func
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db


class Embedding(db.Model):
    __tablename__ = "embedding"

    text_hash: Mapped[str] = mapped_column(String(64), primary_key=True)  # sha256 of model id + text
    vector: Mapped[bytes] = mapped_column(LargeBinary)  # L2-normalised float16, little-endian
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())


class ServiceEmbedding(db.Model):
    __tablename__ = "service_embedding"

    service_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    text_hash: Mapped[str] = mapped_column(String(64), index=True)
    seq: Mapped[int] = mapped_column(default=0)  # change counter when the service's text was read
