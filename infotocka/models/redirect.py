"""Old addresses of merged listings (/storitev/<old id>, /izvajalec/<old id>) redirect to the one kept; pairs
staff judged not to be duplicates are remembered so they are not proposed again.

A redirect keeps the HSDS UUID the merged listing was published under, so an old UUID (an API client's, a
`/storitev/<UUID>` link) is found by its index like a live listing's."""
from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String, func
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .hsds_uuid import uuid_column


class ServiceRedirect(db.Model):
    __tablename__ = "service_redirect"

    old_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    uuid: Mapped[str] = uuid_column("service", key="old_id")
    service_id: Mapped[str] = mapped_column(ForeignKey("service.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())


class OrganizationRedirect(db.Model):
    __tablename__ = "organization_redirect"

    old_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    uuid: Mapped[str] = uuid_column("organization", key="old_id")
    organization_id: Mapped[str] = mapped_column(ForeignKey("organization.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())


class DistinctPair(db.Model):
    """Two listings staff kept apart ("Nista dvojnika"); first_id < second_id so each pair is stored once."""
    __tablename__ = "distinct_pair"

    entity: Mapped[str] = mapped_column(String(30), primary_key=True)  # "service" | "organization"
    first_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    second_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())
