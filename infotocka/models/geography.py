"""Statistical regions, municipalities, settlements and postal codes (GURS RPE)."""
from sqlalchemy import Float, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..text import slugify


class Region(db.Model):
    __tablename__ = "region"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    name: Mapped[str] = mapped_column(String(100))
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    nuts3: Mapped[str] = mapped_column(String(10))
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    centre: Mapped[str] = mapped_column(String(100))
    area_km2: Mapped[float] = mapped_column(Float)

    municipalities: Mapped[list["Municipality"]] = relationship(
        back_populates="region", order_by="Municipality.name"
    )

    @property
    def population(self) -> int:
        return sum(m.population or 0 for m in self.municipalities)


class Municipality(db.Model):
    __tablename__ = "municipality"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)  # statistical code
    name: Mapped[str] = mapped_column(String(100), index=True)
    name_bilingual: Mapped[str | None] = mapped_column(String(150))
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("region.id"), index=True)
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    seat: Mapped[str] = mapped_column(String(100))
    seat_lat: Mapped[float] = mapped_column(Float)
    seat_lon: Mapped[float] = mapped_column(Float)
    population: Mapped[int | None]
    area_km2: Mapped[float | None] = mapped_column(Float)
    urban: Mapped[bool] = mapped_column(default=False)
    iso_code: Mapped[str | None] = mapped_column(String(10))

    region: Mapped[Region] = relationship(back_populates="municipalities")

    @property
    def display_name(self) -> str:
        return self.name_bilingual or self.name

    @property
    def uri(self) -> str:
        return f"urn:si:obcina:{self.id}"


class Settlement(db.Model):
    __tablename__ = "settlement"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    name: Mapped[str] = mapped_column(String(100), index=True)
    name_secondary: Mapped[str | None] = mapped_column(String(100))
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipality.id"), index=True)
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    is_municipal_seat: Mapped[bool] = mapped_column(default=False)

    municipality: Mapped[Municipality] = relationship()


class PostalCode(db.Model):
    __tablename__ = "postal_code"

    code: Mapped[str] = mapped_column(String(4), primary_key=True)
    post_office: Mapped[str] = mapped_column(String(100))
    settlement_id: Mapped[int | None] = mapped_column(ForeignKey("settlement.id"))
    municipality_id: Mapped[int | None] = mapped_column(ForeignKey("municipality.id"))
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)

    municipality: Mapped[Municipality | None] = relationship()


def region_slug(name: str) -> str:
    """Return the URL slug of a region or municipality name ("Jugovzhodna Slovenija" → "jugovzhodna-slovenija")."""
    return slugify(name)
