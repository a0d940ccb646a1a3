"""Column widths and font size of a dossier table, shared by the PDF and Word writers.

A header word is never cut across lines: each column is at least as wide as the longest word of its header
(and of its cells, but for words longer than a third of the page, such as web addresses). When those widths do
not fit, the table gets a smaller font; only a table too wide for its header words even at the smallest size
falls back to sharing the width in proportion.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from reportlab.pdfbase.pdfmetrics import stringWidth

from app.domain.document import Table
from app.exports.pdf_fonts import BOLD, FONT, register_fonts
from app.exports.safe_text import sanitize_text

FONT_SIZES = (8.5, 8.0, 7.5, 7.0, 6.5)
"""Sizes tried in turn, the first that fits wins: Word takes half points."""
PADDING = 14
"""Space around a cell's text, in points: reportlab's 6 + 6 and Word's 5.4 + 5.4, with a margin."""
LONG_WORD_SHARE = 0.35
"""A cell word wider than this share of the table (a web address) may wrap inside; a header word never."""
SAMPLE_ROWS = 200
SMALL_TABLE_ROWS = 12
"""Tables up to this many rows stay whole on one page with their title, in the PDF and in Word."""


@dataclass(frozen=True)
class TableLayout:
    widths: list[float]
    """In points, summing to the table's width."""
    font_size: float

    @property
    def leading(self) -> float:
        return round(self.font_size * 1.3, 1)


def _column_texts(table: Table, column: int) -> list[str]:
    return [sanitize_text(row[column]) if column < len(row) else "" for row in table.rows[:SAMPLE_ROWS]]


BREAKABLE = re.compile(r"[ \t\r\n]+")
"""Where a line may break: not at a no-break space (« 14 000,00 € » is one word)."""


def _longest_word(texts: list[str], font: str, size: float) -> float:
    return max((stringWidth(word, font, size) for text in texts for word in BREAKABLE.split(text[:2000])),
               default=0)


def _floors(table: Table, size: float, width: float, with_cells: bool) -> list[float]:
    """The narrowest each column may be without cutting a header word (nor a cell word, `with_cells`)."""
    floors = []
    for column, header in enumerate(table.headers):
        floor = _longest_word([sanitize_text(header)], BOLD, size)
        if with_cells:
            floor = max(floor, min(_longest_word(_column_texts(table, column), FONT, size), width * LONG_WORD_SHARE))
        floors.append(max(floor, 10) + PADDING)
    return floors


def _wanted(table: Table, size: float, width: float) -> list[float]:
    """Each column's width with no line wrapped (at most the whole table's)."""
    wanted = []
    for column, header in enumerate(table.headers):
        widest = max([stringWidth(sanitize_text(header), BOLD, size)]
                     + [stringWidth(text[:400], FONT, size) for text in _column_texts(table, column)])
        wanted.append(min(widest, width) + PADDING)
    return wanted


def _share(floors: list[float], wanted: list[float], width: float) -> list[float]:
    """`width` shared out: every column gets its floor, the rest goes to the columns that want more."""
    wanted = [max(w, f) for w, f in zip(wanted, floors, strict=True)]
    if sum(wanted) <= width:
        return [w * width / sum(wanted) for w in wanted]
    spare = width - sum(floors)
    extra = [w - f for w, f in zip(wanted, floors, strict=True)]
    return [f + spare * e / (sum(extra) or 1) for f, e in zip(floors, extra, strict=True)]


def table_layout(table: Table, width: float) -> TableLayout:
    """The largest font size at which no word is cut, and the column widths (in points) summing to `width`."""
    register_fonts()
    for with_cells in (True, False):
        for size in FONT_SIZES:
            floors = _floors(table, size, width, with_cells)
            if sum(floors) <= width:
                return TableLayout(_share(floors, _wanted(table, size, width), width), size)
    size = FONT_SIZES[-1]
    floors = _floors(table, size, width, with_cells=False)
    return TableLayout([floor * width / sum(floors) for floor in floors], size)
