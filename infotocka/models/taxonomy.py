"""Taxonomy terms: target groups, kinds of help, provider types."""
from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .hsds_uuid import uuid_column

TARGET_GROUPS = "ciljne-skupine"
KINDS_OF_HELP = "vrste-pomoci"
PROVIDER_TYPES = "vrste-izvajalcev"
TAXONOMIES = (TARGET_GROUPS, KINDS_OF_HELP, PROVIDER_TYPES)


class TaxonomyTerm(db.Model):
    """One term of one taxonomy; `code` is stable and unique across taxonomies."""

    __tablename__ = "taxonomy_term"

    code: Mapped[str] = mapped_column(String(64), primary_key=True)
    uuid: Mapped[str] = uuid_column("taxonomy_term", "code")
    taxonomy: Mapped[str] = mapped_column(String(64), index=True)
    name_sl: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))
    description_sl: Mapped[str | None] = mapped_column(Text)
    position: Mapped[int] = mapped_column(default=0)

    def name(self, locale: str = "sl") -> str:
        """Return the term's name in the given language."""
        return self.name_en if locale == "en" else self.name_sl

    def __repr__(self) -> str:
        return f"<TaxonomyTerm {self.taxonomy}/{self.code}>"
