"""Labo: lab projects, their checklists' items (both travel), and the checklist templates imported from files.

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def _travelling() -> list[sa.Column[object]]:
    return [
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("workstation_id", sa.String(36), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
    ]


def _text(*names: str) -> list[sa.Column[object]]:
    return [sa.Column(name, sa.Text(), nullable=False, server_default="") for name in names]


def upgrade() -> None:
    op.create_table(
        "lab_project", *_travelling(),
        *_text("name", "structure_name", "template_title", "notes"),
        sa.Column("model", sa.String(32), nullable=False, server_default="lab_integre"),
        sa.Column("path", sa.String(32), nullable=False, server_default="creer"),
        sa.Column("population", sa.Integer(), nullable=True),
        sa.Column("template_id", sa.String(64), nullable=False, server_default=""),
        sa.Column("template_revision", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("started_on", sa.Date(), nullable=True),
        sa.Column("fiche_ids", sa.Text(), nullable=False, server_default="[]"),
    )
    op.create_table(
        "lab_item", *_travelling(),
        sa.Column("lab_id", sa.String(36), sa.ForeignKey("lab_project.id", ondelete="CASCADE"), nullable=False),
        sa.Column("item_id", sa.String(64), nullable=False, server_default=""),
        sa.Column("position", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("phase_id", sa.String(64), nullable=False, server_default=""),
        sa.Column("phase_number", sa.String(20), nullable=False, server_default=""),
        sa.Column("number", sa.String(20), nullable=False, server_default=""),
        sa.Column("parent_item_id", sa.String(64), nullable=False, server_default=""),
        sa.Column("status", sa.String(32), nullable=False, server_default="a_faire"),
        *_text("phase_title", "title", "not_applicable_reason", "owner", "notes"),
        sa.Column("depends_on", sa.Text(), nullable=False, server_default="[]"),
        sa.Column("evidence", sa.Text(), nullable=False, server_default="[]"),
        sa.Column("links", sa.Text(), nullable=False, server_default="[]"),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.Column("removed_from_template", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.create_index("ix_lab_item_lab_id", "lab_item", ["lab_id"])
    op.create_table(
        "lab_template",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("revision", sa.Integer(), nullable=False, server_default="1"),
        *_text("title", "data", "source_name"),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("lab_template")
    op.drop_index("ix_lab_item_lab_id", "lab_item")
    op.drop_table("lab_item")
    op.drop_table("lab_project")
