"""demand log: aggregate counters and unmatched search texts

Revision ID: 0004_demand
Revises: 0003
Create Date: 2026-11-30

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0004_demand'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('demand_count',
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('municipality', sa.Integer(), nullable=False),
    sa.Column('need', sa.String(length=64), nullable=False),
    sa.Column('outcome', sa.String(length=20), nullable=False),
    sa.Column('channel', sa.String(length=10), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('day', 'municipality', 'need', 'outcome', 'channel', name=op.f('pk_demand_count'))
    )
    op.create_table('demand_unmatched',
    sa.Column('month', sa.String(length=7), nullable=False),
    sa.Column('digest', sa.String(length=64), nullable=False),
    sa.Column('days', sa.Integer(), nullable=False),
    sa.Column('searches', sa.Integer(), nullable=False),
    sa.Column('text', sa.String(length=200), nullable=True),
    sa.PrimaryKeyConstraint('month', 'digest', name=op.f('pk_demand_unmatched'))
    )


def downgrade():
    op.drop_table('demand_unmatched')
    op.drop_table('demand_count')
