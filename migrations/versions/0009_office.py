"""Problem reports are closed with a note; providers ask to join or for editor access; merged listings redirect.

Revision ID: 0009_office
Revises: 0008_heal
"""
import sqlalchemy as sa
from alembic import op

revision = "0009_office"
down_revision = "0008_heal"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("problem_report") as batch:
        batch.add_column(sa.Column("resolution_note", sa.Text(), nullable=True))
    op.create_table(
        "join_request",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("organization_id", sa.String(length=200), nullable=True),
        sa.Column("organization_name", sa.String(length=300), nullable=True),
        sa.Column("contact_name", sa.String(length=200), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("phone", sa.String(length=50), nullable=True),
        sa.Column("message", sa.Text(), nullable=True),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.Column("reviewed_by_id", sa.Integer(), nullable=True),
        sa.Column("reviewed_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["organization_id"], ["organization.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["reviewed_by_id"], ["user_account.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("join_request") as batch:
        batch.create_index(batch.f("ix_join_request_state"), ["state"], unique=False)
    op.create_table(
        "service_redirect",
        sa.Column("old_id", sa.String(length=200), nullable=False),
        sa.Column("service_id", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.ForeignKeyConstraint(["service_id"], ["service.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("old_id"),
    )
    with op.batch_alter_table("service_redirect") as batch:
        batch.create_index(batch.f("ix_service_redirect_service_id"), ["service_id"], unique=False)


def downgrade():
    op.drop_table("service_redirect")
    op.drop_table("join_request")
    with op.batch_alter_table("problem_report") as batch:
        batch.drop_column("resolution_note")
