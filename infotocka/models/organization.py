"""Organizations: the providers of services."""
from datetime import date, datetime

from sqlalchemy import Column, Date, DateTime, ForeignKey, JSON, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .hsds_uuid import uuid_column
from .taxonomy import PROVIDER_TYPES, TaxonomyTerm

organization_term = Table(
    "organization_term",
    db.metadata,
    Column("organization_id", ForeignKey("organization.id", ondelete="CASCADE"), primary_key=True),
    Column("term_code", ForeignKey("taxonomy_term.code"), primary_key=True),
)


class Organization(db.Model):
    __tablename__ = "organization"

    id: Mapped[str] = mapped_column(String(200), primary_key=True)
    uuid: Mapped[str] = uuid_column("organization")
    name: Mapped[str] = mapped_column(String(300))
    alternate_name: Mapped[str | None] = mapped_column(String(300))
    description: Mapped[str | None] = mapped_column(Text)
    email: Mapped[str | None] = mapped_column(String(200))
    website: Mapped[str | None] = mapped_column(String(500))
    assured_date: Mapped[date | None] = mapped_column(Date)
    last_modified: Mapped[datetime | None] = mapped_column(DateTime)
    extra: Mapped[dict | None] = mapped_column(JSON)  # unknown HSDS members, kept for export
    version: Mapped[int] = mapped_column(default=1, server_default="1")  # bumped on each published change

    terms: Mapped[list[TaxonomyTerm]] = relationship(secondary=organization_term, order_by=TaxonomyTerm.position)
    services: Mapped[list["Service"]] = relationship(  # noqa: F821
        back_populates="organization", order_by="Service.name", cascade="all, delete-orphan"
    )
    phones: Mapped[list["Phone"]] = relationship(  # noqa: F821
        primaryjoin="Phone.organization_id == Organization.id",
        order_by="Phone.position", cascade="all, delete-orphan",
    )

    @property
    def provider_type(self) -> TaxonomyTerm | None:
        return next((t for t in self.terms if t.taxonomy == PROVIDER_TYPES), None)

    @property
    def short_name(self) -> str:
        return self.alternate_name or self.name
