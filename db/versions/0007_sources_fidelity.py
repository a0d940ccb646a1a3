"""Fidelity to the sources: the six scaling models and their variants, the fiche's new fields, the origin of
each grid figure.

The eight scaling-model codes of earlier versions become the six models of the SGMAP–CGET report: the three
`duplication_*` codes are the variants of model 3 (`duplication`), and `fertilisation` (then « fertilisation /
dissémination ») is model 4 with the variant `dissemination`. Nothing is lost: every old code leaves a model
and, where it named one, a variant. The mapping is written out here rather than imported, so that this
revision reads the same whatever the vocabulary becomes.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-26
"""

from __future__ import annotations

from collections import defaultdict

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

FICHE_TEXTS = ("stop_reason", "public_role", "evaluation_duration", "evaluation_committee", "evaluator",
               "evaluation_findings")
LEGACY = {
    "duplication_souple": ("duplication", "duplication_souple"),
    "duplication_franchisee": ("duplication", "duplication_franchisee"),
    "duplication_centralisee": ("duplication", "duplication_centralisee"),
    "fertilisation": ("fertilisation", "dissemination"),
}


def upgrade() -> None:
    with op.batch_alter_table("fiche") as batch:
        batch.add_column(sa.Column("start_precision", sa.String(8), nullable=False, server_default=""))
        for name in FICHE_TEXTS:
            batch.add_column(sa.Column(name, sa.Text(), nullable=False, server_default=""))
    with op.batch_alter_table("grid_line") as batch:
        batch.add_column(sa.Column("uncertain", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch.add_column(sa.Column("origin", sa.String(16), nullable=False, server_default=""))
        batch.add_column(sa.Column("origin_ref", sa.Text(), nullable=False, server_default=""))
    _map_scaling_models()


def _map_scaling_models() -> None:
    """Rewrite the choices of every fiche that holds an old code, keeping each field's order."""
    connection = op.get_bind()
    affected = [row[0] for row in connection.execute(sa.text(
        "SELECT DISTINCT fiche_id FROM fiche_choice WHERE field = 'scaling_models' AND code IN "
        "('duplication_souple', 'duplication_franchisee', 'duplication_centralisee', 'fertilisation')"))]
    for fiche_id in affected:
        rows = connection.execute(sa.text(
            "SELECT field, code FROM fiche_choice WHERE fiche_id = :id ORDER BY position"), {"id": fiche_id})
        fields: dict[str, list[str]] = defaultdict(list)
        for field, code in rows:
            fields[field].append(code)
        models: list[str] = []
        variants = list(fields.pop("scaling_variants", []))
        for code in fields.pop("scaling_models", []):
            model, variant = LEGACY.get(code, (code, ""))
            if model not in models:
                models.append(model)
            if variant and variant not in variants:
                variants.append(variant)
        fields["scaling_models"], fields["scaling_variants"] = models, variants
        connection.execute(sa.text("DELETE FROM fiche_choice WHERE fiche_id = :id"), {"id": fiche_id})
        choices = [(field, code) for field, codes in fields.items() for code in codes]
        if choices:
            connection.execute(
                sa.text("INSERT INTO fiche_choice (fiche_id, position, field, code) VALUES (:id, :n, :field, :code)"),
                [{"id": fiche_id, "n": n, "field": field, "code": code} for n, (field, code) in enumerate(choices)])


def downgrade() -> None:
    connection = op.get_bind()
    connection.execute(sa.text(
        "UPDATE fiche_choice SET field = 'scaling_models' WHERE field = 'scaling_variants' "
        "AND code IN ('duplication_souple', 'duplication_franchisee', 'duplication_centralisee')"))
    connection.execute(sa.text(
        "DELETE FROM fiche_choice WHERE field = 'scaling_variants' OR "
        "(field = 'scaling_models' AND code = 'duplication')"))
    with op.batch_alter_table("grid_line") as batch:
        for name in ("uncertain", "origin", "origin_ref"):
            batch.drop_column(name)
    with op.batch_alter_table("fiche") as batch:
        for name in ("start_precision", *FICHE_TEXTS):
            batch.drop_column(name)
