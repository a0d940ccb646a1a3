"""The funding catalogue as a spreadsheet to fill in and import back (`app.imports.catalogue_sheet`).

Three sheets: « Dispositifs » (one row per scheme, the columns of `app.domain.catalogue_columns`), « Mode
d'emploi » (what each column holds, its allowed values, the separator, whether it is required) and « Valeurs »
(every label a coded column accepts, which the drop-down lists of « Dispositifs » point to).

Coded columns hold French labels. A drop-down list offers them; on a column that takes several values (nature,
bénéficiaires, thématiques, stades) the list can only offer one value at a time, so it warns without refusing
what it does not hold, and several values are typed separated by « ; ». Dates are real dates shown JJ/MM/AAAA,
amounts numbers in euros, rates percentages (0,2 shown 20 %). Text is cleaned of characters XML forbids and
always stored as text, never as a formula.

openpyxl is imported when a workbook is written, not when this module is.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.domain.catalogue_columns import (
    COLUMNS,
    DATE_FORMAT_HINT,
    ESCAPED_SEPARATOR,
    GUIDE_SHEET,
    LIST_SEPARATOR,
    NO,
    SHEET,
    VALUES_SHEET,
    YES,
    SheetColumn,
    allowed_values,
    join_items,
    sheet_key,
)
from app.domain.formats import format_date, format_decimal, shorten
from app.domain.schemes import Deadline, Scheme
from app.errors import UserError
from app.exports.safe_text import typeset

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

DATE_CELL_FORMAT = "DD/MM/YYYY"
TEXT_CELL_FORMAT = "@"
EXCEL_CELL_LIMIT = 32_767
"""Excel holds at most this many characters in a cell."""
LAST_ROW = 1_048_576
PRINTED_WIDTH = 3
"""The data sheet prints three pages wide, its first column (the name) repeated on each."""
SHOWN_LINES = 3
"""A row shows at most this many lines of its longest text; the rest is in the cell."""
WIDTHS = {"key": 24, "text": 30, "long": 50, "names": 30, "code": 20, "codes": 32, "flag": 12, "maybe": 12,
          "territories": 22, "money": 16, "rate": 12, "date": 13, "deadlines": 32}
WIDE_TEXT = {"name": 44}
KEY_COLOUR = "7F7F7F"
"""The key column in grey: it is there for the import, not to be edited."""


class CatalogueSheetError(UserError):
    """The catalogue cannot be written as a spreadsheet (a text too long for a cell); nothing was written."""


def _deadline_text(deadline: Deadline) -> str:
    return f"{format_date(deadline.on)} {deadline.label}".strip()


def cell_value(scheme: Scheme, column: SheetColumn) -> object:
    """What `column` shows for `scheme`: text, a number, a date or None (empty)."""
    if column.kind == "key":
        return sheet_key(scheme)
    value = getattr(scheme, column.field)
    match column.kind:
        case "names" | "territories":
            return join_items(value)
        case "code":
            return column.vocabulary.label_of(value) if column.vocabulary else value
        case "codes":
            return join_items(column.vocabulary.label_of(code) if column.vocabulary else code for code in value)
        case "flag" | "maybe":
            return None if value is None else YES if value else NO
        case "rate":
            return None if value is None else value / 100
        case "deadlines":
            return join_items(_deadline_text(deadline) for deadline in value)
    return value


def _check_lengths(schemes: list[Scheme]) -> None:
    for scheme in schemes:
        for column in COLUMNS:
            value = cell_value(scheme, column)
            if isinstance(value, str) and len(value) > EXCEL_CELL_LIMIT:
                raise CatalogueSheetError(
                    f"Le dispositif « {shorten(scheme.name)} » a un texte de {format_decimal(len(value))} caractères "
                    f"dans la colonne {column.header} : une cellule d'Excel en tient "
                    f"{format_decimal(EXCEL_CELL_LIMIT)} au plus. Raccourcissez-le, puis exportez à nouveau. "
                    "Aucun fichier n'a été écrit.")


def _number_format(column: SheetColumn) -> str:
    from app.exports.xlsx_cells import EURO_FORMAT, PERCENT_FORMAT

    return {"money": EURO_FORMAT, "rate": PERCENT_FORMAT, "date": DATE_CELL_FORMAT}.get(column.kind,
                                                                                      TEXT_CELL_FORMAT)


def _write_cell(cell: Any, value: object, column: SheetColumn) -> None:
    from openpyxl.styles import Font

    from app.exports.xlsx_cells import write_number, write_text

    if column.kind in ("money", "rate"):
        assert value is None or isinstance(value, Decimal)
        write_number(cell, value, _number_format(column))
    elif column.kind == "date":
        cell.value = value
        cell.number_format = DATE_CELL_FORMAT
    elif value not in (None, ""):
        write_text(cell, value)
        cell.number_format = TEXT_CELL_FORMAT
    if column.kind == "key":
        cell.font = Font(name="Calibri", color=KEY_COLOUR)


def _data_sheet(sheet: Worksheet, schemes: list[Scheme]) -> None:
    from openpyxl.styles import Alignment
    from openpyxl.utils import get_column_letter

    from app.exports.dossier_xlsx import line_count
    from app.exports.xlsx_cells import header_row, print_setup

    widths = [WIDE_TEXT.get(column.field, WIDTHS[column.kind]) for column in COLUMNS]
    header_row(sheet, 1, [column.header for column in COLUMNS], widths)
    for number, column in enumerate(COLUMNS, start=1):
        dimension = sheet.column_dimensions[get_column_letter(number)]
        dimension.number_format = _number_format(column)
        dimension.alignment = Alignment(wrap_text=True, vertical="top")
    for row, scheme in enumerate(schemes, start=2):
        lines = 1
        for number, column in enumerate(COLUMNS, start=1):
            value = cell_value(scheme, column)
            _write_cell(sheet.cell(row, number), value, column)
            if isinstance(value, str):
                lines = max(lines, line_count(value, widths[number - 1]))
        sheet.row_dimensions[row].height = 15 * min(lines, SHOWN_LINES)
    last = get_column_letter(len(COLUMNS))
    sheet.freeze_panes = "B2"
    sheet.auto_filter.ref = f"A1:{last}{max(len(schemes) + 1, 2)}"
    print_setup(sheet, title_rows="1:1")
    sheet.page_setup.fitToWidth = PRINTED_WIDTH
    sheet.print_title_cols = "A:A"


def _values_sheet(sheet: Worksheet) -> dict[str, str]:
    """One column per coded or yes/no column, its labels below; returns header → the range of its labels. The
    sheet is protected (without a password) so that the lists are not changed by mistake: the import reads the
    labels Essaim knows, not these cells."""
    from openpyxl.utils import get_column_letter

    from app.exports.xlsx_cells import header_row, print_setup, write_text

    listed = [column for column in COLUMNS if allowed_values(column)]
    header_row(sheet, 1, [column.header for column in listed])
    ranges: dict[str, str] = {}
    for number, column in enumerate(listed, start=1):
        values = allowed_values(column)
        for row, label in enumerate(values, start=2):
            write_text(sheet.cell(row, number), label, wrap=False)
        letter = get_column_letter(number)
        ranges[column.header] = f"'{VALUES_SHEET}'!${letter}$2:${letter}${len(values) + 1}"
    for number, column in enumerate(listed, start=1):
        longest = max(len(label) for label in allowed_values(column))
        sheet.column_dimensions[get_column_letter(number)].width = min(max(longest + 2, len(column.header) + 4), 60)
    sheet.freeze_panes = "A2"
    sheet.protection.sheet = True
    print_setup(sheet, title_rows="1:1")
    return ranges


def _validations(sheet: Worksheet, ranges: dict[str, str]) -> None:
    """A drop-down list on every coded or yes/no column. A single-valued column refuses what is not in its list;
    a multi-valued one only warns, since « A ; B » is in no list."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    for number, column in enumerate(COLUMNS, start=1):
        if column.header not in ranges:
            continue
        if column.multiple:
            validation = DataValidation(
                type="list", formula1=ranges[column.header], allow_blank=True, showErrorMessage=True,
                errorStyle="information", errorTitle=column.header[:32],
                error=f"Valeur hors de la liste. Plusieurs valeurs se séparent par « {LIST_SEPARATOR} » ; "
                      f"les valeurs admises sont sur la feuille « {VALUES_SHEET} ».",
                showInputMessage=True, promptTitle=column.header[:32],
                prompt=f"Choisissez une valeur, ou tapez-en plusieurs séparées par « {LIST_SEPARATOR} ».")
        else:
            validation = DataValidation(
                type="list", formula1=ranges[column.header], allow_blank=True, showErrorMessage=True,
                errorStyle="stop", errorTitle=column.header[:32],
                error=f"Choisissez une valeur de la liste (feuille « {VALUES_SHEET} »).")
        letter = get_column_letter(number)
        validation.add(f"{letter}2:{letter}{LAST_ROW}")
        sheet.add_data_validation(validation)


