"""The migrations build the same schema as the models, on SQLite and PostgreSQL, and carry the data along."""
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from infotocka.directory.hsds_ids import hsds_uuid
from infotocka.extensions import db
from infotocka.models import Organization, Service

from tests.conftest import PG_URL


@pytest.fixture
def empty(make_app, tmp_path):
    """Return an app (its context pushed) on a database with no tables at all, as before the first upgrade."""
    url = PG_URL or f"sqlite:///{tmp_path}/migrated.db"
    app = make_app(SQLALCHEMY_DATABASE_URI=url)
    with app.app_context():
        db.session.remove()
        db.drop_all()
        with db.engine.begin() as conn:
            conn.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
        yield app


def test_upgrade_from_empty_matches_models(empty):
    upgrade()
    with db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), db.metadata)
    assert diff == []
    downgrade(revision="base")
    assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}


def test_listings_merged_before_the_upgrade_still_redirect_from_their_old_uuids(empty):
    upgrade(revision="0011_imported_taxonomies")
    db.session.add(Organization(id="org-kept", name="Društvo"))
    db.session.add(Service(id="svc-kept", organization_id="org-kept", name="Pomoč", description="Opis."))
    db.session.commit()
    with db.engine.begin() as conn:  # merged the way 0011 stored it: old id and target only
        conn.execute(text("INSERT INTO service_redirect (old_id, service_id) VALUES ('svc-old', 'svc-kept')"))
        conn.execute(text("INSERT INTO organization_redirect (old_id, organization_id) "
                          "VALUES ('org-old', 'org-kept')"))
    upgrade()
    client = empty.test_client()
    for path, kept in ((f"/storitev/{hsds_uuid('service', 'svc-old')}", "/storitev/svc-kept"),
                       (f"/storitev/{hsds_uuid('service', 'svc-old').upper()}", "/storitev/svc-kept"),
                       ("/storitev/svc-old", "/storitev/svc-kept"),
                       (f"/izvajalec/{hsds_uuid('organization', 'org-old')}", "/izvajalec/org-kept"),
                       (f"/api/v1/services/{hsds_uuid('service', 'svc-old')}",
                        f"/api/v1/services/{hsds_uuid('service', 'svc-kept')}")):
        response = client.get(path)
        assert response.status_code == 301 and response.headers["Location"].endswith(kept), path
    assert client.get(f"/storitev/{hsds_uuid('service', 'svc-never')}").status_code == 404
