"""Taxonomies and taxonomy terms of other systems, imported from HSDS files and kept as given.

Revision ID: 0011_imported_taxonomies
Revises: 0010_duplicate_memory
"""
import sqlalchemy as sa
from alembic import op

revision = "0011_imported_taxonomies"
down_revision = "0010_duplicate_memory"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "imported_taxonomy",
        sa.Column("id", sa.String(length=200), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=500), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_imported_taxonomy")),
        sa.UniqueConstraint("uuid", name=op.f("uq_imported_taxonomy_uuid")),
    )
    op.create_table(
        "imported_taxonomy_term",
        sa.Column("id", sa.String(length=200), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("code", sa.String(length=200), nullable=True),
        sa.Column("name", sa.String(length=500), nullable=False),
        sa.Column("taxonomy_id", sa.String(length=36), nullable=True),
        sa.Column("parent_id", sa.String(length=36), nullable=True),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_imported_taxonomy_term")),
        sa.UniqueConstraint("uuid", name=op.f("uq_imported_taxonomy_term_uuid")),
    )
    with op.batch_alter_table("imported_taxonomy_term") as batch:
        for column in ("code", "taxonomy_id", "parent_id"):
            batch.create_index(batch.f(f"ix_imported_taxonomy_term_{column}"), [column], unique=False)


def downgrade():
    with op.batch_alter_table("imported_taxonomy_term") as batch:
        for column in ("code", "taxonomy_id", "parent_id"):
            batch.drop_index(batch.f(f"ix_imported_taxonomy_term_{column}"))
    op.drop_table("imported_taxonomy_term")
    op.drop_table("imported_taxonomy")
