"""Writing cells safely and in French formats with openpyxl."""

from __future__ import annotations

from decimal import Decimal

from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from app.exports.safe_text import sanitize_text

EURO_FORMAT = '#,##0.00\\ "€"'
NUMBER_FORMAT = "#,##0.##"
INTEGER_FORMAT = "0"
PERCENT_FORMAT = "0.0\\ %"
HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
HEADER_FONT = Font(name="Calibri", size=11, bold=True, color="FFFFFF")


def write_text(cell: Cell, value: object, wrap: bool = True) -> Cell:
    """Text typed by a user: cleaned, and always stored as text, never as a formula."""
    cell.value = sanitize_text(value)
    cell.data_type = "s"
    cell.alignment = Alignment(wrap_text=wrap, vertical="top")
    return cell


def write_number(cell: Cell, value: Decimal | int | float | None, number_format: str = NUMBER_FORMAT) -> Cell:
    cell.value = None if value is None else (float(value) if isinstance(value, Decimal) else value)
    cell.number_format = number_format
    return cell


def write_formula(cell: Cell, formula: str, number_format: str = NUMBER_FORMAT) -> Cell:
    """A formula of ours (never user text)."""
    assert formula.startswith("=")
    cell.value = formula
    cell.number_format = number_format
    return cell


def header_row(sheet: Worksheet, row: int, titles: list[str], widths: list[int] | None = None,
               first_column: int = 1) -> None:
    for column, title in enumerate(titles, start=first_column):
        cell = sheet.cell(row=row, column=column)
        write_text(cell, title)
        cell.fill = HEADER_FILL
        cell.font = HEADER_FONT
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        if widths:
            sheet.column_dimensions[cell.column_letter].width = widths[column - first_column]
    sheet.row_dimensions[row].height = 32


def print_setup(sheet: Worksheet, title_rows: str | None = None, landscape: bool = True) -> None:
    sheet.page_setup.orientation = "landscape" if landscape else "portrait"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    if title_rows:
        sheet.print_title_rows = title_rows
    sheet.oddFooter.center.text = "Page &P / &N"
    sheet.oddHeader.left.text = "Essaim"
