"""Dossier charts as reportlab drawings: vector graphics in the PDF, a picture in the Word file."""

from __future__ import annotations

from decimal import Decimal

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.graphics.widgets.markers import makeMarker
from reportlab.lib import colors
from reportlab.lib.units import cm

from app.domain.document import BarChart, LineChart
from app.domain.formats import NBSP, format_decimal
from app.exports.pdf_fonts import BOLD, FONT, register_fonts
from app.exports.safe_text import sanitize_text

TEXT_SIZE = 8


def _euros(value: float) -> str:
    return f"{format_decimal(Decimal(str(round(value))))}{NBSP}€"


def _title(drawing: Drawing, text: str, height: float) -> None:
    drawing.add(String(0, height - 12, sanitize_text(text), fontName=BOLD, fontSize=10))


def bar_drawing(chart: BarChart, width: float = 16 * cm) -> Drawing:
    register_fonts()
    row = 0.75 * cm
    height = row * len(chart.bars) + 1.6 * cm
    drawing = Drawing(width, height)
    _title(drawing, chart.title, height)
    label_width = 3.2 * cm
    plot = HorizontalBarChart()
    plot.x, plot.y = label_width, 0.5 * cm
    plot.width, plot.height = width - label_width - 2.6 * cm, row * len(chart.bars)
    plot.data = [[float(value) for _, value in reversed(chart.bars)]]
    plot.categoryAxis.categoryNames = [sanitize_text(label) for label, _ in reversed(chart.bars)]
    plot.categoryAxis.labels.fontName = FONT
    plot.categoryAxis.labels.fontSize = TEXT_SIZE
    plot.categoryAxis.labels.boxAnchor = "e"
    plot.categoryAxis.labels.dx = -4
    plot.valueAxis.valueMin = 0
    plot.valueAxis.visible = False
    plot.valueAxis.labels.fontName = FONT
    plot.valueAxis.visibleGrid = False
    plot.barWidth = row * 0.6
    plot.bars.strokeColor = None
    for n in range(len(chart.bars)):
        plot.bars[(0, n)].fillColor = colors.HexColor(chart.color(len(chart.bars) - 1 - n))
    plot.barLabelFormat = _euros
    plot.barLabels.fontName = FONT
    plot.barLabels.fontSize = TEXT_SIZE
    plot.barLabels.boxAnchor = "w"
    plot.barLabels.dx = 4
    drawing.add(plot)
    return drawing


def line_drawing(chart: LineChart, width: float = 16 * cm) -> Drawing:
    register_fonts()
    height = 7.5 * cm
    drawing = Drawing(width, height)
    _title(drawing, chart.title, height)
    plot = HorizontalLineChart()
    plot.x, plot.y = 2.4 * cm, 1.6 * cm
    plot.width, plot.height = width - 2.8 * cm, height - 2.8 * cm
    plot.data = [[float(value) for value in values] for _, values in chart.series]
    plot.categoryAxis.categoryNames = [sanitize_text(label) for label in chart.x_labels]
    plot.categoryAxis.labels.fontName = FONT
    plot.categoryAxis.labels.fontSize = TEXT_SIZE
    plot.lineLabels.fontName = FONT
    if len(chart.x_labels) > 8:
        plot.categoryAxis.labels.angle = 45
        plot.categoryAxis.labels.boxAnchor = "ne"
    plot.valueAxis.valueMin = 0
    plot.valueAxis.labelTextFormat = _euros
    plot.valueAxis.labels.fontName = FONT
    plot.valueAxis.labels.fontSize = TEXT_SIZE
    plot.valueAxis.visibleGrid = True
    plot.valueAxis.gridStrokeColor = colors.HexColor("#d9d9d9")
    plot.joinedLines = True
    for n in range(len(chart.series)):
        color = colors.HexColor(chart.color(n))
        plot.lines[n].strokeColor = color
        plot.lines[n].strokeWidth = 2
        plot.lines[n].symbol = makeMarker("FilledCircle", size=4, fillColor=color)
    drawing.add(plot)
    legend = Legend()
    legend.x, legend.y = plot.x, 0.45 * cm
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.fontName = FONT
    legend.fontSize = TEXT_SIZE
    legend.deltax = 7 * cm
    legend.colorNamePairs = [(colors.HexColor(chart.color(n)), sanitize_text(name))
                             for n, (name, _) in enumerate(chart.series)]
    drawing.add(legend)
    return drawing


def chart_drawing(chart: BarChart | LineChart, width: float = 16 * cm) -> Drawing:
    return bar_drawing(chart, width) if isinstance(chart, BarChart) else line_drawing(chart, width)


def chart_png(chart: BarChart | LineChart, width: float = 16 * cm, dpi: int = 200) -> bytes:
    """The chart as a PNG picture (for Word, which cannot hold reportlab's vector drawings)."""
    from reportlab.graphics import renderPM

    return renderPM.drawToString(chart_drawing(chart, width), fmt="PNG", dpi=dpi, backend="_renderPM")
