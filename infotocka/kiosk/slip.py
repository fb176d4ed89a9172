"""Referral slips: the kiosk's selection, QR codes and the info point's contact."""
from dataclasses import dataclass
from functools import lru_cache

import segno
from flask import session
from markupsafe import Markup

from ..directory import hours, queries
from ..directory.public_view import place_of
from ..i18n import current_language
from ..models import Service
from ..safety import is_violence_service
from ..urls import page_url

SELECTION = "kiosk_selection"
MAX_SELECTION = 6  # what fits on one A4 page


@dataclass
class SlipEntry:
    service: Service
    url: str
    qr: Markup
    hours: list[str]
    places: list
    phones: list  # the service's own, else its provider's


def selection() -> list[str]:
    """Return the service ids this kiosk session has put on its slip."""
    return list(session.get(SELECTION, []))


def toggle(service_id: str) -> bool:
    """Add a service to the slip, or take it off; return whether it is on the slip now."""
    ids = selection()
    if service_id in ids:
        ids.remove(service_id)
    elif len(ids) < MAX_SELECTION:
        ids.append(service_id)
    session[SELECTION] = ids
    return service_id in ids


def forget() -> None:
    """Forget everything the kiosk session holds: the slip and any other state."""
    session.clear()


def service_url(service: Service) -> str:
    """Return the absolute URL of a service's public page."""
    return page_url("public.service", service_id=service.id)


SCREEN_MASK = 0  # on a screen any of the eight standard masks scans; choosing the best one costs 6 ms a code


@lru_cache(maxsize=2048)  # a service's URL rarely changes
def qr_svg(url: str, label: str | None = None, lang: str | None = None, printed: bool = False) -> Markup:
    """Return an inline SVG QR code for a URL, with an accessible name (in `lang`, when not the page's).

    A code for paper (the slip) gets the mask the standard's penalty rules prefer, for the worst printers
    and oldest scanners; one for a screen the first mask (≈ 3 ms instead of 9 ms a page)."""
    code = segno.make(url, error="m", mask=None if printed else SCREEN_MASK)
    svg = code.svg_inline(scale=4, svgclass="qr", lineclass="qr-line", title=label or url, light="#fff",
                          omitsize=True)  # a viewBox, so CSS can size it (28 mm on paper)
    size = code.symbol_size(scale=4)[0]
    marked = f' lang="{lang}"' if lang else ""
    return Markup(svg.replace("<svg ", f'<svg role="img" focusable="false"{marked} width="{size}" height="{size}" ', 1))


def _entry(service: Service, locale: str) -> SlipEntry:
    url = service_url(service)
    return SlipEntry(service=service, url=url, qr=qr_svg(url, service.name, "sl", printed=True),
                     hours=hours.describe(service.schedules, locale),
                     places=[place_of(loc) for loc in service.locations],
                     phones=list(service.phones or service.organization.phones))


def entries(ids: list[str]) -> list[SlipEntry]:
    """Return the slip's entries for these service ids, in order, skipping unknown ones."""
    locale = current_language()
    return [_entry(s, locale) for s in queries.services_by_ids(ids[:MAX_SELECTION])]


def about_violence(slip_entries: list[SlipEntry]) -> bool:
    """Tell whether a slip lists a service for victims of violence (it then gets "Hiter izhod")."""
    return any(is_violence_service(e.service) for e in slip_entries)


def parse_ids(value: str | None) -> list[str]:
    """Split a comma-separated id list from a URL, without duplicates."""
    seen = []
    for part in (value or "").split(","):
        if part.strip() and part.strip() not in seen:
            seen.append(part.strip())
    return seen
