"""semantic search embeddings

Revision ID: 0007_sem
Revises: 0006_sec
Create Date: 2026-11-30

"""
from alembic import op
import sqlalchemy as sa


revision = '0007_sem'
down_revision = '0006_sec'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('embedding',
    sa.Column('text_hash', sa.String(length=64), nullable=False),
    sa.Column('vector', sa.LargeBinary(), nullable=False),
    sa.Column('created_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.PrimaryKeyConstraint('text_hash', name=op.f('pk_embedding'))
    )
    op.create_table('service_embedding',
    sa.Column('service_id', sa.String(length=200), nullable=False),
    sa.Column('text_hash', sa.String(length=64), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('service_id', name=op.f('pk_service_embedding'))
    )
    with op.batch_alter_table('service_embedding', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_service_embedding_text_hash'), ['text_hash'], unique=False)


def downgrade():
    with op.batch_alter_table('service_embedding', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_service_embedding_text_hash'))
    op.drop_table('service_embedding')
    op.drop_table('embedding')
