"""Requests from providers: an organization not yet listed asks to join, a listed one asks for editor access."""
from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .organization import Organization
from .user import User

JOIN_KINDS = ("join", "access")  # a new organization | editor access to a listed one


class JoinRequest(db.Model):
    __tablename__ = "join_request"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))
    organization_id: Mapped[str | None] = mapped_column(ForeignKey("organization.id", ondelete="CASCADE"))
    organization_name: Mapped[str | None] = mapped_column(String(300))  # for a new organization
    contact_name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(50))
    message: Mapped[str | None] = mapped_column(Text)  # what it offers, or why access is asked for
    state: Mapped[str] = mapped_column(String(20), default="pending", index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime)

    organization: Mapped[Organization | None] = relationship()
    reviewed_by: Mapped[User | None] = relationship()

    @property
    def title(self) -> str:
        return self.organization.name if self.organization else (self.organization_name or "")
