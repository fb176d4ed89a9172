"""Locations, their addresses, and the service-at-location links."""
from sqlalchemy import Float, ForeignKey, JSON, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .hsds_uuid import uuid_column


class Location(db.Model):
    __tablename__ = "location"

    id: Mapped[str] = mapped_column(String(200), primary_key=True)
    uuid: Mapped[str] = uuid_column("location")
    name: Mapped[str | None] = mapped_column(String(300))
    location_type: Mapped[str] = mapped_column(String(20), default="physical")
    description: Mapped[str | None] = mapped_column(Text)
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    # address, building, street, settlement_centre, postcode, municipality
    geo_precision: Mapped[str | None] = mapped_column(String(30))
    confidential: Mapped[bool] = mapped_column(default=False)
    transportation: Mapped[str | None] = mapped_column(Text)
    accessibility: Mapped[list | None] = mapped_column(JSON)  # [{"description": ...}]
    municipality_id: Mapped[int | None] = mapped_column(ForeignKey("municipality.id"), index=True)
    extra: Mapped[dict | None] = mapped_column(JSON)  # the other HSDS members (url, contacts, phones, …)

    addresses: Mapped[list["Address"]] = relationship(
        back_populates="location", order_by="Address.id", cascade="all, delete-orphan"
    )
    municipality = relationship("Municipality")

    @property
    def address(self) -> "Address | None":
        return next((a for a in self.addresses if a.address_type != "postal"), None)

    @property
    def has_point(self) -> bool:
        return self.latitude is not None and self.longitude is not None


class Address(db.Model):
    __tablename__ = "address"

    id: Mapped[int] = mapped_column(primary_key=True)
    location_id: Mapped[str] = mapped_column(ForeignKey("location.id", ondelete="CASCADE"), index=True)
    address_1: Mapped[str | None] = mapped_column(String(300))
    city: Mapped[str | None] = mapped_column(String(100))
    postal_code: Mapped[str | None] = mapped_column(String(10))
    country: Mapped[str] = mapped_column(String(2), default="SI")
    address_type: Mapped[str] = mapped_column(String(20), default="physical")
    extra: Mapped[dict | None] = mapped_column(JSON)  # id, address_2, attention, region, state_province, …

    location: Mapped[Location] = relationship(back_populates="addresses")

    def one_line(self) -> str:
        town = " ".join(p for p in (self.postal_code, self.city) if p)
        return ", ".join(p for p in (self.address_1, town) if p)


class ServiceAtLocation(db.Model):
    __tablename__ = "service_at_location"

    id: Mapped[str] = mapped_column(String(200), primary_key=True)
    uuid: Mapped[str] = uuid_column("service_at_location")
    service_id: Mapped[str] = mapped_column(ForeignKey("service.id", ondelete="CASCADE"), index=True)
    location_id: Mapped[str] = mapped_column(ForeignKey("location.id"), index=True)
    description: Mapped[str | None] = mapped_column(Text)
    position: Mapped[int] = mapped_column(default=0)
    extra: Mapped[dict | None] = mapped_column(JSON)  # the other HSDS members (phones, schedules, contacts, …)

    service = relationship("Service", back_populates="service_at_locations")
    location: Mapped[Location] = relationship()
