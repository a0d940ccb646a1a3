"""Financements: each fiche's shortlist of funding applications; it travels with the fiche.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "shortlist_entry",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("workstation_id", sa.String(36), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.Column("fiche_id", sa.String(36), sa.ForeignKey("fiche.id", ondelete="CASCADE"), nullable=False),
        sa.Column("scheme_id", sa.String(36), nullable=False, server_default=""),
        sa.Column("scheme_name", sa.Text(), nullable=False, server_default=""),
        sa.Column("status", sa.String(32), nullable=False, server_default="repere"),
        sa.Column("target_deadline", sa.Date(), nullable=True),
        *(sa.Column(name, sa.Text(), nullable=True) for name in ("amount_requested", "amount_obtained", "amount_paid")),
        *(sa.Column(name, sa.Date(), nullable=True) for name in ("submitted_on", "decided_on", "paid_on")),
        sa.Column("notes", sa.Text(), nullable=False, server_default=""),
    )
    op.create_index("ix_shortlist_entry_fiche_id", "shortlist_entry", ["fiche_id"])


def downgrade() -> None:
    op.drop_index("ix_shortlist_entry_fiche_id", "shortlist_entry")
    op.drop_table("shortlist_entry")
