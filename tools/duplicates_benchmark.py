"""Time finding probable duplicates (the /urejanje/dvojniki page) on the benchmark directory.

New: candidate pairs from blocks (matching.py), services and organizations, over the whole directory.
Old: every service compared with every other (one query and N fuzzy comparisons per service), as before
blocking; timed on a sample of services and extrapolated to the whole directory (labelled as such)."""
import time

from rapidfuzz import fuzz

OLD_SAMPLE = 25  # services put through the old per-service pass


def _old_pass(service, session, select, model, fold) -> int:
    """One service of the old duplicate_pairs(): its name against every other service's."""
    found = 0
    for other in session.scalars(select(model).where(model.id != service.id)):
        if fuzz.token_set_ratio(fold(service.name), fold(other.name)) >= 85:
            if other.organization_id == service.organization_id or {p.number for p in other.phones} & {
                    p.number for p in service.phones}:
                found += 1
    return found


def duplicates_benchmark() -> None:
    from infotocka.extensions import db
    from infotocka.manage.duplicates import candidate_pairs
    from infotocka.models import Organization, Service
    from infotocka.text import fold
    services = db.session.scalar(db.select(db.func.count()).select_from(Service))
    organizations = db.session.scalar(db.select(db.func.count()).select_from(Organization))
    start = time.perf_counter()
    service_pairs = candidate_pairs("service")
    middle = time.perf_counter()
    organization_pairs = candidate_pairs("organization")
    end = time.perf_counter()
    print(f"duplicate candidates (new, blocked + cdist): {services} services in {middle - start:.2f} s "
          f"({len(service_pairs)} pairs), {organizations} organizations in {end - middle:.2f} s "
          f"({len(organization_pairs)} pairs)")
    sample = db.session.scalars(db.select(Service).order_by(Service.id).limit(OLD_SAMPLE)).all()
    t = time.perf_counter()
    for service in sample:
        _old_pass(service, db.session, db.select, Service, fold)
    old = (time.perf_counter() - t) / len(sample) * services
    print(f"duplicate candidates (old, every pair): about {old:.0f} s for {services} services (extrapolated "
          f"from {len(sample)} services); the new way is {old / (middle - start):.0f}× faster")
