"""HSDS 3.0: a UUID per directory row, and JSON columns keeping the HSDS members of child rows

Revision ID: 0005_hsds
Revises: 0004_demand
Create Date: 2026-11-30

"""
from alembic import op
import sqlalchemy as sa

from infotocka.directory.hsds_ids import hsds_uuid

revision = '0005_hsds'
down_revision = '0004_demand'
branch_labels = None
depends_on = None

UUID_TABLES = (("service", "id"), ("organization", "id"), ("location", "id"), ("service_at_location", "id"),
               ("taxonomy_term", "code"))
EXTRA_TABLES = ("phone", "schedule", "address", "location", "service_at_location")


def upgrade():
    for table in EXTRA_TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('extra', sa.JSON(), nullable=True))
    bind = op.get_bind()
    for table, key in UUID_TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('uuid', sa.String(length=36), nullable=True))
        rows = bind.execute(sa.text(f"SELECT {key} FROM {table}")).scalars().all()
        for value in rows:  # the same uuid5 the models' column default gives a new row
            bind.execute(sa.text(f"UPDATE {table} SET uuid = :uuid WHERE {key} = :key"),
                         {"uuid": hsds_uuid(table, value), "key": value})
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column('uuid', existing_type=sa.String(length=36), nullable=False)
            batch_op.create_unique_constraint(batch_op.f(f'uq_{table}_uuid'), ['uuid'])


def downgrade():
    for table, _key in UUID_TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(batch_op.f(f'uq_{table}_uuid'), type_='unique')
            batch_op.drop_column('uuid')
    for table in EXTRA_TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('extra')
