"""Lost updates (issue 10): two people saving the same listing at the same moment.

Each save runs in its own thread with its own app context, database session and connection, as two
gunicorn workers would. A barrier on the engine holds every thread's first write statement until all
threads have reached theirs, so both have read the listing and passed every check in Python before
either writes: the moment the old code lost one of the changes. Run on SQLite and on PostgreSQL
(INFOTOCKA_TEST_DATABASE_URL)."""
import threading
from contextlib import contextmanager

from sqlalchemy import event

from infotocka.auth.operations import create_user
from infotocka.extensions import db
from infotocka.models import AuditEntry, Organization, Revision, Service

from .conftest import ORG_A, PASSWORD, edit_data, flatten, login, org_a

WRITES = ("INSERT", "UPDATE", "DELETE")


class FirstWriteBarrier:
    """Hold each armed thread at its first write statement until every party has reached its own."""

    def __init__(self, parties: int):
        self.barrier = threading.Barrier(parties, timeout=30)
        self.local = threading.local()

    def arm(self) -> None:
        self.local.armed = True

    def __call__(self, conn, cursor, statement, parameters, context, executemany):
        if getattr(self.local, "armed", False) and statement.lstrip().upper().startswith(WRITES):
            self.local.armed = False
            self.barrier.wait()


@contextmanager
def held_at_first_write(parties: int):
    hold = FirstWriteBarrier(parties)
    event.listen(db.engine, "before_cursor_execute", hold)
    try:
        yield hold
    finally:
        event.remove(db.engine, "before_cursor_execute", hold)


