"""Pending changes: an HSDS snapshot an editor proposed, waiting for staff to approve or reject it."""
from datetime import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, Index, String, Text, func, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .user import User

REVISION_STATES = ("pending", "approved", "rejected", "superseded")


PENDING = text("state = 'pending'")


class Revision(db.Model):
    __tablename__ = "revision"
    # At most one waiting proposal per listing, guaranteed by the database: two editors saving at once
    # cannot both insert one (the second gets an IntegrityError, shown as a conflict).
    __table_args__ = (Index("uq_revision_pending", "entity", "entity_id", unique=True,
                            sqlite_where=PENDING, postgresql_where=PENDING),)

    id: Mapped[int] = mapped_column(primary_key=True)
    entity: Mapped[str] = mapped_column(String(30), default="service")  # "service" | "organization"
    # No foreign key: a proposed new service has an id before it exists.
    entity_id: Mapped[str] = mapped_column(String(200), index=True)
    organization_id: Mapped[str] = mapped_column(ForeignKey("organization.id", ondelete="CASCADE"), index=True)
    base_version: Mapped[int] = mapped_column(default=0)  # version of the listing it was made from; 0 = new
    data: Mapped[dict] = mapped_column(JSON)  # the proposed HSDS object
    state: Mapped[str] = mapped_column(String(20), default="pending", index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime)
    comment: Mapped[str | None] = mapped_column(Text)  # the reviewer's note, shown to the editor

    author: Mapped[User | None] = relationship(foreign_keys=[author_id])
    reviewer: Mapped[User | None] = relationship(foreign_keys=[reviewer_id])

    @property
    def is_new(self) -> bool:
        return self.base_version == 0

    @property
    def title(self) -> str:
        return (self.data or {}).get("name") or self.entity_id
