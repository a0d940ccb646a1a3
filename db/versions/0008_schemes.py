"""Financements: the funding and support schemes of the catalogue, and their search index.

Lists (financers, kinds, audiences, themes, stages, territories, deadlines) are JSON texts: the finder filters
and counts them in memory, over a few thousand schemes. `shipped` keeps the version last received from the
scheme's origin (the shipped catalogue, a file), so that an update changes only the fields the user left alone.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

TEXTS = ("name", "short_name", "programme", "territory_note", "next_round", "description", "eligibility",
         "constraints", "application_url", "source_url", "contact", "source_title", "source_ref", "origin_key",
         "parent_id", "notes")
CODES = ("level", "recurrence", "status", "origin")
LISTS = ("financers", "instructors", "kinds", "audiences", "themes", "stages", "territories", "deadlines")


def upgrade() -> None:
    op.create_table(
        "scheme",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("workstation_id", sa.String(36), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        *(sa.Column(name, sa.Text(), nullable=False, server_default="") for name in TEXTS),
        *(sa.Column(name, sa.String(32), nullable=False, server_default="") for name in CODES),
        *(sa.Column(name, sa.Text(), nullable=False, server_default="[]") for name in LISTS),
        sa.Column("without_money", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("supports_scaling", sa.Boolean(), nullable=True),
        *(sa.Column(name, sa.Text(), nullable=True) for name in ("amount_min", "amount_max", "rate_min", "rate_max")),
        *(sa.Column(name, sa.Date(), nullable=True) for name in ("opens_on", "predeposit_on", "source_date",
                                                                 "checked_on")),
        sa.Column("shipped", sa.Text(), nullable=True),
    )
    op.create_index("ix_scheme_origin", "scheme", ["origin", "origin_key"])
    op.execute(
        "CREATE VIRTUAL TABLE scheme_search USING fts5("
        "scheme_id UNINDEXED, head, body, eligibility, tokenize = \"unicode61 remove_diacritics 2\", prefix = '2 3')"
    )


def downgrade() -> None:
    op.execute("DROP TABLE scheme_search")
    op.drop_index("ix_scheme_origin", "scheme")
    op.drop_table("scheme")
