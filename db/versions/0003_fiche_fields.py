"""Every field of the fiche: porteur, need, dispositif, characterisation, results, key factors,
scaling, attachments, sources; the search index.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-21
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

TEXT_COLUMNS = (
    "structure_name", "commune", "departement", "region", "need", "target_public", "objectives", "impacts",
    "lessons", "difficulties", "levers_helped", "levers_for_others", "core_concept", "room_to_adapt",
    "readiness_notes",
)
CODE_COLUMNS = ("structure_type", "territory_kind", "stage", "intensity", "evaluation_method", "evidence_level")


def child_table(name: str, *columns: sa.Column) -> None:
    op.create_table(
        name,
        sa.Column("fiche_id", sa.String(36), sa.ForeignKey("fiche.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("position", sa.Integer(), primary_key=True),
        *columns,
    )


def text(name: str) -> sa.Column:
    return sa.Column(name, sa.Text(), nullable=False, server_default="")


# Decimal values are stored as text (exact), see app.storage.models.DecimalText.


def upgrade() -> None:
    with op.batch_alter_table("fiche") as batch:
        for name in TEXT_COLUMNS:
            batch.add_column(text(name))
        for name in CODE_COLUMNS:
            batch.add_column(sa.Column(name, sa.String(32), nullable=False, server_default=""))
        batch.add_column(sa.Column("insee_code", sa.String(5), nullable=False, server_default=""))
        batch.add_column(sa.Column("beneficiaries_per_year", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("start_date", sa.Date(), nullable=True))
        for name in ("initiator_willing", "initiator_available", "materials_ready"):
            batch.add_column(sa.Column(name, sa.Boolean(), nullable=True))
        batch.add_column(sa.Column("is_example", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch.add_column(sa.Column("trashed_at", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("title_key", sa.Text(), nullable=False, server_default=""))
        batch.add_column(sa.Column("structure_key", sa.Text(), nullable=False, server_default=""))

    child_table("fiche_contact", text("name"), text("role"), text("email"), text("phone"))
    child_table("fiche_choice", sa.Column("field", sa.String(32), nullable=False),
                sa.Column("code", sa.String(64), nullable=False))
    child_table("fiche_step", text("text"))
    child_table("fiche_human_mean", text("role"), sa.Column("fte", sa.Text(), nullable=True))
    child_table("fiche_site", text("name"), text("commune"), sa.Column("since_year", sa.Integer(), nullable=True),
                sa.Column("taken_up", sa.Boolean(), nullable=False, server_default=sa.false()))
    child_table("fiche_partner", text("name"),
                sa.Column("structure_type", sa.String(32), nullable=False, server_default=""),
                sa.Column("role", sa.String(32), nullable=False, server_default=""), text("contribution"),
                sa.Column("phase", sa.String(32), nullable=False, server_default=""))
    child_table("fiche_indicator", text("name"), text("unit"),
                *(sa.Column(name, sa.Text(), nullable=True) for name in ("baseline", "target", "measured")),
                sa.Column("measured_on", sa.Date(), nullable=True))
    child_table("fiche_factor", sa.Column("factor", sa.String(32), nullable=False),
                sa.Column("rating", sa.Integer(), nullable=True), text("comment"))
    op.create_table(
        "blob",
        sa.Column("sha256", sa.String(64), primary_key=True),
        sa.Column("size", sa.Integer(), nullable=False),
    )
    child_table("fiche_attachment", sa.Column("sha256", sa.String(64), sa.ForeignKey("blob.sha256"), nullable=False),
                sa.Column("file_name", sa.Text(), nullable=False), sa.Column("size", sa.Integer(), nullable=False),
                text("label"))
    child_table("fiche_source", text("title"), text("url"), text("note"))
    op.create_index("ix_fiche_choice_code", "fiche_choice", ["field", "code"])
    op.create_index("ix_fiche_attachment_sha256", "fiche_attachment", ["sha256"])
    op.create_index("ix_fiche_live", "fiche", ["deleted_at", "trashed_at"])
    op.create_index("ix_fiche_title_key", "fiche", ["title_key"])
    op.execute(
        "CREATE VIRTUAL TABLE fiche_search USING fts5("
        "fiche_id UNINDEXED, body, tokenize = \"unicode61 remove_diacritics 2\", prefix = '2 3')"
    )


def downgrade() -> None:
    op.execute("DROP TABLE fiche_search")
    for name in ("fiche_source", "fiche_attachment", "blob", "fiche_factor", "fiche_indicator", "fiche_partner",
                 "fiche_site", "fiche_human_mean", "fiche_step", "fiche_choice", "fiche_contact"):
        op.drop_table(name)
    op.drop_index("ix_fiche_title_key", "fiche")
    op.drop_index("ix_fiche_live", "fiche")
    with op.batch_alter_table("fiche") as batch:
        for name in (*TEXT_COLUMNS, *CODE_COLUMNS, "insee_code", "beneficiaries_per_year", "start_date",
                     "initiator_willing", "initiator_available", "materials_ready", "is_example", "trashed_at",
                     "title_key", "structure_key"):
            batch.drop_column(name)
