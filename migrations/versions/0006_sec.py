"""security: version counters for organizations, a session version per account, one pending revision per listing

Revision ID: 0006_sec
Revises: 0005_hsds
Create Date: 2026-11-30

"""
from alembic import op
import sqlalchemy as sa


revision = '0006_sec'
down_revision = '0005_hsds'
branch_labels = None
depends_on = None

PENDING = sa.text("state = 'pending'")


def upgrade():
    with op.batch_alter_table('organization', schema=None) as batch_op:
        batch_op.add_column(sa.Column('version', sa.Integer(), server_default='1', nullable=False))
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_version', sa.Integer(), server_default='1', nullable=False))
    # Before the unique index: of several pending proposals for one listing (the lost-update bug made them)
    # keep the newest waiting, mark the older ones superseded. Nothing is deleted.
    op.execute("""
        UPDATE revision SET state = 'superseded'
        WHERE state = 'pending' AND EXISTS (
            SELECT 1 FROM revision AS newer
            WHERE newer.state = 'pending' AND newer.entity = revision.entity
              AND newer.entity_id = revision.entity_id AND newer.id > revision.id)
    """)
    op.create_index('uq_revision_pending', 'revision', ['entity', 'entity_id'], unique=True,
                    sqlite_where=PENDING, postgresql_where=PENDING)


def downgrade():
    op.drop_index('uq_revision_pending', table_name='revision', sqlite_where=PENDING, postgresql_where=PENDING)
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.drop_column('session_version')
    with op.batch_alter_table('organization', schema=None) as batch_op:
        batch_op.drop_column('version')
