"""Problem reports ("Prijavi napako") sent by residents about a public listing."""
from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .service import Service
from .user import User

REPORT_TOPICS = ("phone", "address", "hours", "closed", "other")


class ProblemReport(db.Model):
    __tablename__ = "problem_report"

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[str] = mapped_column(ForeignKey("service.id", ondelete="CASCADE"), index=True)
    topic: Mapped[str] = mapped_column(String(20))
    message: Mapped[str] = mapped_column(Text)
    contact: Mapped[str | None] = mapped_column(String(254))
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime)
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    resolution_note: Mapped[str | None] = mapped_column(Text)  # what was done, written when closing

    service: Mapped[Service] = relationship()
    resolved_by: Mapped[User | None] = relationship()

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None
