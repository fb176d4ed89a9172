"""The area a coverage report covers: one statistical region or the whole country (HOME_REGION)."""
from dataclasses import dataclass

from flask import current_app
from flask_babel import lazy_gettext as _l

from ..directory.queries import region_by_slug, resolve_municipality
from ..errors import BadParameter
from ..extensions import db
from ..models import Municipality, Region

NATIONAL = "slovenija"  # the slug that stands for the whole country


@dataclass
class Area:
    slug: str
    name: str  # may be a lazy translation; str() it for JSON
    municipalities: list[Municipality]
    region: Region | None = None

    @property
    def population(self) -> int:
        return sum(m.population or 0 for m in self.municipalities)


def home_region_slug() -> str:
    """Return the configured home region's slug; an empty HOME_REGION means the whole country."""
    return (current_app.config["HOME_REGION"] or NATIONAL).strip().lower()


def home_municipality() -> Municipality | None:
    """Return the configured default municipality (HOME_MUNICIPALITY: statistical code or slug)."""
    return resolve_municipality(current_app.config["HOME_MUNICIPALITY"])


def regions() -> list[Region]:
    """Return all regions by name, for the region selector."""
    return list(db.session.scalars(db.select(Region).order_by(Region.name)))


def resolve_area(slug: str | None) -> Area:
    """Return the area for a region slug (None: the home region); raise BadParameter when unknown."""
    slug = (slug if slug is not None else home_region_slug()).strip().lower() or NATIONAL
    if slug == NATIONAL:
        query = db.select(Municipality).order_by(Municipality.name)
        return Area(NATIONAL, _l("Vsa Slovenija"), list(db.session.scalars(query)))
    region = region_by_slug(slug)
    if region is None:
        raise BadParameter(_l("Neznana regija: %(slug)s", slug=slug))
    return Area(region.slug, region.name, list(region.municipalities), region)
