"""The dossier as an Excel workbook: the fiche as a readable sheet, then each scenario's grid with its formulas."""

from __future__ import annotations

import math
import re
from datetime import date, datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from app.domain.document import BarChart, LabelledValue, LineChart, Paragraph, Table, chart_as_table
from app.domain.dossier import Dossier
from app.domain.formats import shorten
from app.exports.grid_workbook import add_grid_sheets
from app.exports.safe_text import sanitize_text
from app.exports.sheet_names import sheet_name
from app.exports.xlsx_cells import header_row, print_setup, write_text
from app.progress import Progress

SHEET = "Fiche"
WIDTHS = [30, 46, 18, 18, 18, 18, 18]
VALUE_CHARS_PER_LINE = 150
LABEL_CHARS_PER_LINE = 28
"""About how many bold characters a line of the label column holds."""
CHUNK = 3000
"""Longest text in one cell: Excel holds 32 767 characters per cell and a row is at most 409 points high."""
SECTION_FILL = PatternFill("solid", fgColor="DDE7F2")


def text_chunks(text: str, size: int = CHUNK) -> list[str]:
    """`text` cut into pieces of at most `size` characters, at line breaks or spaces when possible."""
    chunks: list[str] = []
    rest = text
    while len(rest) > size:
        cut = max(rest.rfind("\n", 0, size), rest.rfind(" ", 0, size))
        cut = cut if cut > size // 2 else size
        chunks.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    return [*chunks, rest]


def line_count(text: str, chars_per_line: int) -> int:
    """About how many lines `text` takes in a wrapped cell `chars_per_line` characters wide."""
    return sum(max(1, math.ceil(len(part) / chars_per_line)) for part in text.split("\n"))


class FicheSheet:
    def __init__(self, sheet: Worksheet) -> None:
        self.sheet = sheet
        self.row = 1
        for n, width in enumerate(WIDTHS):
            sheet.column_dimensions[chr(ord("A") + n)].width = width

    def _height(self, lines: int) -> None:
        if lines > 1:
            self.sheet.row_dimensions[self.row].height = min(15 * lines, 409)

    def title(self, text: str, size: int) -> None:
        cell = write_text(self.sheet.cell(self.row, 1), text, wrap=False)
        cell.font = Font(name="Calibri", size=size, bold=True, color="1F4E79")
        self.sheet.row_dimensions[self.row].height = size * 1.6
        self.row += 1

    def heading(self, text: str, level: int) -> None:
        self.row += 1
        for column in range(1, len(WIDTHS) + 1):
            self.sheet.cell(self.row, column).fill = SECTION_FILL if level == 1 else PatternFill()
        cell = write_text(self.sheet.cell(self.row, 1), text, wrap=False)
        cell.font = Font(name="Calibri", size=13 if level == 1 else 12, bold=True, color="1F4E79")
        self.sheet.row_dimensions[self.row].height = 20
        self.row += 1

    def value(self, label: str, text: str) -> None:
        for n, chunk in enumerate(text_chunks(sanitize_text(text))):
            label_cell = write_text(self.sheet.cell(self.row, 1), label if n == 0 else f"{label} (suite)")
            label_cell.font = Font(name="Calibri", bold=True)
            self._merged_text(chunk, line_count(str(label_cell.value), LABEL_CHARS_PER_LINE))

    def paragraph(self, text: str) -> None:
        for chunk in text_chunks(sanitize_text(text)):
            self._merged_text(chunk)

    def _merged_text(self, text: str, label_lines: int = 1) -> None:
        """`text` across the columns after the label's; the row is as tall as the longer of the two."""
        write_text(self.sheet.cell(self.row, 2), text)
        self.sheet.merge_cells(start_row=self.row, start_column=2, end_row=self.row, end_column=len(WIDTHS))
        self._height(max(line_count(text, VALUE_CHARS_PER_LINE), label_lines))
        self.row += 1

    def table(self, table: Table, section_title: str) -> None:
        if table.title != section_title:
            write_text(self.sheet.cell(self.row, 1), table.title, wrap=False).font = Font(name="Calibri", bold=True)
            self.row += 1
        header_row(self.sheet, self.row, table.headers)
        self.row += 1
        for values in table.rows:
            pieces = [text_chunks(sanitize_text(value)) for value in values]
            for k in range(max((len(chunks) for chunks in pieces), default=1)):
                lines = 1
                for column, chunks in enumerate(pieces, start=1):
                    text = chunks[k] if k < len(chunks) else ""
                    cell = write_text(self.sheet.cell(self.row, column), text)
                    if column - 1 in table.numeric_columns:
                        cell.alignment = Alignment(horizontal="right", vertical="top", wrap_text=True)
                    width = WIDTHS[column - 1] if column <= len(WIDTHS) else WIDTHS[-1]
                    lines = max(lines, line_count(text, int(width * 1.1)))
                self._height(lines)
                self.row += 1
        self.row += 1


