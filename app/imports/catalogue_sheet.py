"""Read the catalogue spreadsheet (`app.exports.catalogue_xlsx` writes it) back as schemes.

Only the sheet « Dispositifs » is read, row 1 its headers (the French names of `catalogue_columns.COLUMNS`, in
any order, case and accents aside), one scheme per row below; blank rows are skipped. Every column of the
template must be there (a column missing would empty that field of every scheme on update); « Identifiant »
may be missing, and a column Essaim does not know is ignored (kept in `raw`).

The file is refused (`ImportFileError`) when it is not an .xlsx workbook whatever its name says, larger than
`MAX_IMPORT_BYTES` (packed or unpacked), unreadable, without a visible « Dispositifs » sheet or without its
headers. A hidden « Dispositifs » is refused: someone hid the very data the user would check before importing.
Another hidden sheet is ignored, as every other sheet is (« Mode d'emploi », « Valeurs »…): nothing on it can
reach the catalogue; the file's label names it (« feuille masquée non lue : « Notes » »). Hidden rows and
columns of « Dispositifs » are read like the others (a filter hides rows).

A row is refused (one `FileProblem` per bad cell, « ligne 7, colonne Montant maximum : … ») for a formula (the
value must be typed: a formula's result is not in the file unless a spreadsheet computed it, and it could come
from anywhere), an error value, merged cells, a value of the wrong type (a date that is no date, an amount that
is no number — « 12 000 € » typed as text is read as the editor reads it —, a label that is not in its list, a
rate outside 0–100 %, a territory code of no known form), an empty name, an « Identifiant » (or, without one, a
name) already used by an earlier row, or anything `validate_scheme` refuses.

A kept row becomes an `IncomingScheme`: origin `SchemeOrigin.TABLEUR`, `origin_key` the « Identifiant » cell
as written (see `catalogue_columns.key_target` for the scheme it designates) or, when the cell is empty, the
name folded (« Appel à projets « Innovation » » → « appel a projets innovation »), so that importing the
same row again finds the same scheme; `raw` the row as header → value (dates as ISO text: JSON-ready);
`place` « ligne N ». Numbers come back as the spreadsheet holds them: 30 000,50 is read 30000.5.

openpyxl is imported when a file is read, not when this module is.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from datetime import date, datetime, time
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.domain.catalogue_columns import (
    COLUMNS,
    DATE_FORMAT_HINT,
    SHEET,
    VALUES_SHEET,
    SheetColumn,
    split_items,
)
from app.domain.fiche_search import fold as fold_case
from app.domain.formats import format_count, format_date, format_decimal, parse_date, parse_decimal, shorten
from app.domain.schemes import Deadline, Scheme, SchemeOrigin, validate_scheme
from app.domain.territories import TerritoryCodeError, fold, parse_territory_code
from app.domain.vocabulary import Coded, SchemeStatus
from app.imports import incoming
from app.imports.incoming import CatalogueFile, FileProblem, ImportFileError, IncomingScheme, incoming_id
from app.imports.rules import rule_message
from app.progress import Progress, reported

if TYPE_CHECKING:
    from openpyxl.cell.cell import Cell
    from openpyxl.worksheet.worksheet import Worksheet

ORIGIN = SchemeOrigin.TABLEUR.value
TEMPLATE_HINT = ("Partez du modèle de tableur du catalogue qu'écrit Essaim : sa feuille « Mode d'emploi » décrit "
                 "chaque colonne.")
_DATE_LIKE = re.compile(r"\d{1,2}/\d{1,2}/\d{2,4}|\d{4}-\d{1,2}-\d{1,2}")
_YES = {"oui", "o", "vrai", "x", "yes", "1"}
_NO = {"non", "n", "faux", "no", "0"}


class CellProblem(ValueError):
    """A cell that cannot be read; the message is French."""


def read_catalogue_xlsx(path: Path, progress: Progress | None = None) -> CatalogueFile:
    """The schemes of a catalogue spreadsheet, and the rows refused; `ImportFileError` (French) when the file
    cannot be read at all."""
    _check_file(path)
    workbook = _open(path)
    try:
        sheet = _data_sheet(workbook)
        _refuse_merged_headers(sheet)
        columns = _header(sheet)
        read = _SheetReader(sheet, columns)
        read.rows(progress)
        hidden = [other.title for other in workbook.worksheets if other.sheet_state != "visible"]
    finally:
        workbook.close()
    label = f"Tableur « {path.name} », {format_count(read.count, 'ligne')}"
    if hidden:
        unread = "feuilles masquées non lues" if len(hidden) > 1 else "feuille masquée non lue"
        label += f" ({unread} : {_listing(hidden)})"
    return CatalogueFile(ORIGIN, label, read.schemes, read.problems, complete=False)


def _check_file(path: Path) -> None:
    limit = incoming.MAX_IMPORT_BYTES
    try:
        size = path.stat().st_size
        packed = zipfile.is_zipfile(path)
    except OSError as error:
        raise ImportFileError(f"Le fichier « {path.name} » ne peut pas être lu ({error.strerror or error}).") \
            from None
    if size > limit:
        raise ImportFileError(f"Le fichier « {path.name} » est trop gros ({_megabytes(size)} ; au plus "
                              f"{_megabytes(limit)}) : rien n'a été importé.")
    if not packed:
        raise _not_a_workbook(path)
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            unpacked = sum(entry.file_size for entry in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise _not_a_workbook(path) from None
    if "xl/workbook.xml" not in names:
        raise _not_a_workbook(path)
    if unpacked > limit:
        raise ImportFileError(f"Le classeur « {path.name} » est trop gros une fois décompressé "
                              f"({_megabytes(unpacked)} ; au plus {_megabytes(limit)}) : rien n'a été importé.")


def _megabytes(size: int) -> str:
    return f"{format_decimal(Decimal(size) / 1_000_000, 1)} Mo"


def _not_a_workbook(path: Path) -> ImportFileError:
    return ImportFileError(
        f"« {path.name} » n'est pas un classeur Excel (.xlsx) : enregistrez-le au format « Classeur Excel (.xlsx) » "
        "depuis Excel ou LibreOffice, puis importez-le à nouveau. Rien n'a été importé.")


def _open(path: Path) -> Any:
    from openpyxl import load_workbook

    try:
        with path.open("rb") as stream:
            return load_workbook(stream, data_only=False, keep_links=False)
    except Exception:
        raise ImportFileError(
            f"Le classeur « {path.name} » est endommagé ou d'un format inconnu : ouvrez-le dans Excel ou LibreOffice, "
            "enregistrez-le au format .xlsx, puis importez-le à nouveau. Rien n'a été importé.") from None


def _data_sheet(workbook: Any) -> Worksheet:
    found = [sheet for sheet in workbook.worksheets if fold(sheet.title) == fold(SHEET)]
    if not found:
        raise ImportFileError(f"Le classeur n'a pas de feuille « {SHEET} » : c'est elle qui porte les dispositifs. "
                              f"{TEMPLATE_HINT} Rien n'a été importé.")
    sheet = found[0]
    if sheet.sheet_state != "visible":
        raise ImportFileError(
            f"La feuille « {sheet.title} » est masquée : un classeur qui cache les dispositifs à importer est refusé. "
            "Affichez-la (clic droit sur un onglet, Afficher), vérifiez-la, puis importez à nouveau. Rien n'a été "
            "importé.")
    return sheet


def _refuse_merged_headers(sheet: Worksheet) -> None:
    for merged in sheet.merged_cells.ranges:
        if merged.min_row == 1:
            raise ImportFileError(f"Les en-têtes de la feuille « {SHEET} » contiennent des cellules fusionnées "
                                  f"({merged.coord}) : défusionnez-les. Rien n'a été importé.")


def _header_text(value: object) -> str:
    return fold(str(value)) if value is not None else ""


def _header(sheet: Worksheet) -> dict[int, SheetColumn]:
    """Column number → the template's column it holds."""
    wanted = {_header_text(column.header): column for column in COLUMNS}
    found: dict[int, SheetColumn] = {}
    seen: dict[str, str] = {}
    for cell in next(sheet.iter_rows(min_row=1, max_row=1), ()):
        column = wanted.get(_header_text(cell.value))
        if column is None:
            continue
        if column.header in seen:
            raise ImportFileError(f"La colonne « {column.header} » figure deux fois dans la feuille « {SHEET} » "
                                  f"(colonnes {seen[column.header]} et {cell.column_letter}) : gardez-en une. "
                                  "Rien n'a été importé.")
        seen[column.header] = cell.column_letter
        found[cell.column] = column
    missing = [column.header for column in COLUMNS if column.header not in seen and column.kind != "key"]
    if missing:
        raise ImportFileError(
            f"La ligne 1 de la feuille « {SHEET} » doit porter les en-têtes du modèle ; il y manque "
            f"{_listing(missing)}. {TEMPLATE_HINT} Rien n'a été importé.")
    return found


