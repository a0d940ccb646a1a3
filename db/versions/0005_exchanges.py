"""Exchanges between workstations: correspondents, the version agreed with each, and replaced versions.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "exchange_peer",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("name", sa.Text(), nullable=False, unique=True),
        sa.Column("workstation_id", sa.String(36), nullable=True, unique=True),
        sa.Column("last_sent_at", sa.DateTime(), nullable=True),
        sa.Column("last_received_at", sa.DateTime(), nullable=True),
    )
    op.create_table(
        "exchange_record",
        sa.Column("peer_id", sa.String(36), sa.ForeignKey("exchange_peer.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("record_id", sa.String(36), primary_key=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("agreed_hash", sa.String(64), nullable=False),
        sa.Column("agreed_revision", sa.Integer(), nullable=False),
    )
    op.create_table(
        "record_history",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("record_id", sa.String(36), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("workstation_id", sa.String(36), nullable=False),
        sa.Column("saved_at", sa.DateTime(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("data", sa.Text(), nullable=True),
    )
    op.create_index("ix_record_history_record_id", "record_history", ["record_id"])


def downgrade() -> None:
    op.drop_index("ix_record_history_record_id", "record_history")
    op.drop_table("record_history")
    op.drop_table("exchange_record")
    op.drop_table("exchange_peer")
