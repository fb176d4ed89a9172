"""Answers of an online geocoder (Nominatim), kept so that each address is asked only once."""
from datetime import datetime

from sqlalchemy import JSON, DateTime, String, func
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db


class GeocodeCache(db.Model):
    __tablename__ = "geocode_cache"

    query_key: Mapped[str] = mapped_column(String(300), primary_key=True)  # provider + folded query
    provider: Mapped[str] = mapped_column(String(30))
    results: Mapped[list] = mapped_column(JSON)  # [{"address", "lat", "lon", "raw"}]; [] = nothing found
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())