def _listing(headers: list[str]) -> str:
    quoted = [f"« {header} »" for header in headers]
    return quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} et {quoted[-1]}"


def _place(row: int, column: SheetColumn | None = None) -> str:
    return f"ligne {row}, colonne {column.header}" if column else f"ligne {row}"


class _SheetReader:
    """Reads the data rows of « Dispositifs », gathering the schemes and the problems."""

    def __init__(self, sheet: Worksheet, columns: dict[int, SheetColumn]) -> None:
        self.sheet = sheet
        self.columns = columns
        self.headers = {cell.column: str(cell.value).strip() for cell in next(sheet.iter_rows(max_row=1), ())
                        if cell.value is not None and str(cell.value).strip()}
        """Column number → its header: the template's for its columns, as written for the others."""
        self.headers.update({number: column.header for number, column in columns.items()})
        self.schemes: list[IncomingScheme] = []
        self.problems: list[FileProblem] = []
        self.count = 0
        """Rows that hold something."""
        self.keys: dict[str, int] = {}
        """Key → the row that took it."""

    def rows(self, progress: Progress | None) -> None:
        filled = {cells[0].row: cells for cells in self.sheet.iter_rows(min_row=2) if not _blank(cells)}
        self.count = len(filled)
        merges = self._merges(filled)
        refused = {row for rows in merges.values() for row in rows}
        for row, cells in reported(list(filled.items()), progress):
            self.problems.extend(problem for problem, rows in merges.items() if min(rows) == row)
            if row not in refused:
                self._row(row, cells)

    def _merges(self, filled: dict[int, tuple[Cell, ...]]) -> dict[FileProblem, set[int]]:
        """A problem for every merged range over a read column and rows that hold data → those rows (all
        refused; the problem is told at the first of them)."""
        merges: dict[FileProblem, set[int]] = {}
        for merged in self.sheet.merged_cells.ranges:
            first = next((number for number in range(merged.min_col, merged.max_col + 1) if number in self.columns),
                         None)
            if first is None:
                continue
            rows = set(range(merged.min_row, merged.max_row + 1)) & filled.keys()
            if rows:
                problem = FileProblem(_place(merged.min_row, self.columns[first]),
                                      f"cellules fusionnées ({merged.coord}) : défusionnez-les et saisissez la valeur "
                                      "dans chaque cellule.")
                merges[problem] = rows
        return merges

    def _row(self, row: int, cells: tuple[Cell, ...]) -> None:
        scheme = Scheme(origin=ORIGIN)
        problems: list[FileProblem] = []
        unread: set[str] = set()
        key = ""
        for cell in cells:
            column = self.columns.get(cell.column)
            if column is None:
                continue
            try:
                value = read_cell(cell, column)
            except CellProblem as problem:
                problems.append(FileProblem(_place(row, column), str(problem)))
                unread.add(column.field)
                continue
            if column.kind == "key":
                key = value
            else:
                setattr(scheme, column.field, value)
            if column.field == "name" and not value:
                problems.append(FileProblem(_place(row, column), "le nom du dispositif est obligatoire."))
        if not unread & {"", "name"} and (key or scheme.name):
            problems += self._key_problems(row, scheme, key)
        if not problems:
            problems = _rule_problems(row, scheme)
        if problems:
            self.problems.extend(problems)
            return
        self.schemes.append(IncomingScheme(scheme, raw=self._raw(cells), place=_place(row)))

    def _key_problems(self, row: int, scheme: Scheme, key: str) -> list[FileProblem]:
        """Sets the scheme's key and id; a key an earlier row took is a problem (that row refused or not: a
        key is one scheme's)."""
        scheme.origin_key = key or fold(scheme.name)
        scheme.id = incoming_id(ORIGIN, scheme.origin_key)
        earlier = self.keys.setdefault(scheme.origin_key, row)
        if earlier == row:
            return []
        if key:
            return [FileProblem(_place(row, _column("")), f"la ligne {earlier} porte déjà l'identifiant "
                                                           f"« {shorten(key)} » : une ligne par dispositif.")]
        return [FileProblem(_place(row, _column("name")),
                            f"la ligne {earlier} porte déjà ce nom, sans identifiant : une ligne par dispositif.")]

    def _raw(self, cells: tuple[Cell, ...]) -> dict[str, Any]:
        return {self.headers[cell.column]: _raw_value(cell.value) for cell in cells if cell.column in self.headers}


