"""Coverage matrices against the sample directory, with counts worked out by hand.

Zasavska region = Hrastnik (34, 9,058 residents), Litija (60, 15,743), Trbovlje (129, 16,024),
Zagorje ob Savi (142, 16,379); Šmartno pri Litiji belongs to Osrednjeslovenska.

Target group zrtve-nasilja in the sample: every CSD unit's "-varstvo" service plus two national
lines (svc-sos-telefon, svc-v-nujnih-primerih; no area, virtual locations). In Zasavska only
svc-csd-trbovlje-varstvo (area: Trbovlje alone → local there) and svc-csd-litija-varstvo (areas
Litija + Šmartno pri Litiji, no location → regional for Litija) touch the region. So
(local/regional/national): Hrastnik 0/0/2 (gap), Litija 0/1/2, Trbovlje 1/0/2, Zagorje 0/0/2 (gap).
"""
from datetime import date

import pytest

from infotocka.coverage.area import NATIONAL, resolve_area
from infotocka.coverage.matrix import coverage_matrix, per_10000
from infotocka.errors import BadParameter
from infotocka.extensions import db
from infotocka.models import Service

HRASTNIK, LITIJA, TRBOVLJE, ZAGORJE, SMARTNO = 34, 60, 129, 142, 194


def counts(matrix, code, municipality_id):
    cell = matrix.cell(code, municipality_id)
    return cell.local, cell.regional, cell.national


@pytest.fixture
def zasavska(sample):
    return resolve_area("zasavska")


def test_area_lists_the_regions_municipalities(zasavska):
    assert [m.id for m in zasavska.municipalities] == [HRASTNIK, LITIJA, TRBOVLJE, ZAGORJE]
    assert zasavska.population == 9058 + 15743 + 16024 + 16379


def test_victims_of_violence_per_municipality(zasavska):
    matrix = coverage_matrix(zasavska, "target_group")
    assert counts(matrix, "zrtve-nasilja", HRASTNIK) == (1, 0, 2)  # the CSD unit in Hrastnik
    assert counts(matrix, "zrtve-nasilja", LITIJA) == (0, 1, 2)
    assert counts(matrix, "zrtve-nasilja", TRBOVLJE) == (1, 0, 2)
    assert counts(matrix, "zrtve-nasilja", ZAGORJE) == (1, 0, 2)  # the CSD unit in Zagorje ob Savi
    row = matrix.row("zrtve-nasilja")
    assert [c.gap for c in row.cells] == [False, False, False, False]
    assert row.gaps == 0


def test_target_groups_without_any_programme_are_empty_gaps(zasavska):
    """The Zasavje plan's gaps: nothing at all for perpetrators of violence, addiction, homelessness."""
    matrix = coverage_matrix(zasavska, "target_group")
    for code in ("povzrocitelji-nasilja", "zasvojenost", "brezdomci", "demenca", "romi"):
        assert all(c.empty and c.gap for c in matrix.row(code).cells), code


def test_people_with_disabilities_in_hrastnik(zasavska):
    """Hrastnik, invalidi: local = DI Hrastnik advocacy + leisure and Sožitje (area Hrastnik alone);
    regional = VDC Zasavje day care, VDC Zasavje living, ZLU multigenerational centre (several areas)."""
    matrix = coverage_matrix(zasavska, "target_group")
    assert counts(matrix, "invalidi", HRASTNIK) == (3, 3, 0)
    # Zagorje: VDC Zasavje day care has its location in Zagorje → local; VDC living and ZLU regional.
    assert counts(matrix, "invalidi", ZAGORJE) == (1, 2, 0)


def test_homes_for_the_elderly_are_national_but_local_where_they_stand(zasavska):
    """Kind institucionalno-varstvo: the six homes have no area (national) but count as local in the
    municipality of their building; VDC Zasavje living (area H, T, Z, Litija, Šmartno) is regional.
    Trbovlje: DU Trbovlje home local, 5 other homes national, VDC living regional."""
    matrix = coverage_matrix(zasavska, "kind")
    assert counts(matrix, "institucionalno-varstvo", TRBOVLJE) == (1, 1, 5)
    assert counts(matrix, "institucionalno-varstvo", HRASTNIK) == (1, 1, 5)
    assert counts(matrix, "institucionalno-varstvo", ZAGORJE) == (1, 1, 5)  # DSO Izlake lies in Zagorje
    assert counts(matrix, "institucionalno-varstvo", LITIJA) == (1, 1, 5)  # Tisje's Litija unit
    assert counts(matrix, "telefonska-pomoc", LITIJA) == (0, 0, 5)  # the five national phone lines


