from infotocka.directory.seed import seed_all
from infotocka.extensions import db
from infotocka.models import Municipality, PostalCode, Region, Settlement, TaxonomyTerm


def count(model):
    return db.session.scalar(db.select(db.func.count()).select_from(model))


def test_seed_loads_all_geography_and_taxonomy(app):
    assert count(Region) == 12
    assert count(Municipality) == 212
    assert count(Settlement) == 6035
    assert count(PostalCode) == 466
    assert count(TaxonomyTerm) == 49


def test_seed_is_idempotent(app):
    seed_all()
    seed_all()
    assert count(Municipality) == 212
    assert count(TaxonomyTerm) == 49


def test_municipality_facts(app):
    koper = db.session.get(Municipality, 50)
    assert koper.name == "Koper"
    assert koper.name_bilingual == "Koper/Capodistria"
    assert koper.region.slug == "obalno-kraska"
    assert koper.slug == "koper"
    zasavska = db.session.scalar(db.select(Region).filter_by(slug="zasavska"))
    assert [m.name for m in zasavska.municipalities] == ["Hrastnik", "Litija", "Trbovlje", "Zagorje ob Savi"]
    assert zasavska.population == 9058 + 15743 + 16024 + 16379


def test_seed_cli(runner):
    result = runner.invoke(args=["seed"])
    assert result.exit_code == 0
    assert "municipalities: 212" in result.output
