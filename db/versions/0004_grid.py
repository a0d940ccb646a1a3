"""The economic-model grid: scenarios of a fiche and their lines in six blocks.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def text(name: str) -> sa.Column:
    return sa.Column(name, sa.Text(), nullable=False, server_default="")


def upgrade() -> None:
    op.create_table(
        "grid_scenario",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("workstation_id", sa.String(36), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.Column("fiche_id", sa.String(36), sa.ForeignKey("fiche.id", ondelete="CASCADE"), nullable=False),
        text("name"),
        sa.Column("horizon_years", sa.Integer(), nullable=False, server_default="3"),
        sa.Column("beneficiaries_per_year", sa.Integer(), nullable=True),
        sa.Column("learning_discount", sa.Text(), nullable=True),
        sa.Column("illustrative", sa.Boolean(), nullable=False, server_default=sa.false()),
        text("notes"),
    )
    op.create_index("ix_grid_scenario_fiche_id", "grid_scenario", ["fiche_id"])
    op.create_table(
        "grid_line",
        sa.Column("scenario_id", sa.String(36), sa.ForeignKey("grid_scenario.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("position", sa.Integer(), primary_key=True),
        sa.Column("block", sa.String(32), nullable=False),
        text("label"),
        sa.Column("scope", sa.String(16), nullable=False, server_default="unique"),
        *(sa.Column(name, sa.Text(), nullable=True) for name in ("days", "daily_cost", "amount")),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("depreciation_years", sa.Integer(), nullable=True),
        text("nature"), text("beneficiary"), text("method"),
        sa.Column("confidence", sa.String(16), nullable=False, server_default=""),
        sa.Column("funding_ref", sa.String(36), nullable=False, server_default=""),
    )


def downgrade() -> None:
    op.drop_table("grid_line")
    op.drop_index("ix_grid_scenario_fiche_id", "grid_scenario")
    op.drop_table("grid_scenario")
