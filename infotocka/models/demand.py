"""The demand log: aggregate counters only, nothing that identifies a resident.

`DemandCount` counts searches and info-point enquiries per day × municipality × need ×
outcome × channel. `UnmatchedSearch` keeps, per month, a keyed hash of the normalised text
of searches no need was understood from, the days of that month it was seen on, and the
text itself only once 5 different days have seen it (docs/demand.md explains the design).
Neither table has a column for query text tied to a day, an address, a cookie or a user.
"""
from datetime import date

from sqlalchemy import Date, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db

NO_NEED = ""  # the need code of a search no need was understood from
UNKNOWN_PLACE = 0  # the municipality code when the search named none


class DemandCount(db.Model):
    __tablename__ = "demand_count"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    municipality: Mapped[int] = mapped_column(Integer, primary_key=True)  # statistical code; 0 = not known
    need: Mapped[str] = mapped_column(String(64), primary_key=True)  # taxonomy code; "" = none understood
    outcome: Mapped[str] = mapped_column(String(20), primary_key=True)
    channel: Mapped[str] = mapped_column(String(10), primary_key=True)
    count: Mapped[int] = mapped_column(Integer, default=0)


class UnmatchedSearch(db.Model):
    __tablename__ = "demand_unmatched"

    month: Mapped[str] = mapped_column(String(7), primary_key=True)  # "2026-11"
    digest: Mapped[str] = mapped_column(String(64), primary_key=True)  # HMAC of month + normalised text
    days: Mapped[int] = mapped_column(Integer, default=0)  # bit d-1 set: seen on day d of the month
    searches: Mapped[int] = mapped_column(Integer, default=0)
    text: Mapped[str | None] = mapped_column(String(200))  # stored only once 5 different days saw it