def at_once(requests) -> list:
    """Run (client, url, data) POSTs in parallel threads, each held at its first write; return the responses."""
    responses = [None] * len(requests)
    errors = []
    with held_at_first_write(len(requests)) as hold:
        def run(i, client, url, data):
            hold.arm()
            try:
                responses[i] = client.post(url, data=data)
            except BaseException as exc:  # noqa: BLE001 - reported below, in the test's thread
                errors.append(exc)
                hold.barrier.abort()

        threads = [threading.Thread(target=run, args=(i, *r)) for i, r in enumerate(requests)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
    assert not errors, errors
    return responses


def _signed_in(app, email):
    client = app.test_client()
    assert login(client, email).status_code == 302
    return client


def test_two_staff_saving_one_listing_at_once_lose_nothing(app, as_role, listings, accounts):
    service, _ = listings
    create_user("osebje2@infotocka.si", "staff", password=PASSWORD)
    url = f"/urejanje/storitev/{service.id}/uredi"
    version = service.version
    first, second = as_role("staff"), _signed_in(app, "osebje2@infotocka.si")
    responses = at_once([(first, url, edit_data(service, name="Ime prvega urednika")),
                         (second, url, edit_data(service, name="Ime drugega urednika"))])

    assert sorted(r.status_code for r in responses) == [302, 409]
    winner, loser = sorted(responses, key=lambda r: r.status_code)
    db.session.expire_all()
    published = db.session.get(Service, service.id)
    assert published.version == version + 1
    mine, theirs = (("Ime drugega urednika", "Ime prvega urednika") if published.name == "Ime prvega urednika"
                    else ("Ime prvega urednika", "Ime drugega urednika"))
    assert published.name == theirs
    page = loser.get_data(as_text=True)
    assert "Objavljeno zdaj (spremenil nekdo drug)" in page
    assert theirs in page and mine in page  # both versions shown; the loser's text is kept in the form
    assert f'name="base_version" type="hidden" value="{version + 1}"' in page  # saving again is deliberate
    names = db.session.scalars(db.select(AuditEntry.new_value).where(AuditEntry.entity_id == service.id,
                                                                      AuditEntry.field == "name")).all()
    assert names == [theirs]  # one change published, one audited


def test_two_editors_saving_at_once_make_one_pending_revision(app, as_role, listings):
    service, _ = listings
    create_user("drugi@csd.si", "editor", [service.organization_id], password=PASSWORD)
    url = f"/urejanje/storitev/{service.id}/uredi"
    responses = at_once([(as_role("editor"), url, edit_data(service, name="Predlog ena")),
                         (_signed_in(app, "drugi@csd.si"), url, edit_data(service, name="Predlog dve"))])

    assert sorted(r.status_code for r in responses) == [302, 409]
    db.session.expire_all()
    pending = db.session.scalars(db.select(Revision).where(Revision.entity_id == service.id,
                                                           Revision.state == "pending")).all()
    assert len(pending) == 1
    loser = max(responses, key=lambda r: r.status_code).get_data(as_text=True)
    other = "Predlog dve" if pending[0].data["name"] == "Predlog ena" else "Predlog ena"
    assert other in loser  # what the second editor typed is still in the form


def test_two_staff_approving_one_revision_at_once_publish_it_once(app, as_role, listings, accounts):
    service, _ = listings
    create_user("osebje2@infotocka.si", "staff", password=PASSWORD)
    url = f"/urejanje/storitev/{service.id}/uredi"
    assert as_role("editor").post(url, data=edit_data(service, name="Odobri me")).status_code == 302
    revision = db.session.scalar(db.select(Revision).where(Revision.state == "pending"))
    approve = f"/urejanje/predlog/{revision.id}/odobri"
    version = service.version
    responses = at_once([(as_role("staff"), approve, {}), (_signed_in(app, "osebje2@infotocka.si"), approve, {})])

    assert sorted(r.status_code for r in responses) == [302, 409]
    db.session.expire_all()
    assert db.session.get(Service, service.id).version == version + 1
    assert db.session.get(Revision, revision.id).state == "approved"
    assert db.session.scalar(db.select(db.func.count()).select_from(AuditEntry).where(
        AuditEntry.entity_id == service.id, AuditEntry.field == "name")) == 1


def _org_data(org: Organization, **changes) -> dict:
    from infotocka.directory.hsds_export import organization_to_hsds
    from infotocka.manage.org_forms import organization_form_data
    return flatten({**organization_form_data(organization_to_hsds(org)), "base_version": org.version, **changes})


def test_two_staff_saving_one_organization_at_once_lose_nothing(app, as_role, listings, accounts):
    create_user("osebje2@infotocka.si", "staff", password=PASSWORD)
    org = org_a()
    url = f"/urejanje/organizacija/{ORG_A}/uredi"
    responses = at_once([(as_role("staff"), url, _org_data(org, description="Opis A")),
                         (_signed_in(app, "osebje2@infotocka.si"), url, _org_data(org, description="Opis B"))])

    assert sorted(r.status_code for r in responses) == [302, 409]
    db.session.expire_all()
    published = db.session.get(Organization, ORG_A).description
    loser = max(responses, key=lambda r: r.status_code).get_data(as_text=True)
    assert published in ("Opis A", "Opis B") and "Opis A" in loser and "Opis B" in loser


def test_an_import_between_opening_and_saving_the_organization_form_is_a_conflict(as_role, listings):
    from infotocka.directory.hsds_export import export_directory
    from infotocka.directory.hsds_import import import_records

    staff, org = as_role("staff"), org_a()
    form = _org_data(org, description="Opis iz obrazca")
    record = next(r for r in export_directory(public=False) if r["organization"]["x_source_id"] == ORG_A)
    record["organization"]["description"] = "Opis iz uvoza"
    assert import_records([record]).updated == 1
    response = staff.post(f"/urejanje/organizacija/{ORG_A}/uredi", data=form)
    assert response.status_code == 409 and "Opis iz uvoza" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Organization, ORG_A).description == "Opis iz uvoza"


def test_withdrawing_a_proposal_while_staff_approve_it_decides_it_once(app, as_role, listings):
    service, _ = listings
    editor = as_role("editor")
    url = f"/urejanje/storitev/{service.id}/uredi"
    assert editor.post(url, data=edit_data(service, name="Umik ali odobritev")).status_code == 302
    revision = db.session.scalar(db.select(Revision).where(Revision.state == "pending"))
    responses = at_once([(editor, f"/urejanje/predlog/{revision.id}/umakni", {}),
                         (as_role("staff"), f"/urejanje/predlog/{revision.id}/odobri", {})])

    db.session.expire_all()
    state = db.session.get(Revision, revision.id).state
    published = db.session.get(Service, service.id).name == "Umik ali odobritev"
    assert state in ("approved", "superseded") and published == (state == "approved")
    assert all(r.status_code in (302, 409) for r in responses)
