"""The fiche list as a Qt model (one model, no widget per row)."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from app.domain.fiche_search import FicheSummary
from app.domain.formats import format_date
from app.domain.vocabulary import FicheStatus, Stage, StructureType
from app.gui.i18n import translate_label

ID_ROLE = Qt.ItemDataRole.UserRole
Index = QModelIndex | QPersistentModelIndex


def _label(vocabulary, code: str) -> str:  # type: ignore[no-untyped-def]
    return translate_label(vocabulary.label_of(code)) if code else ""


class FicheListModel(QAbstractTableModel):
    SORT_KEYS = ("title", "structure_name", "departement", "stage", "status", "updated_at")

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[FicheSummary] = []
        self._headers = [self.tr("Titre"), self.tr("Structure"), self.tr("Territoire"), self.tr("Stade"),
                         self.tr("Statut"), self.tr("Modifiée le")]

    def set_rows(self, rows: list[FicheSummary]) -> None:
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def row_id(self, row: int) -> str:
        return self._rows[row].id

    def row_of(self, fiche_id: str) -> int:
        for n, row in enumerate(self._rows):
            if row.id == fiche_id:
                return n
        return -1

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):  # type: ignore[no-untyped-def]
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        if role == ID_ROLE:
            return row.id
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, index.column())
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 0:
            return row.title + (self.tr(" (exemple)") if row.is_example else "")
        return None

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