def _column(field: str) -> SheetColumn:
    return next(column for column in COLUMNS if column.field == field)


def _blank(cells: tuple[Cell, ...]) -> bool:
    return all(cell.value is None or (isinstance(cell.value, str) and not cell.value.strip()) for cell in cells)


def _rule_problems(row: int, scheme: Scheme) -> list[FileProblem]:
    return [FileProblem(_place(row, _column(error.field)), rule_message(error)) for error in validate_scheme(scheme)]


def _raw_value(value: object) -> object:
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def read_cell(cell: Cell, column: SheetColumn) -> Any:
    """The value of `cell` for `column`'s field; `CellProblem` (French) when it cannot be one."""
    if cell.data_type == "f":
        raise CellProblem("une formule n'est pas acceptée, saisissez la valeur.")
    if cell.data_type == "e":
        raise CellProblem(f"la cellule affiche une erreur ({shorten(str(cell.value))}) : saisissez la valeur.")
    return parse_value(cell.value, column, cell.number_format if column.kind == "rate" else "")


def parse_value(value: object, column: SheetColumn, number_format: str = "") -> Any:
    """A cell's value (as openpyxl gives it) read for `column`; `CellProblem` when it does not fit."""
    match column.kind:
        case "key" | "text":
            return _text(value).strip()
        case "long":
            text = _text(value)
            return text if text.strip() else ""
        case "names":
            return _items(value)
        case "code":
            return _code(_text(value).strip(), column) or (SchemeStatus.OUVERT.value if column.field == "status"
                                                           else "")
        case "codes":
            return _codes(_items(value), column)
        case "flag":
            return bool(_yes_no(value))
        case "maybe":
            return _yes_no(value)
        case "territories":
            return _territories(_items(value))
        case "money":
            return _number(value)
        case "rate":
            return _rate(value, number_format)
        case "date":
            return _date(value)
    return _deadlines(value)


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Oui" if value else "Non"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return format_date(value)
    return str(value)


