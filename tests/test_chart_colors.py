"""Each chart series has one colour, defined once in the domain: the same in the application and in dossiers."""

from __future__ import annotations

from decimal import Decimal

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.charts.legends import Legend

from app.domain.chart_palette import BLOCK_COLORS, CHART_COLORS, CUMULATED_AVOIDED_COLOR, CUMULATED_COSTS_COLOR
from app.domain.document import BarChart, LineChart
from app.domain.economics import Block, GridLine, Scenario, compute
from app.domain.grid_sections import scenario_section
from app.exports.dossier_charts import bar_drawing, line_drawing


def every_block_scenario() -> Scenario:
    return Scenario(name="Couleurs", horizon_years=3, lines=[
        GridLine(Block.MONTAGE.value, "Chef de projet", days=Decimal(20), daily_cost=Decimal(300)),
        GridLine(Block.FONCTIONNEMENT.value, "Animation", days=Decimal(100), daily_cost=Decimal(200)),
        GridLine(Block.INVESTISSEMENTS.value, "Camion", amount=Decimal(30000), year=1, depreciation_years=3),
        GridLine(Block.AUTRES_DEPENSES.value, "Assurance", amount=Decimal(2000)),
        GridLine(Block.COUTS_EVITES.value, "Nuitées", amount=Decimal(40000))])


def charts(scenario: Scenario) -> tuple[BarChart, LineChart]:
    items = scenario_section(scenario, 1).items
    return (next(i for i in items if isinstance(i, BarChart)), next(i for i in items if isinstance(i, LineChart)))


def export_bar_colours(chart: BarChart) -> list[str]:
    """The fill of each bar, top to bottom, as the dossier draws it."""
    plot = next(shape for shape in bar_drawing(chart).contents if isinstance(shape, HorizontalBarChart))
    return [plot.bars[(0, n)].fillColor.hexval().replace("0x", "#") for n in reversed(range(len(chart.bars)))]


def export_line_colours(chart: LineChart) -> list[str]:
    """The legend colour of each series, as the dossier draws it."""
    legend = next(shape for shape in line_drawing(chart).contents if isinstance(shape, Legend))
    return [colour.hexval().replace("0x", "#") for colour, _ in legend.colorNamePairs]


def palette_pixels(widget, rows: range | None = None) -> dict[str, tuple[int, int]]:  # type: ignore[no-untyped-def]
    """For each palette colour the app painted (in `rows`), the first pixel (y, x) where it appears."""
    image = widget.grab().toImage()
    wanted = {colour.lower() for colour in CHART_COLORS}
    first: dict[str, tuple[int, int]] = {}
    for y in rows or range(image.height()):
        for x in range(image.width()):
            name = image.pixelColor(x, y).name()
            if name in wanted:
                first[name] = min(first.get(name, (y, x)), (y, x))
    return first


def test_the_dossier_draws_blocks_and_cumulated_lines_in_the_domain_colours() -> None:
    scenario = every_block_scenario()
    bar, line = charts(scenario)
    blocks = list(compute(scenario).cost_by_block)
    assert export_bar_colours(bar) == [BLOCK_COLORS[block].lower() for block in blocks]
    assert export_line_colours(line) == [CUMULATED_COSTS_COLOR.lower(), CUMULATED_AVOIDED_COLOR.lower()]


def test_the_app_and_the_dossier_draw_each_series_in_the_same_colour(qtbot) -> None:  # type: ignore[no-untyped-def]
    from app.gui.grid.charts import CostStructureChart, CumulatedChart

    scenario = every_block_scenario()
    result = compute(scenario)
    bar, line = charts(scenario)

    structure = CostStructureChart()
    qtbot.addWidget(structure)
    structure.resize(500, 300)
    structure.set_values(bar.bars)
    top_to_bottom = sorted(palette_pixels(structure).items(), key=lambda item: item[1])
    assert [colour for colour, _ in top_to_bottom] == export_bar_colours(bar)

    cumulated = CumulatedChart()
    qtbot.addWidget(cumulated)
    cumulated.resize(500, 300)
    cumulated.set_values(result.cumulated_costs, result.cumulated_avoided)
    legend_row = range(300 - cumulated.fontMetrics().lineSpacing() - 6, 300)
    left_to_right = sorted(palette_pixels(cumulated, legend_row).items(), key=lambda item: item[1][1])
    assert [colour for colour, _ in left_to_right] == export_line_colours(line)
