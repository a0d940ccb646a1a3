"""Workspace 2 — Modèle économique: the scenarios of a fiche's economic grid."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QUndoStack
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.economics import SCENARIO_FIELD_LABELS, Scenario, compute, indicator_labels, indicator_table
from app.domain.fiche_search import FicheQuery
from app.domain.formats import format_years
from app.exports.dossier_files import safe_file_name
from app.gui.combo import completer_of, line_edit_of
from app.gui.grid.scenario_editor import ScenarioEditor
from app.gui.i18n import indicator_tooltip, translate_field
from app.gui.metrics import chars_wide, lines_high
from app.gui.operations import Changes, StoreEvents, run_operation
from app.gui.snapshot_editor import flush_or_ask
from app.gui.workspace_page import WorkspacePage
from app.services import fiches, grid
from app.services.app_context import AppContext
from app.storage.changes import Change


class GridWorkspace(WorkspacePage):
    def __init__(self, context: AppContext, events: StoreEvents, parent: QWidget | None = None) -> None:
        super().__init__(context, events, parent)
        self._scenarios: list[Scenario] = []
        self.fiche_combo = QComboBox()
        self.fiche_combo.setObjectName("gridFiche")
        self.fiche_combo.setEditable(True)
        self.fiche_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        completer_of(self.fiche_combo).setFilterMode(Qt.MatchFlag.MatchContains)
        completer_of(self.fiche_combo).setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.fiche_combo.setMinimumContentsLength(40)
        self.scenario_combo = QComboBox()
        self.scenario_combo.setObjectName("gridScenario")
        self.scenario_combo.setMinimumContentsLength(18)
        self.new_button = QPushButton(self.tr("Nouveau scénario"))
        self.duplicate_button = QPushButton(self.tr("Dupliquer"))
        self.delete_button = QPushButton(self.tr("Supprimer"))
        self.compare_button = QPushButton(self.tr("Comparer…"))
        self.export_button = QPushButton(self.tr("Exporter en Excel…"))
        # the fiche on a line of its own, the scenario and what is done with it on the next: the page fits a
        # 1366-pixel screen with room for long titles
        top = QGridLayout()
        top.addWidget(QLabel(self.tr("Fiche :")), 0, 0)
        top.addWidget(self.fiche_combo, 0, 1)
        top.addWidget(QLabel(self.tr("Scénario :")), 1, 0)
        scenario_row = QHBoxLayout()
        scenario_row.addWidget(self.scenario_combo, 1)
        for button in (self.new_button, self.duplicate_button, self.delete_button, self.compare_button,
                       self.export_button):
            scenario_row.addWidget(button)
        top.addLayout(scenario_row, 1, 1)
        top.setColumnStretch(1, 1)
        self.hint = QLabel()
        self.hint.setObjectName("gridHint")
        self.hint.setWordWrap(True)
        self.editor = ScenarioEditor(lambda: context.preferences.daily_costs)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.hint)
        layout.addWidget(self.editor, 1)

        self.fiche_combo.activated.connect(lambda _i: self._fiche_chosen())
        self.scenario_combo.activated.connect(lambda _i: self._scenario_chosen())
        self.new_button.clicked.connect(self.new_scenario)
        self.duplicate_button.clicked.connect(self.duplicate_scenario)
        self.delete_button.clicked.connect(self.delete_scenario)
        self.compare_button.clicked.connect(self.compare)
        self.export_button.clicked.connect(self.export_workbook)
        self.editor.save_requested.connect(self._save)
        self.events.fiche_selected.connect(self.show_fiche)
        self._fiches_loaded = False
        self._pending_fiche: str | None = events.selected_fiche

    def first_shown(self) -> None:
        """The list of fiches is read when the workspace is first shown, not at start-up."""
        if not self._fiches_loaded:
            self.reload_fiches()
            if self._pending_fiche:
                pending, self._pending_fiche = self._pending_fiche, None
                self.show_fiche(pending)

    @property
    def undo_stack(self) -> QUndoStack:
        return self.editor.undo_stack

    # -- fiches --------------------------------------------------------------------------------
    def reload_fiches(self) -> None:
        self._fiches_loaded = True
        current = self.fiche_id()
        rows = fiches.search(self.context.open_store, FicheQuery())
        self.fiche_combo.blockSignals(True)
        self.fiche_combo.clear()
        for row in rows:
            self.fiche_combo.addItem(row.title, row.id)
        index = self.fiche_combo.findData(current) if current else -1
        self.fiche_combo.setCurrentIndex(index)
        if index < 0:
            self.fiche_combo.setEditText("")
        self.fiche_combo.blockSignals(False)
        if index < 0:
            self._load_scenarios()

    def fiche_id(self) -> str | None:
        return self.fiche_combo.currentData() if self.fiche_combo.currentIndex() >= 0 else None

    def current_fiche_id(self) -> str | None:
        return self.fiche_id()

    def show_fiche(self, fiche_id: str) -> None:
        """Follow the fiche chosen elsewhere (pending edits are stored first)."""
        if not self._fiches_loaded:
            self._pending_fiche = fiche_id
            return
        if fiche_id == self.fiche_id() or not self.flush():
            return
        index = self.fiche_combo.findData(fiche_id)
        if index < 0:
            self.reload_fiches()
            index = self.fiche_combo.findData(fiche_id)
        self.fiche_combo.setCurrentIndex(index)
        line_edit_of(self.fiche_combo).setCursorPosition(0)
        self._load_scenarios()

    def _fiche_chosen(self) -> None:
        if self.fiche_combo.currentData() == self.editor.state.fiche_id and self.editor.record_id:
            return
        if not self.flush():
            index = self.fiche_combo.findData(self.editor.state.fiche_id)
            self.fiche_combo.setCurrentIndex(index)
            return
        self._load_scenarios()

    # -- scenarios -----------------------------------------------------------------------------
    def _load_scenarios(self, select: str | None = None) -> None:
        fiche_id = self.fiche_id()
        self._scenarios = grid.scenarios(self.context.open_store, fiche_id) if fiche_id else []
        self.scenario_combo.clear()
        for scenario in self._scenarios:
            self.scenario_combo.addItem(scenario.name, scenario.id)
        has_fiche, has_scenario = bool(fiche_id), bool(self._scenarios)
        for button in (self.duplicate_button, self.delete_button, self.export_button):
            button.setEnabled(has_scenario)
        self.compare_button.setEnabled(len(self._scenarios) >= 2)
        self.new_button.setEnabled(has_fiche)
        if not has_fiche:
            self.hint.setText(self.tr("Choisissez une fiche pour voir ou construire son modèle économique."))
        elif not has_scenario:
            self.hint.setText(
                self.tr("Cette fiche n'a pas encore de modèle économique : « Nouveau scénario » en crée un."))
        else:
            self.hint.setText("")
        self.hint.setVisible(bool(self.hint.text()))
        if not has_scenario:
            self.editor.clear()
            return
        index = max(0, self.scenario_combo.findData(select)) if select else 0
        self.scenario_combo.setCurrentIndex(index)
        self.editor.load(self._scenarios[index])

    def _scenario_chosen(self) -> None:
        scenario_id = self.scenario_combo.currentData()
        if scenario_id == self.editor.record_id:
            return
        if not self.flush():
            self.scenario_combo.setCurrentIndex(self.scenario_combo.findData(self.editor.record_id))
            return
        self._load_scenarios(select=scenario_id)

    def _save(self, scenario: Scenario) -> None:
        run_operation(self, lambda: grid.save(self.context.open_store, scenario), self.events,
                      self.tr("Scénario non enregistré"), self._saved)

    def _saved(self, saved: Scenario) -> None:
        self.editor.saved(saved)
        self._scenarios = [saved if scenario.id == saved.id else scenario for scenario in self._scenarios]
        index = self.scenario_combo.findData(saved.id)
        if index >= 0:
            self.scenario_combo.setItemText(index, saved.name)

    def flush(self) -> bool:
        return flush_or_ask(self.editor, self.tr("Scénario incomplet"), self.tr("Le scénario en cours"))

    def _free_name(self, base: str) -> str:
        names = {scenario.name for scenario in self._scenarios}
        if base not in names:
            return base
        n = 2
        while f"{base} {n}" in names:
            n += 1
        return f"{base} {n}"

    def new_scenario(self) -> None:
        fiche_id = self.fiche_id()
        if not fiche_id or not self.flush():
            return
        fiche = fiches.load(self.context.open_store, fiche_id)
        name = self._free_name(self.tr("Scénario de base") if not self._scenarios else self.tr("Nouveau scénario"))
        ok, created = run_operation(self, lambda: grid.create(self.context.open_store, fiche_id, name,
                                                              fiche.beneficiaries_per_year), self.events)
        if ok and created is not None:
            self._load_scenarios(select=created.id)

    def duplicate_scenario(self) -> None:
        if not self.editor.record_id or not self.flush():
            return
        source = self.editor.state
        name = self._free_name(self.tr("Copie de {0}").format(source.name))
        ok, twin = run_operation(self, lambda: grid.duplicate(self.context.open_store, source, name), self.events)
        if ok and twin is not None:
            self._load_scenarios(select=twin.id)

    def delete_scenario(self) -> None:
        scenario_id = self.editor.record_id
        if not scenario_id:
            return
        answer = QMessageBox.question(
            self, self.tr("Supprimer le scénario"),
            self.tr("Supprimer définitivement le scénario « {0} » ?").format(self.editor.state.name),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.editor.clear()
        run_operation(self, lambda: grid.delete(self.context.open_store, scenario_id), self.events)
        self._load_scenarios()

    def compare(self) -> None:
        """Compare the fiche's scenarios as stored now, the one being edited included."""
        fiche_id = self.fiche_id()
        if not fiche_id or not self.flush():
            return
        CompareDialog(grid.scenarios(self.context.open_store, fiche_id), self).open()

    def export_workbook(self) -> None:
        if not self.editor.record_id or not self.flush():
            return
        scenario = self.editor.state
        title = self.fiche_combo.currentText()
        default = Path.home() / f"{safe_file_name(title)} - modèle économique - {date.today():%Y-%m-%d}.xlsx"
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Exporter le modèle économique"), str(default),
                                              self.tr("Classeur Excel (*.xlsx)"))
        if not path:
            return
        from app.exports.grid_workbook import write_grid_workbook  # openpyxl loads only when exporting

        target = Path(path) if path.lower().endswith(".xlsx") else Path(path + ".xlsx")
        ok, written = run_operation(self, lambda: write_grid_workbook(scenario, title, target))
        if ok and written is not None:
            answer = QMessageBox.question(
                self, self.tr("Classeur exporté"),
                self.tr("Le classeur a été écrit :\n{0}\n\nL'ouvrir maintenant ?").format(str(written)),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
            if answer == QMessageBox.StandardButton.Yes:
                QDesktopServices.openUrl(QUrl.fromLocalFile(str(written)))

    def store_changed(self, changes: Changes) -> None:
        if changes & {Change.FICHE, Change.STORE}:
            if Change.STORE in changes:
                self.editor.clear()
            if self._fiches_loaded:
                self.reload_fiches()
        if Change.RECEIVED in changes and self._fiches_loaded and self.fiche_id():
            self._load_scenarios(select=self.editor.record_id or None)  # an import may have replaced them


class CompareDialog(QDialog):
    """Two scenarios' indicators side by side."""

    def __init__(self, scenarios: list[Scenario], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.scenarios = scenarios
        self.setWindowTitle(self.tr("Comparer deux scénarios"))
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("comparison")
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.left = QComboBox()
        self.right = QComboBox()
        for combo in (self.left, self.right):
            for scenario in scenarios:
                combo.addItem(scenario.name, scenario.id)
        self.right.setCurrentIndex(min(1, len(scenarios) - 1))
        for combo in (self.left, self.right):
            combo.currentIndexChanged.connect(lambda _i: self.refresh())
        choose = QHBoxLayout()
        choose.addWidget(self.left)
        choose.addWidget(QLabel(self.tr("comparé à")))
        choose.addWidget(self.right)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(choose)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(chars_wide(self, 110), lines_high(self, 22))
        self.refresh()

    def refresh(self) -> None:
        """Each column's figures over its own horizon; the labels name no horizon, a first row gives each."""
        chosen = [self.scenarios[self.left.currentIndex()], self.scenarios[self.right.currentIndex()]]
        tables = [indicator_table(scenario, compute(scenario)) for scenario in chosen]
        rows = [("", translate_field(SCENARIO_FIELD_LABELS["horizon_years"]),
                 *(format_years(scenario.horizon_years) for scenario in chosen))]
        rows += [(key, label, first[2], second[2])
                 for (key, label), first, second in zip(indicator_labels().items(), *tables, strict=True)]
        self.table.setHorizontalHeaderLabels([self.tr("Indicateur"), chosen[0].name, chosen[1].name])
        self.table.setRowCount(len(rows))
        for row, (key, *texts) in enumerate(rows):
            for column, text in enumerate(texts):
                item = QTableWidgetItem(text)
                if key:
                    item.setToolTip(indicator_tooltip(key))
                self.table.setItem(row, column, item)
        self.table.resizeColumnsToContents()
