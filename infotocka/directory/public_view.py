"""What residents may see of a location (never a confidential address), and whom to call at the info point.

Shared by the public pages and the kiosk's slips."""
from dataclasses import dataclass, field

from flask import current_app

from ..geo.geocoding import APPROXIMATE
from ..models import Location, Municipality

# imported descriptions that already say the address is unknown (then the page's own note is left out)
SAYS_APPROXIMATE = ("točen naslov ni znan", "exact address is not known")


@dataclass
class Place:
    """One location as residents may see it; confidential ones carry no address."""

    name: str | None
    confidential: bool
    addresses: list[str] = field(default_factory=list)
    description: str | None = None
    transportation: str | None = None
    accessibility: list[str] = field(default_factory=list)
    approximate: bool = False


def place_of(location: Location) -> Place:
    """Return the public view of a location, hiding everything but the fact for confidential ones."""
    if location.confidential:
        return Place(name=None, confidential=True)
    return Place(
        name=location.name,
        confidential=False,
        addresses=[a.one_line() for a in location.addresses if a.one_line()],
        description=location.description,
        transportation=location.transportation,
        accessibility=[a.get("description") for a in location.accessibility or [] if a.get("description")],
        approximate=location.geo_precision in APPROXIMATE
        and not any(words in (location.description or "").lower() for words in SAYS_APPROXIMATE),
    )


def info_point(municipality: Municipality | None) -> dict:
    """Return the name and phone of the info point, overridden per municipality when configured."""
    config = current_app.config
    contact = {"name": config["INFO_POINT_NAME"], "phone": config["INFO_POINT_PHONE"]}
    if municipality is not None:
        contact.update(config["INFO_POINTS"].get(municipality.slug, {}))
    return contact
