"""a random token per change: the index notices a database restored from a backup

Revision ID: 0008_heal
Revises: 0007_sem
Create Date: 2026-11-30

"""
from alembic import op
import sqlalchemy as sa


revision = '0008_heal'
down_revision = '0007_sem'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('change', schema=None) as batch_op:
        batch_op.add_column(sa.Column('token', sa.String(length=16), nullable=True))


def downgrade():
    with op.batch_alter_table('change', schema=None) as batch_op:
        batch_op.drop_column('token')
