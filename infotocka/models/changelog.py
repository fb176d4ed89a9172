"""An append-only log of directory changes; its sequence is the change counter the index follows."""
from datetime import datetime

from sqlalchemy import DateTime, String, func
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db


class Change(db.Model):
    __tablename__ = "change"

    seq: Mapped[int] = mapped_column(primary_key=True)
    entity: Mapped[str] = mapped_column(String(30))  # "service" | "organization"
    entity_id: Mapped[str] = mapped_column(String(200), index=True)
    op: Mapped[str] = mapped_column(String(10))  # "upsert" | "delete"
    at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())
