"""Filters people expect: free of charge, the language a service is offered in, wheelchair access; with counts."""
import re

from infotocka.extensions import db
from infotocka.models import Service
from tests.test_pages_search import result_links, search_total, text


def facet_option(html: str, label: str) -> tuple[str, int]:
    found = re.search(r'<a href="([^"]+)"[^>]*>\s*' + re.escape(label) + r'\s*<span[^>]*>\(?(\d+)', html)
    assert found, label
    return found.group(1).replace("&amp;", "&"), int(found.group(2))


def test_free_of_charge_with_its_count(client, sample):
    html = text(client.get("/iskanje?q=pomo%C4%8D"))
    url, count = facet_option(html, "Brezplačno")
    assert "lastnost=free" in url and count > 0
    assert search_total(url, client) == count
    ids = result_links(text(client.get(url)))
    assert all((db.session.get(Service, i).fees_description or "").lower().startswith("brezplačn") for i in ids)


def test_language_filter(client, sample):
    service = db.session.get(Service, "svc-sos-telefon")
    service.languages = ["sl", "en"]
    db.session.commit()
    html = text(client.get("/iskanje?q=telefon"))
    url, count = facet_option(html, "angleščina")
    assert count == 1 and result_links(text(client.get(url))) == ["svc-sos-telefon"]


def test_wheelchair_access_from_the_locations_accessibility(client, sample):
    location = db.session.get(Service, "svc-dom-hrastnik-institucionalno-varstvo").locations[0]
    location.accessibility = [{"description": "Vhod brez ovir, dvigalo do vseh nadstropij."}]
    db.session.commit()
    html = text(client.get("/iskanje?q=dom+za+starej%C5%A1e"))
    url, count = facet_option(html, "Dostop z invalidskim vozičkom")
    assert count == 1 and result_links(text(client.get(url))) == ["svc-dom-hrastnik-institucionalno-varstvo"]
    assert "Dostop z invalidskim vozičkom" not in text(client.get("/iskanje?q=telefon"))  # no count, no option


def test_unknown_filter_value_is_a_clear_400(client, sample):
    assert client.get("/iskanje?trait=cheap").status_code == 400


def _at(monkeypatch, moment: str):
    from datetime import datetime

    from infotocka.directory import hours
    monkeypatch.setattr(hours, "now", lambda: datetime.fromisoformat(moment).replace(tzinfo=hours.TZ))


def test_open_now_with_its_count_by_the_hours_model(client, sample, monkeypatch):
    _at(monkeypatch, "2026-11-30T10:00")  # a Monday morning
    html = text(client.get("/iskanje?q=starej%C5%A1i"))
    url, count = facet_option(html, "Odprto zdaj")
    ids = result_links(text(client.get(url)))
    assert "svc-tocka-starejse-svetovanje" in ids and len(ids) == count  # weekdays 8 to 16
    telefon = result_links(text(client.get("/iskanje?q=telefon&trait=open")))
    assert "svc-sos-telefon" in telefon and "svc-tom-telefon" not in telefon  # TOM answers from 12:00


def test_open_now_knows_public_holidays(client, sample, monkeypatch):
    _at(monkeypatch, "2026-12-25T10:00")  # Christmas, a Friday
    ids = result_links(text(client.get("/iskanje?q=starej%C5%A1i&trait=open")))
    assert "svc-tocka-starejse-svetovanje" not in ids
    assert "svc-sos-telefon" in result_links(text(client.get("/iskanje?q=telefon&trait=open")))  # day and night
