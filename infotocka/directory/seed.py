"""Load taxonomy and geography from data/ (idempotent: rows are upserted by key)."""
import csv
from pathlib import Path

from flask import current_app

from ..extensions import db
from ..models import Municipality, PostalCode, Region, Settlement, TaxonomyTerm
from ..text import slugify


def _rows(name: str) -> list[dict]:
    path = Path(current_app.config["DATA_DIR"]) / name
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _num(value: str, kind=float):
    return kind(value) if value not in ("", None) else None


def _upsert(model, key: str, values: list[dict]) -> int:
    existing = {getattr(o, key): o for o in db.session.scalars(db.select(model))}
    for row in values:
        obj = existing.get(row[key])
        if obj is None:
            db.session.add(model(**row))
        else:
            for name, value in row.items():
                setattr(obj, name, value)
    return len(values)


def seed_taxonomy() -> int:
    """Load data/taxonomy.csv into taxonomy terms."""
    rows = [
        dict(code=r["code"], taxonomy=r["taxonomy"], name_sl=r["name_sl"], name_en=r["name_en"],
             description_sl=r["description_sl"] or None, position=i)
        for i, r in enumerate(_rows("taxonomy.csv"))
    ]
    return _upsert(TaxonomyTerm, "code", rows)


def seed_geography() -> dict[str, int]:
    """Load regions, municipalities, settlements and postal codes."""
    regions = [
        dict(id=int(r["id"]), name=r["name"], slug=slugify(r["name"]), nuts3=r["nuts3"],
             lat=float(r["lat"]), lon=float(r["lon"]), centre=r["centre"], area_km2=float(r["area_km2"]))
        for r in _rows("regions.csv")
    ]
    municipalities = [
        dict(id=int(r["id"]), name=r["name"], name_bilingual=r["name_bilingual"] or None,
             slug=slugify(r["name"]), region_id=int(r["region_id"]), lat=float(r["lat"]), lon=float(r["lon"]),
             seat=r["seat"], seat_lat=float(r["seat_lat"]), seat_lon=float(r["seat_lon"]),
             population=_num(r["population_2021h1"], int), area_km2=_num(r["area_km2"]),
             urban=r["urban_municipality"] == "true", iso_code=r["iso_code"] or None)
        for r in _rows("municipalities.csv")
    ]
    settlements = [
        dict(id=int(r["id"]), name=r["name"], name_secondary=r["name_secondary"] or None,
             municipality_id=int(r["municipality_id"]), lat=float(r["lat"]), lon=float(r["lon"]),
             is_municipal_seat=r["is_municipal_seat"] == "true")
        for r in _rows("settlements.csv")
    ]
    postal_codes = [
        dict(code=r["post_code"], post_office=r["post_office"], settlement_id=_num(r["settlement_id"], int),
             municipality_id=_num(r["municipality_id"], int), lat=float(r["lat"]), lon=float(r["lon"]))
        for r in _rows("postal_codes.csv")
    ]
    counts = {"regions": _upsert(Region, "id", regions)}
    db.session.flush()
    counts["municipalities"] = _upsert(Municipality, "id", municipalities)
    db.session.flush()
    counts["settlements"] = _upsert(Settlement, "id", settlements)
    db.session.flush()
    counts["postal_codes"] = _upsert(PostalCode, "code", postal_codes)
    return counts


def seed_all() -> dict[str, int]:
    """Seed taxonomy and geography in one transaction."""
    counts = {"taxonomy_terms": seed_taxonomy(), **seed_geography()}
    db.session.commit()
    return counts
