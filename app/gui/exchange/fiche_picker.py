"""Choosing the fiches of a package: a search box, a checkable list read lazily, tout cocher / décocher."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.fiche_search import FicheQuery, FicheSummary
from app.domain.formats import format_count
from app.gui.fiches.filter_bar import SEARCH_DELAY_MS
from app.gui.fiches.list_model import FicheListModel, fiche_list_view

Index = QModelIndex | QPersistentModelIndex


class CheckableFicheModel(FicheListModel):
    """The fiche list with a check box on each title; what is checked survives a new search."""

    checked_changed = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.checked: set[str] = set()

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        return flags | Qt.ItemFlag.ItemIsUserCheckable if index.isValid() and index.column() == 0 else flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.CheckStateRole and index.isValid() and index.column() == 0:
            checked = self.row_id(index.row()) in self.checked
            return Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        return super().data(index, role)

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or not index.isValid() or index.column() != 0:
            return False
        self.set_checked([self.row_id(index.row())], Qt.CheckState(value) == Qt.CheckState.Checked)
        return True

    def set_checked(self, fiche_ids: list[str], checked: bool) -> None:
        if checked:
            self.checked.update(fiche_ids)
        else:
            self.checked.difference_update(fiche_ids)
        if self.rowCount():
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, 0),
                                  [Qt.ItemDataRole.CheckStateRole])
        self.checked_changed.emit()

    def shown_ids(self) -> list[str]:
        return [self.row_id(row) for row in range(self.rowCount())]


class FichePicker(QWidget):
    """`search(query)` gives the ids a query keeps, `summaries(ids)` their rows (see `FicheListModel`)."""

    def __init__(self, search: Callable[[FicheQuery], list[str]],
                 summaries: Callable[[list[str]], dict[str, FicheSummary]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._search = search
        self._summaries = summaries
        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("packageSearch")
        self.search_edit.setPlaceholderText(self.tr("Filtrer les fiches (titre, structure, tout texte)…"))
        self.search_edit.setClearButtonEnabled(True)
        self.check_all = QPushButton(self.tr("Tout co&cher"))
        self.check_all.setToolTip(self.tr("Cocher toutes les fiches affichées"))
        self.uncheck_all = QPushButton(self.tr("Tout déc&ocher"))
        self.model = CheckableFicheModel()
        self.view = fiche_list_view(self.model, "packageFiches", {1: 24})
        self.count_label = QLabel()
        self.count_label.setObjectName("packageCount")
        top = QHBoxLayout()
        top.addWidget(self.search_edit, 1)
        top.addWidget(self.check_all)
        top.addWidget(self.uncheck_all)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.count_label)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DELAY_MS)
        self._debounce.timeout.connect(self.refresh)
        self.search_edit.textChanged.connect(lambda _text: self._debounce.start())
        self.check_all.clicked.connect(lambda: self.model.set_checked(self.model.shown_ids(), True))
        self.uncheck_all.clicked.connect(lambda: self.model.set_checked(list(self.model.checked), False))
        self.model.checked_changed.connect(self._show_count)

    def refresh(self) -> None:
        """Read the fiches the search keeps; checked fiches that are gone (deleted, in the trash) are unchecked."""
        self._debounce.stop()
        text = self.search_edit.text().strip()
        shown = self._search(FicheQuery(text=text))
        self.model.set_ids(shown, self._summaries)
        if self.model.checked:
            self.model.checked &= set(self._search(FicheQuery()) if text else shown)
        self._show_count()

    def checked_ids(self) -> list[str]:
        return sorted(self.model.checked)

    def _show_count(self) -> None:
        self.count_label.setText(self.tr("{0} · {1}").format(
            format_count(len(self.model.checked), self.tr("fiche cochée"), self.tr("fiches cochées")),
            format_count(self.model.rowCount(), self.tr("affichée"), self.tr("affichées"))))
