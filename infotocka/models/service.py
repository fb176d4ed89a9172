"""Services (programmes) and their links to terms, areas and languages."""
from datetime import date, datetime

from sqlalchemy import Column, Date, DateTime, ForeignKey, JSON, String, Table, Text, and_, or_
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .hsds_uuid import uuid_column
from .contact import Phone, Schedule
from .geography import Municipality
from .location import ServiceAtLocation
from .organization import Organization
from .taxonomy import KINDS_OF_HELP, TARGET_GROUPS, TaxonomyTerm

STATUSES = ("active", "inactive", "defunct", "temporarily closed")

service_term = Table(
    "service_term",
    db.metadata,
    Column("service_id", ForeignKey("service.id", ondelete="CASCADE"), primary_key=True),
    Column("term_code", ForeignKey("taxonomy_term.code"), primary_key=True),
)

service_area = Table(
    "service_area",
    db.metadata,
    Column("service_id", ForeignKey("service.id", ondelete="CASCADE"), primary_key=True),
    Column("municipality_id", ForeignKey("municipality.id"), primary_key=True, index=True),
)


class Service(db.Model):
    __tablename__ = "service"

    id: Mapped[str] = mapped_column(String(200), primary_key=True)
    uuid: Mapped[str] = uuid_column("service")
    organization_id: Mapped[str] = mapped_column(ForeignKey("organization.id"), index=True)
    name: Mapped[str] = mapped_column(String(300))
    alternate_name: Mapped[str | None] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text)
    easy_read: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(30), default="active", index=True)
    url: Mapped[str | None] = mapped_column(String(500))
    email: Mapped[str | None] = mapped_column(String(200))
    application_process: Mapped[str | None] = mapped_column(Text)
    fees_description: Mapped[str | None] = mapped_column(Text)
    eligibility_description: Mapped[str | None] = mapped_column(Text)
    minimum_age: Mapped[int | None]
    maximum_age: Mapped[int | None]
    alert: Mapped[str | None] = mapped_column(Text)
    assured_date: Mapped[date | None] = mapped_column(Date)
    last_modified: Mapped[datetime | None] = mapped_column(DateTime)
    sources: Mapped[list | None] = mapped_column(JSON)  # x_sources
    languages: Mapped[list | None] = mapped_column(JSON)  # ["sl", "en"]
    extra: Mapped[dict | None] = mapped_column(JSON)  # unknown HSDS members, kept for export
    version: Mapped[int] = mapped_column(default=1)  # bumped on each published change

    organization: Mapped[Organization] = relationship(back_populates="services")
    terms: Mapped[list[TaxonomyTerm]] = relationship(secondary=service_term, order_by=TaxonomyTerm.position)
    areas: Mapped[list[Municipality]] = relationship(secondary=service_area, order_by=Municipality.name)
    phones: Mapped[list[Phone]] = relationship(order_by=Phone.position, cascade="all, delete-orphan")
    schedules: Mapped[list[Schedule]] = relationship(order_by=Schedule.position, cascade="all, delete-orphan")
    service_at_locations: Mapped[list[ServiceAtLocation]] = relationship(
        back_populates="service", order_by=ServiceAtLocation.position, cascade="all, delete-orphan"
    )

    def terms_of(self, taxonomy: str) -> list[TaxonomyTerm]:
        return [t for t in self.terms if t.taxonomy == taxonomy]

    @property
    def target_groups(self) -> list[TaxonomyTerm]:
        return self.terms_of(TARGET_GROUPS)

    @property
    def kinds_of_help(self) -> list[TaxonomyTerm]:
        return self.terms_of(KINDS_OF_HELP)

    @property
    def locations(self):
        return [sal.location for sal in self.service_at_locations]

    @hybrid_property
    def is_national(self) -> bool:
        """Serves the whole country: no service area at all, neither a municipality nor one kept as given.

        Areas that name no Slovene municipality (abroad) are kept in `extra`: such a service serves no
        municipality and is not national. An empty list of areas is no area. Also a query condition."""
        return not self.areas and not (self.extra or {}).get("service_areas")

    @is_national.inplace.expression
    @classmethod
    def _is_national_condition(cls):
        kept = cls.extra["service_areas"].as_string()  # a list's JSON text; NULL when absent or null
        return and_(~cls.areas.any(), or_(kept.is_(None), kept == "[]"))

    @property
    def is_available(self) -> bool:
        return self.status == "active"
