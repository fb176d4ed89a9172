"""Freshness: the share of listings checked as correct (assured_date) in the last 12 months."""
from dataclasses import dataclass
from datetime import date, timedelta

from ..models import Service, TaxonomyTerm
from .area import Area
from .matrix import Scoped, scoped_services

FRESH_DAYS = 365


@dataclass
class Share:
    label: str
    verified: int = 0
    total: int = 0
    term: TaxonomyTerm | None = None

    @property
    def percent(self) -> float | None:
        return round(100 * self.verified / self.total, 1) if self.total else None


@dataclass
class Freshness:
    since: date
    by_municipality: list[Share]
    by_provider_type: list[Share]


def is_fresh(service: Service, since: date, today: date) -> bool:
    """Return whether a listing was verified on or after `since` (and not in the future)."""
    return service.assured_date is not None and since <= service.assured_date <= today


def _count(share: Share, fresh: bool) -> None:
    share.total += 1
    share.verified += fresh


def freshness_report(area: Area, today: date | None = None, scoped: Scoped | None = None) -> Freshness:
    """Report verified listings per municipality (those its residents can use) and per provider type."""
    today = today or date.today()
    since = today - timedelta(days=FRESH_DAYS)
    by_municipality = {m.id: Share(m.display_name) for m in area.municipalities}
    by_type: dict[str | None, Share] = {}
    for service, scopes in scoped if scoped is not None else scoped_services(area):
        fresh = is_fresh(service, since, today)
        for municipality_id in scopes:
            _count(by_municipality[municipality_id], fresh)
        if scopes:
            term = service.organization.provider_type
            key = term.code if term else None
            share = by_type.setdefault(key, Share(term.name_sl if term else "", term=term))
            _count(share, fresh)
    ordered = sorted(by_type.values(), key=lambda s: (s.term is None, s.term.position if s.term else 0))
    return Freshness(since, [by_municipality[m.id] for m in area.municipalities], ordered)
