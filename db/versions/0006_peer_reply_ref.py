"""Correspondents remember the identifier under which they know this station, to send it back.

A package addressed to a correspondent carries the sender's identifier for it (`scope.correspondent_ref`);
the recipient keeps it and sends it back in its own packages (`scope.reply_to`), so that the sender
recognises who answers even before it has heard from that workstation.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("exchange_peer", sa.Column("their_ref", sa.String(36), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("exchange_peer") as batch:
        batch.drop_column("their_ref")