def test_totals_and_services_per_10000_residents(zasavska):
    """Hrastnik, every active service once: local 10 (DI Hrastnik ×2, Sožitje, Dom Hrastnik, CSD unit ×3, RK,
    DU, the municipality), regional 7 (VDC ×2, ZLU, Ozara, Consulta ×2, ZRSZ), national 10 (5 other homes,
    5 phone lines): 27 services / 9,058 residents × 10,000 = 29.81 → 29.8."""
    matrix = coverage_matrix(zasavska, "target_group")
    hrastnik = matrix.totals[0]
    assert (hrastnik.local, hrastnik.regional, hrastnik.national) == (10, 7, 10)
    assert hrastnik.per_10000 == 29.8
    # local: VDC day care, DSO Izlake, CSD unit ×3, RK, DU, Karitas; regional: VDC living, ZLU, Ozara,
    # Consulta ×2, ZRSZ
    zagorje = matrix.totals[3]
    assert (zagorje.local, zagorje.regional, zagorje.national) == (8, 6, 10)
    assert zagorje.per_10000 == round(24 * 10000 / 16379, 1) == 14.7
    assert matrix.cell("zrtve-nasilja", TRBOVLJE).per_10000 == round(3 * 10000 / 16024, 1) == 1.9


def test_per_10000_without_population():
    assert per_10000(3, None) is None
    assert per_10000(3, 30000) == 1.0


def test_only_active_services_count(zasavska):
    db.session.get(Service, "svc-csd-trbovlje-varstvo").status = "temporarily closed"
    db.session.commit()
    matrix = coverage_matrix(zasavska, "target_group")
    assert counts(matrix, "zrtve-nasilja", TRBOVLJE) == (0, 0, 2)
    assert matrix.cell("zrtve-nasilja", TRBOVLJE).gap


def test_a_confidential_location_does_not_make_a_service_local(zasavska):
    service = db.session.get(Service, "svc-vdc-zasavje-varstvo-zaposlitev")
    service.locations[0].confidential = True
    db.session.commit()
    matrix = coverage_matrix(zasavska, "kind")
    assert counts(matrix, "zaposlovanje-aktivacija", ZAGORJE) == (0, 2, 0)  # and ZRSZ's office in Trbovlje


def test_whole_country(sample):
    area = resolve_area(NATIONAL)
    assert len(area.municipalities) == 212
    matrix = coverage_matrix(area, "target_group")
    assert counts(matrix, "zrtve-nasilja", SMARTNO) == (0, 1, 2)
    assert counts(matrix, "zrtve-nasilja", 1) == (0, 0, 2)  # Ajdovščina: national lines only


def test_unknown_region_is_a_bad_parameter(app):
    with pytest.raises(BadParameter):
        resolve_area("atlantida")


@pytest.mark.parametrize("configured, slug, count", [
    ("zasavska", "zasavska", 4), ("gorenjska", "gorenjska", 18), ("", NATIONAL, 212), ("slovenija", NATIONAL, 212),
])
def test_home_region_is_configurable(make_app, configured, slug, count):
    with make_app(HOME_REGION=configured).app_context():
        area = resolve_area(None)
        assert (area.slug, len(area.municipalities)) == (slug, count)


def test_freshness_counts_listings_verified_in_the_last_year(zasavska):
    from infotocka.coverage.freshness import freshness_report
    today = date(2025, 6, 1)
    db.session.get(Service, "svc-di-hrastnik-zagovornistvo").assured_date = date(2025, 1, 10)
    db.session.get(Service, "svc-sozitje-hrastnik").assured_date = date(2024, 6, 1)  # exactly 365 days ago
    db.session.get(Service, "svc-di-hrastnik-prosti-cas").assured_date = date(2024, 5, 31)  # too old
    db.session.commit()
    report = freshness_report(zasavska, today=today)
    hrastnik = report.by_municipality[0]
    assert (hrastnik.label, hrastnik.verified, hrastnik.total, hrastnik.percent) == ("Hrastnik", 2, 27, 7.4)
    assert report.by_municipality[2].verified == 0
    nvo = next(s for s in report.by_provider_type if s.term and s.term.code == "nvo")
    assert nvo.verified == 2
    assert sum(s.total for s in report.by_provider_type) == len({s for s in _services_in(zasavska)})


def _services_in(area):
    from infotocka.coverage.matrix import active_services, service_scopes
    return [s.id for s, scopes in service_scopes(area, active_services(area)) if scopes]
