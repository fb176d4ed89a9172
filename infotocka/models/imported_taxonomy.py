"""Taxonomies and terms of other systems, imported from HSDS files and kept as given (never merged into ours)."""
from sqlalchemy import JSON, String
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .hsds_uuid import uuid_column


class ImportedTaxonomy(db.Model):
    """An HSDS taxonomy of another system; `data` is the object as exchanged (its id the UUID)."""

    __tablename__ = "imported_taxonomy"

    id: Mapped[str] = mapped_column(String(200), primary_key=True)  # the given id, or its x_source_id
    uuid: Mapped[str] = uuid_column("taxonomy")
    name: Mapped[str] = mapped_column(String(500))
    data: Mapped[dict] = mapped_column(JSON)


class ImportedTerm(db.Model):
    """An HSDS taxonomy term of another system, with its code, taxonomy and parent as given."""

    __tablename__ = "imported_taxonomy_term"

    id: Mapped[str] = mapped_column(String(200), primary_key=True)
    uuid: Mapped[str] = uuid_column("taxonomy_term")
    code: Mapped[str | None] = mapped_column(String(200), index=True)
    name: Mapped[str] = mapped_column(String(500))
    taxonomy_id: Mapped[str | None] = mapped_column(String(36), index=True)  # its taxonomy's UUID
    parent_id: Mapped[str | None] = mapped_column(String(36), index=True)  # its parent term's UUID
    data: Mapped[dict] = mapped_column(JSON)
