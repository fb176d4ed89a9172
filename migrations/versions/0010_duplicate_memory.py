"""Duplicates: merged organizations redirect; pairs staff kept apart are remembered.

Revision ID: 0010_duplicate_memory
Revises: 0009_office
"""
import sqlalchemy as sa
from alembic import op

revision = "0010_duplicate_memory"
down_revision = "0009_office"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "organization_redirect",
        sa.Column("old_id", sa.String(length=200), nullable=False),
        sa.Column("organization_id", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.ForeignKeyConstraint(["organization_id"], ["organization.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("old_id"),
    )
    with op.batch_alter_table("organization_redirect") as batch:
        batch.create_index(batch.f("ix_organization_redirect_organization_id"), ["organization_id"], unique=False)
    op.create_table(
        "distinct_pair",
        sa.Column("entity", sa.String(length=30), nullable=False),
        sa.Column("first_id", sa.String(length=200), nullable=False),
        sa.Column("second_id", sa.String(length=200), nullable=False),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.ForeignKeyConstraint(["decided_by_id"], ["user_account.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("entity", "first_id", "second_id"),
    )


def downgrade():
    op.drop_table("distinct_pair")
    op.drop_table("organization_redirect")
