"""What the service page shows beyond the model: hours in words, open now, areas, places."""
from flask_babel import gettext as _

from ..directory import hours, queries
from ..directory.public_view import info_point, place_of
from ..models import Service

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
