"""geocode cache

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 01:30:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('geocode_cache',
    sa.Column('query_key', sa.String(length=300), nullable=False),
    sa.Column('provider', sa.String(length=30), nullable=False),
    sa.Column('results', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.PrimaryKeyConstraint('query_key', name=op.f('pk_geocode_cache'))
    )


def downgrade():
    op.drop_table('geocode_cache')