GUIDE_INTRO = (
    ("La feuille « Dispositifs » contient un dispositif par ligne. Complétez-la ou modifiez-la dans Excel ou "
     "LibreOffice, puis importez le classeur dans Essaim : chaque ligne crée ou met à jour un dispositif."),
    ("Gardez le nom de la feuille « Dispositifs » et ses en-têtes tels quels, ne masquez pas la feuille, ne "
     "fusionnez pas de cellules et saisissez des valeurs, pas des formules : l'import refuse sinon le classeur ou "
     "la ligne."),
    (f"Plusieurs valeurs dans une cellule se séparent par « {LIST_SEPARATOR} » (point-virgule). La liste "
     "déroulante d'une colonne à plusieurs valeurs n'en propose qu'une à la fois : pour en mettre plusieurs, "
     f"tapez-les séparées par « {LIST_SEPARATOR} ». Un point-virgule qui fait partie d'une valeur s'écrit doublé : "
     f"« {ESCAPED_SEPARATOR} »."),
    (f"Les dates s'écrivent {DATE_FORMAT_HINT}, les montants en euros, les taux en pourcentage. Les valeurs "
     f"admises des colonnes à liste sont sur la feuille « {VALUES_SHEET} »."),
    ("Les lignes vides sont ignorées. Une ligne qui contient une erreur est signalée par son numéro et sa colonne, "
     "et n'est pas importée tant qu'elle n'est pas corrigée. Vos notes sur un dispositif restent dans Essaim : "
     "elles ne figurent pas dans ce classeur."),
)
GUIDE_HEADERS = ["Colonne", "Contenu", "Valeurs admises", "Obligatoire"]
GUIDE_WIDTHS = [26, 60, 60, 14]


