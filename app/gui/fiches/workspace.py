"""Workspace 1 — Fiches: the searchable list beside the editor."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QHBoxLayout,
    QMenu,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.domain.fiche import FicheData
from app.domain.fiche_search import FicheQuery
from app.gui.fiches.editor import FicheEditor
from app.gui.fiches.filter_bar import FilterBar
from app.gui.fiches.list_model import FicheListModel, fiche_list_view
from app.gui.operations import Changes, StoreEvents, run_operation
from app.gui.snapshot_editor import flush_or_ask
from app.gui.workspace_page import WorkspacePage
from app.services import fiches
from app.services.app_context import AppContext
from app.services.errors import NotFoundError
from app.services.examples import examples_outcome, load_examples
from app.storage.changes import Change

RECENT_COUNT = 8


class FichesWorkspace(WorkspacePage):
    def __init__(self, context: AppContext, events: StoreEvents, parent: QWidget | None = None) -> None:
        super().__init__(context, events, parent)
        self.query = FicheQuery()
        self.filters = FilterBar()
        self.model = FicheListModel()
        self.view = fiche_list_view(self.model, "ficheList", {1: 18, 2: 14, 3: 11})
        self.editor = FicheEditor(context.data_dir)
        self._build_actions()
        buttons = QHBoxLayout()
        for action in (self.new_action, self.duplicate_action, self.trash_action, self.restore_action,
                       self.empty_trash_action):
            button = QPushButton(action.text().replace("&", ""), self)
            button.setToolTip(action.toolTip())
            button.clicked.connect(action.trigger)
            action.enabledChanged.connect(button.setEnabled)
            action.visibleChanged.connect(lambda b=button, a=action: b.setVisible(a.isVisible()))
            button.setEnabled(action.isEnabled())
            button.setVisible(action.isVisible())
            buttons.addWidget(button)
        buttons.addStretch(1)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.filters)
        left_layout.addLayout(buttons)
        left_layout.addWidget(self.view, 1)
        self.splitter = QSplitter()
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.editor)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)

        self.filters.query_changed.connect(self.set_query)
        self.view.selectionModel().currentRowChanged.connect(lambda current, _previous: self._open_row(current.row()))
        self.view.selectionModel().selectionChanged.connect(lambda _selected, _deselected: self._update_actions())
        self.editor.save_requested.connect(self._save)
        self.editor.erase_personal_button.clicked.connect(self.erase_personal_data)
        self.filters.set_places(*fiches.places(context.open_store))
        self.refresh()

    def first_shown(self) -> None:
        total = max(self.splitter.width(), 1)
        self.splitter.setSizes([int(total * 0.38), total - int(total * 0.38)])

    # -- actions -------------------------------------------------------------------------------
    def _action(self, text: str, slot: Callable[[], object],
                shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None, tip: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.setToolTip(tip or text.replace("&", ""))
        action.triggered.connect(slot)
        return action

    def _build_actions(self) -> None:
        self.new_action = self._action(self.tr("&Nouvelle fiche"), self.new_fiche, QKeySequence.StandardKey.New)
        keys = QKeySequence.StandardKey
        self.save_action = self._action(self.tr("&Enregistrer la fiche"), self.save_current, keys.Save)
        self.duplicate_action = self._action(self.tr("D&upliquer"), self.duplicate_current, "Ctrl+D")
        self.trash_action = self._action(self.tr("Mettre à la &corbeille"), self.trash_current, keys.Delete)
        self.trash_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.view.addAction(self.trash_action)
        self.restore_action = self._action(self.tr("&Restaurer"), self.restore_current)
        self.empty_trash_action = self._action(self.tr("&Vider la corbeille…"), self.empty_trash)
        self.examples_action = self._action(self.tr("Charger les &exemples"), self.load_examples)
        self.recent_menu = QMenu(self.tr("Fiches &récentes"), self)
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        self._update_actions()

    def file_actions(self) -> list[QAction]:
        """Actions the main window puts in its Fichier menu (their shortcuts work from anywhere)."""
        return [self.new_action, self.recent_menu.menuAction(), self.save_action, self.duplicate_action]

    def help_actions(self) -> list[QAction]:
        return [self.examples_action]

    @property
    def undo_stack(self) -> QUndoStack:
        return self.editor.undo_stack

    def _update_actions(self) -> None:
        in_trash = self.query.in_trash
        has_current = bool(self.editor.fiche_id)
        self.trash_action.setVisible(not in_trash)
        self.trash_action.setEnabled(not in_trash and self.selected_id() is not None)
        self.duplicate_action.setEnabled(has_current and not in_trash)
        self.restore_action.setVisible(in_trash)
        self.restore_action.setEnabled(in_trash and self.current_id() is not None)
        self.empty_trash_action.setVisible(in_trash)
        self.empty_trash_action.setEnabled(in_trash and self.model.rowCount() > 0)

    # -- list ----------------------------------------------------------------------------------
    def set_query(self, query: FicheQuery) -> None:
        if query.in_trash != self.query.in_trash and not self.flush():
            return
        self.query = query
        self.refresh()
        if query.in_trash:
            self.editor.clear()
        self._update_actions()

    def refresh(self) -> None:
        store = self.context.open_store
        ids = fiches.search_ids(store, self.query)
        keep = self.editor.fiche_id
        selection = self.view.selectionModel()
        selection.blockSignals(True)
        self.model.set_ids(ids, lambda wanted: fiches.summaries(self.context.open_store, wanted))
        row = self.model.row_of(keep) if keep else -1
        if row >= 0:
            self.view.selectRow(row)
            selection.setCurrentIndex(self.model.index(row, 0), QItemSelectionModel.SelectionFlag.NoUpdate)
        selection.blockSignals(False)
        self.filters.show_count(len(ids), self.query.in_trash)
        self._update_actions()

    def current_fiche_id(self) -> str | None:
        """The fiche open in the editor (none while the trash is shown)."""
        return None if self.query.in_trash else self.editor.fiche_id

    def selected_id(self) -> str | None:
        """The fiche of the selected row, if a row is selected."""
        rows = self.view.selectionModel().selectedRows()
        return self.model.row_id(rows[0].row()) if rows else None

    def current_id(self) -> str | None:
        index = self.view.currentIndex()
        return self.model.row_id(index.row()) if index.isValid() else None

    def _open_row(self, row: int) -> None:
        if row < 0:
            return
        fiche_id = self.model.row_id(row)
        if fiche_id == self.editor.fiche_id:
            return
        if not self.flush():
            self._reselect_editor_fiche()
            return
        if self.query.in_trash:
            self._update_actions()
            return
        ok, data = run_operation(self, lambda: fiches.load(self.context.open_store, fiche_id))
        if ok and data is not None:
            self.editor.load(data)
            self.events.fiche_selected.emit(data.id)
            self._remember_recent(data.id)
        self._update_actions()

    def _remember_recent(self, fiche_id: str) -> None:
        prefs = self.context.preferences
        prefs.recent_items = [fiche_id, *[i for i in prefs.recent_items if i != fiche_id]][:RECENT_COUNT]
        run_operation(self, self.context.save_preferences)

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        ids = self.context.preferences.recent_items
        rows = fiches.summaries(self.context.open_store, list(ids), live_only=True)
        for fiche_id in ids:
            if fiche_id in rows:
                action = self.recent_menu.addAction(rows[fiche_id].title)
                action.triggered.connect(lambda _checked=False, i=fiche_id: self.open_fiche(i))
        if self.recent_menu.isEmpty():
            self.recent_menu.addAction(self.tr("(aucune)")).setEnabled(False)

    def open_fiche(self, fiche_id: str) -> None:
        """Bring the workspace forward with `fiche_id` selected (filters are cleared if they hide it)."""
        self.wants_focus.emit()
        if self.model.row_of(fiche_id) < 0:
            self.filters.reset()
        self.select_fiche(fiche_id)

    def _reselect_editor_fiche(self) -> None:
        row = self.model.row_of(self.editor.fiche_id)
        selection = self.view.selectionModel()
        selection.blockSignals(True)
        if row >= 0:
            self.view.selectRow(row)
        else:
            self.view.clearSelection()
        selection.blockSignals(False)

    def select_fiche(self, fiche_id: str) -> None:
        row = self.model.row_of(fiche_id)
        if row >= 0:
            self.view.selectRow(row)

    # -- saving --------------------------------------------------------------------------------
    def _save(self, data: FicheData) -> None:
        run_operation(self, lambda: fiches.save(self.context.open_store, data), self.events,
                      self.tr("Fiche non enregistrée"), self._saved)

    def _saved(self, saved: FicheData) -> None:
        self.editor.saved(saved)
        self.events.fiche_selected.emit(saved.id)

    def flush(self) -> bool:
        """Store pending edits; if the fiche is invalid, ask whether to drop them. False: stay put."""
        return flush_or_ask(self.editor, self.tr("Fiche incomplète"), self.tr("La fiche en cours"))

    def save_current(self) -> None:
        self.wants_focus.emit()
        if not self.editor.save_now():
            QMessageBox.warning(self, self.tr("Fiche non enregistrée"),
                                "\n".join(error.message for error in self.editor.errors))

    def store_changed(self, changes: Changes) -> None:
        if changes & {Change.FICHE, Change.STORE}:
            if Change.STORE in changes:
                self.editor.clear()
            elif Change.RECEIVED in changes and self.editor.fiche_id:
                self._reload_editor()
            self.filters.set_places(*fiches.places(self.context.open_store))
            self.refresh()

    def _reload_editor(self) -> None:
        """Show the stored version of the open fiche (an import may have replaced or deleted it)."""
        try:
            self.editor.load(fiches.load(self.context.open_store, self.editor.fiche_id))
        except NotFoundError:
            self.editor.clear()

    # -- commands ------------------------------------------------------------------------------
    def new_fiche(self) -> None:
        self.wants_focus.emit()
        if not self.flush():
            return
        if self.query.in_trash:
            self.filters.trash.setChecked(False)
        self.view.clearSelection()
        self.editor.load(fiches.new_fiche(self.context.preferences.default_structure), stored=False)
        self.editor.show_section("identite")
        self.editor.title_edit.setFocus()
        self.editor.title_edit.selectAll()
        self._update_actions()

    def focus_search(self) -> bool:
        self.wants_focus.emit()
        self.filters.search_edit.setFocus()
        self.filters.search_edit.selectAll()
        return True

    def duplicate_current(self) -> None:
        fiche_id = self.editor.fiche_id
        if not fiche_id or not self.flush():
            return
        run_operation(self, lambda: fiches.duplicate(self.context.open_store, fiche_id), self.events,
                      on_success=self.editor.load)

    def trash_current(self) -> None:
        """Put the fiche of the selected row in the trash, and say so with a way back."""
        fiche_id = self.selected_id()
        if fiche_id is None or self.query.in_trash or not self.flush():
            return
        title = fiches.summaries(self.context.open_store, [fiche_id])[fiche_id].title

        def trashed(_result: object) -> None:
            if self.editor.fiche_id == fiche_id:
                self.editor.clear()
            self.notify.emit(self.tr("« {0} » a été mise à la corbeille.").format(title),
                             lambda: self._take_back_from_trash(fiche_id))

        run_operation(self, lambda: fiches.move_to_trash(self.context.open_store, fiche_id), self.events,
                      on_success=trashed)

    def _take_back_from_trash(self, fiche_id: str) -> None:
        run_operation(self, lambda: fiches.restore_from_trash(self.context.open_store, fiche_id), self.events,
                      on_success=lambda _result: self.open_fiche(fiche_id))

    def restore_current(self) -> None:
        fiche_id = self.current_id()
        if fiche_id is None:
            return
        run_operation(self, lambda: fiches.restore_from_trash(self.context.open_store, fiche_id), self.events)

    def empty_trash(self) -> None:
        answer = QMessageBox.question(
            self, self.tr("Vider la corbeille"),
            self.tr("Supprimer définitivement la fiche de la corbeille ?") if self.model.rowCount() == 1 else
            self.tr("Supprimer définitivement les {0} fiches de la corbeille ?").format(self.model.rowCount()),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        if answer == QMessageBox.StandardButton.Yes:
            run_operation(self, lambda: fiches.empty_trash(self.context.open_store), self.events)

    def erase_personal_data(self) -> None:
        fiche_id = self.editor.fiche_id
        if not fiche_id or not self.flush():
            return
        answer = QMessageBox.question(
            self, self.tr("Effacer les données personnelles"),
            self.tr("Effacer définitivement les contacts de cette fiche ?"),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return
        run_operation(self, lambda: fiches.erase_personal_data(self.context.open_store, fiche_id), self.events,
                      on_success=lambda _result: self.editor.load(fiches.load(self.context.open_store, fiche_id)))

    def load_examples(self) -> None:
        self.wants_focus.emit()
        ok, outcome = run_operation(self, lambda: load_examples(self.context.open_store), self.events)
        if ok and outcome is not None:
            QMessageBox.information(
                self, self.tr("Fiches d'exemple"),
                examples_outcome(outcome))
