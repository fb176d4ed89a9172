"""An append-only log of directory changes; its sequence is the change counter the index follows.

Each change carries a random token. The index remembers the seq and token of the last change
it applied; when the database no longer holds that change with that token (a restore from a
backup, a reset or another database) the index is not a cache of this database any more."""
import secrets
from datetime import datetime

from sqlalchemy import DateTime, String, func
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db


def new_token() -> str:
    return secrets.token_hex(8)


class Change(db.Model):
    __tablename__ = "change"

    seq: Mapped[int] = mapped_column(primary_key=True)
    entity: Mapped[str] = mapped_column(String(30))  # "service" | "organization"
    entity_id: Mapped[str] = mapped_column(String(200), index=True)
    op: Mapped[str] = mapped_column(String(10))  # "upsert" | "delete"
    at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())
    token: Mapped[str | None] = mapped_column(String(16), default=new_token)
