"""An editable table of small rows (partners, indicators, contacts…) with add, remove and reorder."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QEvent, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.formats import format_date, format_decimal, parse_date, parse_decimal, parse_int
from app.domain.vocabulary import Coded
from app.gui.i18n import translate_label
from app.gui.metrics import chars_wide, lines_high

CODE_ROLE = Qt.ItemDataRole.UserRole
MIN_CHARS = {"text": 12, "choice": 13, "decimal": 7, "int": 6, "date": 10, "bool": 4}
"""The narrowest a column of each kind gets (in average characters) before the table scrolls sideways."""
MAX_CHARS = 36
"""The widest a column gets for its content alone: longer texts wrap."""
Index = QModelIndex | QPersistentModelIndex
PARSERS: dict[str, Callable[[str], Any]] = {"decimal": parse_decimal, "date": parse_date, "int": parse_int}


@dataclass(frozen=True)
class Column:
    attr: str
    header: str
    kind: str = "text"
    """text, decimal, int, date, bool or choice."""
    vocabulary: type[Coded] | None = None
    stretch: bool = False


class Cell(QTableWidgetItem):
    """A cell whose tooltip is its whole text, for when the column is too narrow to show it."""

    def data(self, role: int) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole:
            return super().data(Qt.ItemDataRole.DisplayRole) or None
        return super().data(role)

    def clone(self) -> QTableWidgetItem:
        return Cell()


class ChoiceDelegate(QStyledItemDelegate):
    """A combo box of vocabulary labels; the cell keeps the code."""

    def __init__(self, vocabulary: type[Coded], parent: QWidget) -> None:
        super().__init__(parent)
        self.vocabulary = vocabulary

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        combo = QComboBox(parent)
        combo.addItem("", "")
        for code, label in self.vocabulary.choices():
            combo.addItem(translate_label(label), code)
        return combo

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        editor.setCurrentIndex(max(0, editor.findData(index.data(CODE_ROLE) or "")))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), CODE_ROLE)
        model.setData(index, editor.currentText(), Qt.ItemDataRole.DisplayRole)


class RowTable(QWidget):
    """Edits a list of dataclass rows, as a `FormField`: `changed` fires after every edit; `value()` reads them back."""

    changed = Signal()

    def __init__(self, row_type: type, columns: list[Column], parent: QWidget | None = None,
                 make_row: Callable[..., Any] | None = None) -> None:
        super().__init__(parent)
        self.row_type = row_type
        self.make_row = make_row or row_type
        """Builds a row from the columns' values (e.g. with a fixed block for grid lines)."""
        self.columns = columns
        self.parse_errors: list[str] = []
        self._defaults = {f.name: f.default for f in dataclasses.fields(row_type)}
        self.table = QTableWidget(0, len(columns))
        self.table.setHorizontalHeaderLabels([c.header for c in columns])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setMinimumHeight(lines_high(self, 6))
        self.table.setItemPrototype(Cell())
        self.table.setWordWrap(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(False)
        self.table.viewport().installEventFilter(self)
        for n, column in enumerate(columns):
            if column.kind == "choice" and column.vocabulary is not None:
                self.table.setItemDelegateForColumn(n, ChoiceDelegate(column.vocabulary, self.table))
        self.table.itemChanged.connect(self._cell_changed)
        buttons = QHBoxLayout()
        self.add_button = QPushButton(self.tr("Ajouter une ligne"))
        self.remove_button = QPushButton(self.tr("Supprimer"))
        self.up_button = QPushButton(self.tr("Monter"))
        self.down_button = QPushButton(self.tr("Descendre"))
        for button, slot in ((self.add_button, self.add_row), (self.remove_button, self.remove_row),
                             (self.up_button, lambda: self.move_row(-1)), (self.down_button, lambda: self.move_row(1))):
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addLayout(buttons)

    # -- reading and writing -------------------------------------------------------------------
    def _item_for(self, column: Column, value: Any) -> QTableWidgetItem:
        item = Cell()
        if column.kind == "bool":
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if value else Qt.CheckState.Unchecked)
        elif column.kind == "choice":
            item.setData(CODE_ROLE, value or "")
            item.setText(translate_label(column.vocabulary.label_of(value)) if column.vocabulary else "")
        elif column.kind == "decimal":
            item.setText(format_decimal(value))
        elif column.kind == "date":
            item.setText(format_date(value))
        else:
            item.setText("" if value is None else str(value))
        return item

    def set_value(self, rows: list[Any]) -> None:
        self.parse_errors = []
        self.table.blockSignals(True)
        self.table.setRowCount(0)
        for row in rows:
            self._append(row)
        self.table.blockSignals(False)
        self.fit_columns()

    def _append(self, row: Any) -> None:
        n = self.table.rowCount()
        self.table.insertRow(n)
        for c, column in enumerate(self.columns):
            self.table.setItem(n, c, self._item_for(column, getattr(row, column.attr)))

    def value(self) -> list[Any]:
        """The rows as dataclasses; unreadable cells become empty and are listed in `parse_errors`
        (which hold until the next `value()` or `set_value()`)."""
        self.parse_errors = []
        result = []
        for r in range(self.table.rowCount()):
            values = {}
            for c, column in enumerate(self.columns):
                values[column.attr] = self._read(self.table.item(r, c), column, r)
            result.append(self.make_row(**values))
        return result

    def _read(self, item: QTableWidgetItem | None, column: Column, row: int) -> Any:
        if item is None:
            return self._defaults[column.attr]
        if column.kind == "bool":
            return item.checkState() == Qt.CheckState.Checked
        if column.kind == "choice":
            return item.data(CODE_ROLE) or ""
        text = item.text()
        if column.kind in PARSERS:
            try:
                return PARSERS[column.kind](text)
            except ValueError as error:
                self.parse_errors.append(self.tr("Ligne {0}, {1} : {2}").format(row + 1, column.header, str(error)))
                return None
        return text

    def input_errors(self) -> list[str]:
        return list(self.parse_errors)

    # -- sizes ---------------------------------------------------------------------------------
    def fit_columns(self) -> None:
        """Columns as wide as their content (within `MIN_CHARS` and `MAX_CHARS`, never narrower than their header),
        the room left going to the `stretch` columns; when the table is too narrow, the other columns shrink towards
        their minimum first, then the `stretch` ones, and their texts wrap. Rows are as high as their wrapped texts."""
        header = self.table.horizontalHeader()
        room = self.table.viewport().width()
        least, wanted = [], []
        for n, column in enumerate(self.columns):
            title = header.fontMetrics().horizontalAdvance(column.header) + chars_wide(self, 3)
            low = max(chars_wide(self, MIN_CHARS.get(column.kind, 12)), title)
            least.append(low)
            wanted.append(max(low, min(self.table.sizeHintForColumn(n), chars_wide(self, MAX_CHARS))))
        spare = room - sum(wanted)
        stretched = [n for n, column in enumerate(self.columns) if column.stretch] or [len(self.columns) - 1]
        for n in stretched:
            wanted[n] += max(0, spare) // len(stretched)
        excess = max(0, -spare)
        for group in ([n for n in range(len(wanted)) if n not in stretched], stretched):  # the main columns last
            give = sum(wanted[n] - least[n] for n in group)
            share = min(1.0, excess / give) if excess > 0 and give > 0 else 0.0
            for n in group:
                cut = min(excess, math.ceil((wanted[n] - least[n]) * share))
                wanted[n] -= cut
                excess -= cut
        for n, width in enumerate(wanted):
            header.resizeSection(n, width)
        self.table.resizeRowsToContents()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.table.viewport() and event.type() == QEvent.Type.Resize:
            self.fit_columns()
        return super().eventFilter(watched, event)

    def _cell_changed(self, item: QTableWidgetItem) -> None:
        self.table.resizeRowToContents(item.row())
        self.changed.emit()

    # -- editing -------------------------------------------------------------------------------
    def add_row(self) -> None:
        self.table.blockSignals(True)
        self._append(self.make_row())
        self.table.blockSignals(False)
        self.table.setCurrentCell(self.table.rowCount() - 1, 0)
        self.changed.emit()

    def remove_row(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)
            self.changed.emit()

    def move_row(self, delta: int) -> None:
        row = self.table.currentRow()
        target = row + delta
        if row < 0 or not 0 <= target < self.table.rowCount():
            return
        rows = self.value()
        rows[row], rows[target] = rows[target], rows[row]
        self.set_value(rows)
        self.table.setCurrentCell(target, 0)
        self.changed.emit()
