"""What a printed document is made of, independent of any file format.

The fiche's sections, the economic grid and later parts (funding shortlist, lab checklist) are all
written with these few pieces; each dossier writer knows how to draw every one of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

# CHART_COLORS stays importable from here, where the application's charts read it
from app.domain.chart_palette import CHART_COLORS as CHART_COLORS
from app.domain.chart_palette import palette_color
from app.domain.formats import format_money


@dataclass
class LabelledValue:
    label: str
    value: str


@dataclass
class Paragraph:
    text: str


@dataclass
class Table:
    title: str
    headers: list[str]
    rows: list[list[str]]
    numeric_columns: tuple[int, ...] = ()
    """Columns whose cells are numbers, aligned to the right."""


@dataclass
class Chart:
    title: str
    colors: list[str] = field(default_factory=list, kw_only=True)
    """The colour of each bar or series, from `app.domain.chart_palette`; the palette's order when missing."""

    def color(self, index: int) -> str:
        return self.colors[index] if index < len(self.colors) else palette_color(index)


@dataclass
class BarChart(Chart):
    """Horizontal bars, one per label."""

    bars: list[tuple[str, Decimal]]


@dataclass
class LineChart(Chart):
    """Lines over the same x labels (years)."""

    x_labels: list[str]
    series: list[tuple[str, list[Decimal]]]


Item = LabelledValue | Paragraph | Table | BarChart | LineChart


@dataclass
class Section:
    key: str
    title: str
    items: list[Item] = field(default_factory=list)
    level: int = 1
    """1 for a part of the dossier, 2 for a part inside the previous level-1 section."""

    def value(self, label: str, text: str | None) -> None:
        """Add a labelled value, unless it is empty."""
        if text:
            self.items.append(LabelledValue(label, text))

    def table(self, title: str, headers: list[str], rows: list[list[str]],
              numeric_columns: tuple[int, ...] = ()) -> None:
        """Add a table, unless it has no rows."""
        if rows:
            self.items.append(Table(title, headers, rows, numeric_columns))


def chart_as_table(chart: BarChart | LineChart) -> Table:
    """The figures of a chart (amounts in euros), for formats that show tables rather than drawings."""
    if isinstance(chart, BarChart):
        return Table(chart.title, ["", "Montant"], [[label, format_money(value)] for label, value in chart.bars], (1,))
    headers = ["Année"] + [name for name, _ in chart.series]
    rows = [[x] + [format_money(values[n]) for _, values in chart.series] for n, x in enumerate(chart.x_labels)]
    return Table(chart.title, headers, rows, tuple(range(1, len(headers))))

