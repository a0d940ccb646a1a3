"""Financements: catalogue updates by file. Each scheme keeps the record its origin sent (raw), when the origin
last changed it, since when the origin no longer publishes it, and whether it is new or changed since the last
update (until seen); a scheme that arrives from another origin and is the same one is linked to it.

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("scheme") as batch:
        batch.add_column(sa.Column("raw", sa.Text(), nullable=True))
        batch.add_column(sa.Column("source_updated", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("unpublished_on", sa.Date(), nullable=True))
        batch.add_column(sa.Column("news", sa.String(16), nullable=False, server_default=""))
    op.create_table(
        "scheme_link",
        sa.Column("origin", sa.String(32), primary_key=True),
        sa.Column("origin_key", sa.Text(), primary_key=True),
        sa.Column("scheme_id", sa.String(36), sa.ForeignKey("scheme.id", ondelete="CASCADE"), nullable=False),
        sa.Column("shipped", sa.Text(), nullable=True),
        sa.Column("source_updated", sa.DateTime(), nullable=True),
    )


def downgrade() -> None:
    op.drop_table("scheme_link")
    with op.batch_alter_table("scheme") as batch:
        for name in ("news", "unpublished_on", "source_updated", "raw"):
            batch.drop_column(name)