def _fiche_sheet(sheet: Worksheet, dossier: Dossier, progress: Progress | None) -> None:
    writer = FicheSheet(sheet)
    writer.title(dossier.cover.title, 16)
    writer.title(dossier.cover.subtitle, 12)
    for fact in dossier.cover.facts:
        writer.value(fact.label, fact.value)
    total = max(len(dossier.sections), 1)
    for done, section in enumerate(dossier.sections, start=1):
        writer.heading(section.title, section.level)
        for item in section.items:
            if isinstance(item, LabelledValue):
                writer.value(item.label, item.value)
            elif isinstance(item, Paragraph):
                writer.paragraph(item.text)
            elif isinstance(item, Table):
                writer.table(item, section.title)
            elif isinstance(item, (BarChart, LineChart)):
                writer.table(chart_as_table(item), section.title)
        if progress:
            progress(done / total * 0.6)
    print_setup(sheet, landscape=False)


CELL_MOST = 32_000
"""Excel holds 32 767 characters per cell: a longer text of a list is cut there, with « … »."""
_DAY = re.compile(r"(0[1-9]|[12]\d|3[01])/(0[1-9]|1[0-2])/\d{4}")
"""A cell of a list that is a date as Essaim writes it (21/11/2026)."""
LIST_WIDTH_MOST = 60
"""The widest a column of a list sheet gets (in characters); longer texts wrap."""


def _day(value: str) -> date | None:
    if not _DAY.fullmatch(value):
        return None
    try:
        return datetime.strptime(value, "%d/%m/%Y").date()
    except ValueError:
        return None


def _list_sheet(sheet: Worksheet, table: Table) -> None:
    """One row per record under a frozen header with a filter on every column, each column as wide as its texts
    (up to `LIST_WIDTH_MOST`)."""
    widths = [min(LIST_WIDTH_MOST, max([len(header) + 2, *(len(row[n]) + 1 for row in table.rows)]))
              for n, header in enumerate(table.headers)]
    header_row(sheet, 1, table.headers, widths)
    for number, values in enumerate(table.rows, start=2):
        lines = 1
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(number, column)
            day = _day(value)
            if day is not None:
                cell.value = day  # a real date sorts as one
                cell.number_format = "DD/MM/YYYY"
                cell.alignment = Alignment(vertical="top")
                continue
            text = shorten(sanitize_text(value), CELL_MOST)
            write_text(cell, text)
            lines = max(lines, line_count(text, widths[column - 1]))
        if lines > 1:
            sheet.row_dimensions[number].height = min(15 * lines, 409)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    print_setup(sheet, "1:1")


def write_xlsx(dossier: Dossier, path: Path, progress: Progress | None = None) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = dossier.sheet_title or SHEET
    _fiche_sheet(sheet, dossier, progress)
    for table in dossier.lists:
        _list_sheet(workbook.create_sheet(sheet_name(table.title, "", workbook.sheetnames)), table)
    for scenario in dossier.scenarios:
        add_grid_sheets(workbook, scenario, dossier.title)
    workbook.properties.title = sanitize_text(dossier.title)
    workbook.properties.subject = dossier.cover.subtitle
    workbook.properties.creator = "Essaim"
    workbook.save(str(path))
    if progress:
        progress(1.0)
