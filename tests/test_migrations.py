"""The migrations build the same schema as the models, on SQLite and PostgreSQL."""
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from infotocka.extensions import db

from tests.conftest import PG_URL


def test_upgrade_from_empty_matches_models(make_app, tmp_path):
    url = PG_URL or f"sqlite:///{tmp_path}/migrated.db"
    app = make_app(SQLALCHEMY_DATABASE_URI=url)
    with app.app_context():
        db.session.remove()
        db.drop_all()
        with db.engine.begin() as conn:
            conn.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
        upgrade()
        with db.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), db.metadata)
        assert diff == []
        downgrade(revision="base")
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
