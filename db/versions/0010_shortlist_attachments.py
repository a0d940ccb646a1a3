"""Financements: an application on a fiche's shortlist holds attachments (the application letter, the decision,
the convention…), as a JSON list in its row; each file is registered in `blob` like a fiche's.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("shortlist_entry") as batch:
        batch.add_column(sa.Column("attachments", sa.Text(), nullable=False, server_default="[]"))


def downgrade() -> None:
    with op.batch_alter_table("shortlist_entry") as batch:
        batch.drop_column("attachments")