def allowed_text(column: SheetColumn) -> str:
    """The « Valeurs admises » cell of the guide for `column`."""
    several = f", séparées par « {LIST_SEPARATOR} »"
    match column.kind:
        case "key":
            return "Texte ; vide pour un nouveau dispositif."
        case "code":
            empty = " Vide : Ouvert." if column.field == "status" else ""
            return f"Une valeur de la liste (feuille « {VALUES_SHEET} », colonne {column.header}).{empty}"
        case "codes":
            return (f"Une ou plusieurs valeurs de la liste (feuille « {VALUES_SHEET} », colonne {column.header})"
                    f"{several}.")
        case "names":
            return f"Un ou plusieurs noms{several}."
        case "flag":
            return f"{YES} ou {NO} ; vide : {NO}."
        case "maybe":
            return f"{YES}, {NO}, ou vide quand la source ne le dit pas."
        case "territories":
            return ("Un ou plusieurs codes séparés par « ; » : FR (la France entière), R84 (une région, R et son "
                    "code), D38 (un département), E200040715 (un EPCI, E et son SIREN), C38185 (une commune, C et "
                    "son code INSEE). Vide quand on ne sait pas.")
        case "money":
            return "Un nombre, en euros : 12000 ou 12 000 €."
        case "rate":
            return "Un pourcentage, de 0 à 100 % : 20 % (une cellule sans format de pourcentage : 20)."
        case "date":
            return f"Une date, {DATE_FORMAT_HINT}."
        case "deadlines":
            return (f"Une ou plusieurs dates {DATE_FORMAT_HINT}, chacune suivie de son libellé s'il y en a un, "
                    f"séparées par « {LIST_SEPARATOR} » : 31/03/2026 1re relève ; 15/12/2026 2e relève.")
        case "long":
            return "Texte ; des retours à la ligne sont possibles."
    return "Texte (300 caractères au plus)."


def _guide_sheet(sheet: Worksheet) -> None:
    from openpyxl.styles import Font

    from app.exports.dossier_xlsx import line_count
    from app.exports.xlsx_cells import header_row, print_setup, write_text

    for number, width in enumerate(GUIDE_WIDTHS, start=1):
        sheet.column_dimensions[chr(ord("A") + number - 1)].width = width
    title = write_text(sheet["A1"], "Catalogue des dispositifs — mode d'emploi", wrap=False)
    title.font = Font(name="Calibri", size=14, bold=True, color="1F4E79")
    sheet.row_dimensions[1].height = 24
    row = 3
    for paragraph in GUIDE_INTRO:
        write_text(sheet.cell(row, 1), typeset(paragraph))
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=len(GUIDE_WIDTHS))
        sheet.row_dimensions[row].height = 15 * line_count(paragraph, sum(GUIDE_WIDTHS)) + 6
        row += 1
    row += 1
    header_row(sheet, row, GUIDE_HEADERS)
    for column in COLUMNS:
        row += 1
        texts = [column.header, column.content, allowed_text(column), "Oui" if column.required else "Non"]
        for number, text in enumerate(texts, start=1):
            write_text(sheet.cell(row, number), typeset(text))
        sheet.cell(row, 1).font = Font(name="Calibri", bold=True)
        lines = max(line_count(text, int(width * 1.05)) for text, width in zip(texts, GUIDE_WIDTHS, strict=True))
        sheet.row_dimensions[row].height = 15 * lines + 3
    print_setup(sheet, landscape=False)


def build_catalogue_workbook(schemes: list[Scheme]) -> Workbook:
    from openpyxl import Workbook

    _check_lengths(schemes)
    workbook = Workbook()
    data = workbook.active
    data.title = SHEET
    _data_sheet(data, schemes)
    _guide_sheet(workbook.create_sheet(GUIDE_SHEET))
    _validations(data, _values_sheet(workbook.create_sheet(VALUES_SHEET)))
    workbook.active = 0
    workbook.properties.title = "Catalogue des dispositifs"
    workbook.properties.creator = "Essaim"
    return workbook


def write_catalogue_xlsx(schemes: list[Scheme], path: Path) -> Path:
    """Write the catalogue spreadsheet atomically (a half-written file never replaces a good one).

    Raises `CatalogueSheetError` (French) when a text is longer than an Excel cell holds."""
    partial = path.with_name(path.name + ".partiel")
    build_catalogue_workbook(schemes).save(partial)
    partial.replace(path)
    return path


__all__ = ["CatalogueSheetError", "build_catalogue_workbook", "cell_value", "write_catalogue_xlsx"]