def _items(value: object) -> list[str]:
    if isinstance(value, datetime | date):
        return [format_date(value)]
    return split_items(_text(value))


@cache
def _lookup(vocabulary: type[Coded]) -> dict[str, str]:
    """Folded label or code → code."""
    table = {_key(member.value): member.value for member in vocabulary}
    table.update({_key(member.label): member.value for member in vocabulary})
    return table


def _key(text: str) -> str:
    return " ".join(fold_case(text).replace("’", "'").split())


def _code(text: str, column: SheetColumn) -> str:
    if not text:
        return ""
    return _codes([text], column)[0]


def _codes(items: list[str], column: SheetColumn) -> list[str]:
    assert column.vocabulary is not None
    table = _lookup(column.vocabulary)
    unknown = [shorten(item) for item in items if _key(item) not in table]
    where = f"(voir la feuille « {VALUES_SHEET} », colonne {column.header})"
    if len(unknown) == 1:
        raise CellProblem(f"« {unknown[0]} » n'est pas une valeur de la liste {where}.")
    if unknown:
        raise CellProblem(f"{_listing(unknown)} ne sont pas des valeurs de la liste {where}.")
    return list(dict.fromkeys(table[_key(item)] for item in items))


def _yes_no(value: object) -> bool | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return value
    text = fold_case(_text(value).strip())
    if not text:
        return None
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise CellProblem(f"« {shorten(_text(value))} » : répondez Oui ou Non.")


def _territories(items: list[str]) -> list[str]:
    codes = []
    for item in items:
        try:
            codes.append(parse_territory_code(item))
        except TerritoryCodeError as error:
            raise CellProblem(str(error)) from None
    return list(dict.fromkeys(codes))


def _plain(number: Decimal) -> Decimal:
    """30000.0 → 30000, 12.500 → 12.5: a spreadsheet number as one would type it."""
    return number.quantize(Decimal(1)) if number == number.to_integral_value() else number.normalize()


def _number(value: object) -> Decimal | None:
    if value is None:
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _plain(Decimal(str(value)))
    if isinstance(value, str):
        try:
            return parse_decimal(value)
        except ValueError as error:
            raise CellProblem(str(error)) from None
    raise CellProblem(f"« {shorten(_text(value))} » n'est pas un nombre.")


def _rate(value: object, number_format: str) -> Decimal | None:
    """A percentage as the cell shows it: 0,2 in a cell formatted as a percentage is 20 %, 20 in a plain one too,
    and so is the text « 20 % »."""
    if isinstance(value, str):
        number = _number(value.strip().removesuffix("%"))
    else:
        number = _number(value)
        if number is not None and "%" in number_format:
            number = _plain(number * 100)
    if number is not None and not 0 <= number <= 100:
        raise CellProblem(f"« {format_decimal(number)} % » : un taux va de 0 à 100 %.")
    return number


def _date(value: object) -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return parse_date(value)
        except ValueError as error:
            raise CellProblem(str(error)) from None
    raise CellProblem(f"« {shorten(_text(value))} » n'est pas une date (attendu : {DATE_FORMAT_HINT}).")


def _deadlines(value: object) -> list[Deadline]:
    """« 31/03/2026 1re relève ; 15/12/2026 » → two deadlines; an item that starts with no date is a label."""
    if isinstance(value, datetime | date):
        return [Deadline(_date(value))]
    return list(_deadline_items(_items(value)))


def _deadline_items(items: list[str]) -> Iterator[Deadline]:
    for item in items:
        first, _, rest = item.partition(" ")
        if _DATE_LIKE.fullmatch(first):
            yield Deadline(_date(first), rest.strip())
        else:
            yield Deadline(None, item)
