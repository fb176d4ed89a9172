"""What the service page shows beyond the model: hours in words, open now, areas, places."""
from dataclasses import dataclass, field

from flask_babel import gettext as _

from ..directory import hours, queries
from ..models import Location, Service

# precisions for which the map point is not the building itself
APPROXIMATE = ("settlement_centre", "postcode", "municipality")
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


def age_range(service: Service) -> str | None:
    """Say the age range in words ("od 18 do 65 let"), or None when there is none."""
    low, high = service.minimum_age, service.maximum_age
    if low is not None and high is not None:
        return _("od %(low)d do %(high)d let", low=low, high=high)
    if low is not None:
        return _("od %(low)d let", low=low)
    if high is not None:
        return _("do %(high)d let", high=high)
    return None


def service_context(service: Service, locale: str) -> dict:
    """Return the template variables of a service page."""
    from ..kiosk.slip import info_point  # the kiosk's slip imports place_of from here
    regions, municipalities = queries.area_summary(service)
    return {
        "service": service,
        "hours": hours.describe(service.schedules, locale),
        "open_state": hours.open_now(service.schedules),
        "area_regions": regions,
        "area_municipalities": municipalities,
        "places": [place_of(loc) for loc in service.locations],
        "age_range": age_range(service),
        "sources": [url for url in service.sources or [] if isinstance(url, str)],
        "info_point": info_point(municipalities[0] if len(municipalities) == 1 and not regions else None),
    }
