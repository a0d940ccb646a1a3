"""The colours of chart series, defined once for the application's charts and the dossiers' (hex, no Qt, no
reportlab): a block or a cumulated line has the same colour wherever it is drawn."""

from __future__ import annotations

from app.domain.economics import Block

CHART_COLORS = ["#1f4e79", "#f5b800", "#5b9bd5", "#70ad47", "#c55a11"]
"""The palette, in the order series take it when they have no colour of their own."""
BLOCK_COLORS: dict[str, str] = {
    Block.MONTAGE.value: CHART_COLORS[0],
    Block.FONCTIONNEMENT.value: CHART_COLORS[1],
    Block.INVESTISSEMENTS.value: CHART_COLORS[2],
    Block.AUTRES_DEPENSES.value: CHART_COLORS[3],
    Block.FINANCEMENTS.value: CHART_COLORS[4],
    Block.COUTS_EVITES.value: CHART_COLORS[3],
}
"""The bar of each block in « Structure des coûts »."""
CUMULATED_COSTS_COLOR = CHART_COLORS[0]
CUMULATED_AVOIDED_COLOR = CHART_COLORS[3]


def palette_color(index: int) -> str:
    """The palette's colour for the series at `index`, round again after the last."""
    return CHART_COLORS[index % len(CHART_COLORS)]
