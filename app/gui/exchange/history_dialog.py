"""« Versions conservées »: what imports set aside, and bringing a version back."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.formats import format_datetime
from app.gui.exchange.comparison_view import ComparisonView, give_room_below
from app.gui.i18n import translate_kind
from app.gui.metrics import chars_wide, fit_to_screen, lines_high
from app.gui.operations import StoreEvents, run_operation
from app.services import history
from app.services.app_context import AppContext


class KeptVersionsDialog(QDialog):
    def __init__(self, context: AppContext, events: StoreEvents, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.events = events
        self.setWindowTitle(self.tr("Versions conservées"))
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr("Quand un import remplace une fiche, un scénario ou un dispositif, ou quand vous gardez "
                               "votre version lors d'un conflit, l'autre version est conservée ici. Rétablir une "
                               "version en fait la version actuelle ; celle qu'elle remplace est conservée à son "
                               "tour."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("keptVersions")
        self.table.setHorizontalHeaderLabels([self.tr("Conservée le"), self.tr("Enregistrement"), self.tr("Révision"),
                                              self.tr("Pourquoi")])
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setMinimumSize(chars_wide(self, 120), lines_high(self, 5))
        self.table.itemSelectionChanged.connect(self._update)
        self.table.itemDoubleClicked.connect(lambda _item: self.bring_back())
        self.comparison = ComparisonView()
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.comparison)
        self.splitter.setStretchFactor(1, 2)
        layout.addWidget(self.splitter, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.restore_button = QPushButton(self.tr("&Rétablir cette version…"))
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.restore_button.clicked.connect(self.bring_back)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.versions: list[history.KeptVersion] = []
        self.refresh()
        fit_to_screen(self, chars_wide(self, 200), lines_high(self, 60))

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        give_room_below(self.splitter, self.table)

    def refresh(self) -> None:
        self.versions = history.kept_versions(self.context.open_store)
        self.table.setRowCount(len(self.versions))
        for row, version in enumerate(self.versions):
            title = self.tr("{0} « {1} »").format(translate_kind(version.kind_label).capitalize(), version.title)
            if version.is_deletion:
                title += self.tr(" — suppression")
            for column, text in enumerate((format_datetime(version.saved_at), title, str(version.revision),
                                           version.reason)):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, version.id)
                item.setToolTip(text)
                self.table.setItem(row, column, item)
        self.table.resizeColumnsToContents()
        self.table.resizeRowsToContents()
        self._update()

    def selected(self) -> history.KeptVersion | None:
        rows = self.table.selectionModel().selectedRows()
        return self.versions[rows[0].row()] if rows else None

    def _update(self) -> None:
        version = self.selected()
        self.restore_button.setEnabled(version is not None and not version.is_deletion)
        compared = history.compared_with_current(self.context.open_store, version.id) if version else None
        kept = self.tr("Version conservée le {0}").format(format_datetime(version.saved_at)) if version else ""
        self.comparison.show_comparison(compared, self.tr("Version actuelle"), kept)

    def bring_back(self) -> bool:
        version = self.selected()
        if version is None or version.is_deletion:
            return False
        answer = QMessageBox.question(
            self, self.tr("Rétablir une version"),
            self.tr("Faire de cette version de « {0} » la version actuelle ?\nLa version actuelle sera conservée "
                    "ici et pourra être rétablie à son tour.").format(version.title))
        if answer != QMessageBox.StandardButton.Yes or not self.events.flush_editors():
            return False
        ok, _ = run_operation(self, lambda: history.bring_back(self.context.open_store, version.id), self.events,
                              self.tr("Version non rétablie"))
        self.refresh()
        return ok
