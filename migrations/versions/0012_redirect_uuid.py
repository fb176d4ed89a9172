"""Redirects of merged listings keep the HSDS UUID the listing was published under (indexed, unique).

Revision ID: 0012_redirect_uuid
Revises: 0011_imported_taxonomies
"""
import sqlalchemy as sa
from alembic import op

from infotocka.directory.hsds_ids import hsds_uuid

revision = "0012_redirect_uuid"
down_revision = "0011_imported_taxonomies"
branch_labels = None
depends_on = None

TABLES = (("service_redirect", "service"), ("organization_redirect", "organization"))


def upgrade():
    bind = op.get_bind()
    for table, kind in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("uuid", sa.String(length=36), nullable=True))
        for old_id in bind.execute(sa.text(f"SELECT old_id FROM {table}")).scalars().all():
            # the UUID the merged listing was published under: the same uuid5 its own uuid column held
            bind.execute(sa.text(f"UPDATE {table} SET uuid = :uuid WHERE old_id = :old_id"),
                         {"uuid": hsds_uuid(kind, old_id), "old_id": old_id})
        with op.batch_alter_table(table) as batch:
            batch.alter_column("uuid", existing_type=sa.String(length=36), nullable=False)
            batch.create_unique_constraint(batch.f(f"uq_{table}_uuid"), ["uuid"])


def downgrade():
    for table, _kind in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.drop_constraint(batch.f(f"uq_{table}_uuid"), type_="unique")
            batch.drop_column("uuid")
