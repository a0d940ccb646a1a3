"""The fiche list as a Qt model (one model, no widget per row)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from app.domain.fiche_search import FicheSummary
from app.domain.formats import format_date
from app.domain.vocabulary import Coded, FicheStatus, Stage, StructureType
from app.gui.i18n import translate_label
from app.gui.metrics import chars_wide, lines_high

ID_ROLE = Qt.ItemDataRole.UserRole
Index = QModelIndex | QPersistentModelIndex


def _label(vocabulary: type[Coded], code: str) -> str:
    return translate_label(vocabulary.label_of(code)) if code else ""


BATCH = 200


class FicheListModel(QAbstractTableModel):
    """Rows are known by id; their texts are read in batches when a view first asks for them."""

    def __init__(self) -> None:
        super().__init__()
        self._ids: list[str] = []
        self._cache: dict[str, FicheSummary] = {}
        self._loader: Callable[[list[str]], dict[str, FicheSummary]] = lambda ids: {}
        self._headers = [self.tr("Titre"), self.tr("Structure"), self.tr("Territoire"), self.tr("Stade"),
                         self.tr("Statut"), self.tr("Modifiée le")]

    def set_ids(self, ids: list[str], loader: Callable[[list[str]], dict[str, FicheSummary]]) -> None:
        self.beginResetModel()
        self._ids = ids
        self._cache = {}
        self._loader = loader
        self.endResetModel()

    def row_id(self, row: int) -> str:
        return self._ids[row]

    def row_of(self, fiche_id: str) -> int:
        try:
            return self._ids.index(fiche_id)
        except ValueError:
            return -1

    def summary(self, row: int) -> FicheSummary:
        fiche_id = self._ids[row]
        if fiche_id not in self._cache:
            start = max(0, row - BATCH // 4)
            self._cache.update(self._loader(self._ids[start:start + BATCH]))
        return self._cache[fiche_id]

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> str | None:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> str | None:
        if not index.isValid():
            return None
        if role == ID_ROLE:
            return self._ids[index.row()]
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        row = self.summary(index.row())
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, index.column())
        if index.column() == 0:
            return row.title + (self.tr(" (exemple)") if row.is_example else "")
        return self._display(row, index.column()) or None

    def _display(self, row: FicheSummary, column: int) -> str:
        if column == 0:
            return row.title + (self.tr("  · exemple") if row.is_example else "")
        if column == 1:
            kind = _label(StructureType, row.structure_type)
            return f"{row.structure_name} ({kind})" if kind else row.structure_name
        if column == 2:
            return ", ".join(part for part in (row.commune, row.departement) if part)
        if column == 3:
            return _label(Stage, row.stage)
        if column == 4:
            return _label(FicheStatus, row.status)
        return format_date(row.updated().astimezone())


def fiche_list_view(model: FicheListModel, name: str, widths: dict[int, int]) -> QTableView:
    """A one-row-per-fiche view of `model`: whole rows selected one at a time, titles stretched, the
    columns of `widths` (column → characters) shown at those widths, the others hidden. Every row is two lines
    high, so that long titles wrap once before they are cut; a cut text is whole in its tooltip."""
    view = QTableView()
    view.setObjectName(name)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().setVisible(False)
    view.setWordWrap(True)
    view.setTextElideMode(Qt.TextElideMode.ElideRight)
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    view.verticalHeader().setDefaultSectionSize(lines_high(view, 2) + view.fontMetrics().height() // 2)
    view.setSortingEnabled(False)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    header.setMinimumSectionSize(chars_wide(view, 6))
    for column in range(1, model.columnCount()):
        if column in widths:
            header.resizeSection(column, chars_wide(view, widths[column]))
        view.setColumnHidden(column, column not in widths)
    return view
