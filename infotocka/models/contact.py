"""Phones and schedules (opening hours) of services, organizations and locations."""
from datetime import date

from sqlalchemy import JSON, Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db


class Phone(db.Model):
    __tablename__ = "phone"

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[str | None] = mapped_column(ForeignKey("service.id", ondelete="CASCADE"), index=True)
    organization_id: Mapped[str | None] = mapped_column(
        ForeignKey("organization.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[str] = mapped_column(String(50))
    type: Mapped[str | None] = mapped_column(String(20))
    description: Mapped[str | None] = mapped_column(Text)
    position: Mapped[int] = mapped_column(default=0)
    extra: Mapped[dict | None] = mapped_column(JSON)  # the other HSDS members (id, extension, languages, …)

    @property
    def tel_uri(self) -> str:
        digits = "".join(c for c in self.number if c.isdigit() or c == "+")
        return f"tel:{digits}"


class Schedule(db.Model):
    """One opening interval on the listed weekdays, or a free-text note alone."""

    __tablename__ = "schedule"

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[str] = mapped_column(ForeignKey("service.id", ondelete="CASCADE"), index=True)
    byday: Mapped[str | None] = mapped_column(String(40))  # "MO,TU,WE"
    opens_at: Mapped[str | None] = mapped_column(String(5))  # "08:00"
    closes_at: Mapped[str | None] = mapped_column(String(5))  # "15:00", "24:00"; earlier than opens = next day
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)
    description: Mapped[str | None] = mapped_column(Text)
    position: Mapped[int] = mapped_column(default=0)
    extra: Mapped[dict | None] = mapped_column(JSON)  # the other HSDS members (id, freq, interval, until, notes, …)

    @property
    def days(self) -> list[str]:
        return [d.strip() for d in (self.byday or "").split(",") if d.strip()]
