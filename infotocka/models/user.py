"""Staff and editor accounts; editors are bound to the organizations whose listings they keep."""
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Column, DateTime, ForeignKey, String, Table, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .organization import Organization

ROLES = ("admin", "staff", "editor")

user_organization = Table(
    "user_organization",
    db.metadata,
    Column("user_id", ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True),
    Column("organization_id", ForeignKey("organization.id", ondelete="CASCADE"), primary_key=True),
)


class User(UserMixin, db.Model):
    __tablename__ = "user_account"  # "user" is reserved in PostgreSQL

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str | None] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20), default="editor")
    password_hash: Mapped[str | None] = mapped_column(String(300))  # argon2; None until an invitation is accepted
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())
    last_login: Mapped[datetime | None] = mapped_column(DateTime)
    # part of the id kept in the session cookie: bumping it (sign-out, new password) ends every session
    session_version: Mapped[int] = mapped_column(default=1, server_default="1")

    organizations: Mapped[list[Organization]] = relationship(
        secondary=user_organization, order_by=Organization.name
    )

    @property
    def is_active(self) -> bool:
        return self.active and self.password_hash is not None

    def get_id(self) -> str:
        """Return the id Flask-Login keeps in the session: the account and its current session version."""
        return f"{self.id}.{self.session_version}"

    @property
    def is_staff(self) -> bool:
        """Admins and info-point staff: they see everything and publish directly."""
        return self.role in ("admin", "staff")

    @property
    def display_name(self) -> str:
        return self.name or self.email

    def may_edit(self, organization_id: str | None) -> bool:
        """Return whether this user may change the listings of the given organization."""
        if self.is_staff:
            return True
        return any(o.id == organization_id for o in self.organizations)

    def __repr__(self) -> str:
        return f"<User {self.email} {self.role}>"
