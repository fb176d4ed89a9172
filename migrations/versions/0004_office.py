"""Problem reports are closed with a note.

Revision ID: 0004_office
Revises: 0003
"""
import sqlalchemy as sa
from alembic import op

revision = "0004_office"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("problem_report") as batch:
        batch.add_column(sa.Column("resolution_note", sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table("problem_report") as batch:
        batch.drop_column("resolution_note")
