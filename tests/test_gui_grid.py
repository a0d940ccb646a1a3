"""The economic-model workspace driven with qtbot."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox, QTableWidgetItem

from app.domain.fiche import FicheData
from app.gui.grid.workspace import CompareDialog, GridWorkspace
from app.gui.main_window import MainWindow
from app.services import fiches, grid
from app.services.app_context import AppContext
from tests.conftest import show_active


@pytest.fixture
def window(qtbot, app_context: AppContext) -> MainWindow:  # type: ignore[no-untyped-def]
    fiches.save(app_context.open_store, FicheData(id="3c0e8a52-0d7b-4b7e-9a1c-5e2f3a4b6c7d", title="Épicerie mobile",
                                                  structure_name="CIAS", beneficiaries_per_year=150))
    win = MainWindow(app_context)
    show_active(qtbot, win)
    return win


def indicator(page: GridWorkspace, key: str) -> str:
    return page.editor.findChild(QLabel, f"indicator_{key}").text()


def set_cell(table, row: int, column: int, text: str) -> None:  # type: ignore[no-untyped-def]
    table.table.setItem(row, column, QTableWidgetItem(text))


def test_typed_lines_change_the_indicators_and_undo_restores_them(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.current_workspace() == "modele"
    page = window.page("modele")
    assert isinstance(page, GridWorkspace)
    page.fiche_combo.setCurrentIndex(0)
    page._fiche_chosen()
    assert "pas encore de modèle économique" in page.hint.text()
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    editor = page.editor
    assert editor.name_edit.text() == "Scénario de base"
    assert editor.beneficiaries_edit.text() == "150", "the fiche's beneficiaries pre-fill the scenario"
    montage = editor.tables["montage"]
    qtbot.mouseClick(montage.add_button, Qt.MouseButton.LeftButton)
    set_cell(montage, 0, 0, "Chef de projet")
    assert montage.table.item(0, 2).text() == "350", "the preferences' daily cost of the role pre-fills the line"
    set_cell(montage, 0, 1, "20")
    assert indicator(page, "setup_cost") == "7\u202f000,00\u00a0€"
    running = editor.tables["fonctionnement"]
    qtbot.mouseClick(running.add_button, Qt.MouseButton.LeftButton)
    set_cell(running, 0, 0, "Agent")
    set_cell(running, 0, 1, "100")
    set_cell(running, 0, 2, "200")
    assert indicator(page, "running_cost_per_year") == "20\u202f000,00\u00a0€"
    assert indicator(page, "total_cost") == "67\u202f000,00\u00a0€"
    assert indicator(page, "cost_per_beneficiary") == "148,89\u00a0€"
    editor.undo_stack.undo()
    editor.undo_stack.undo()
    assert indicator(page, "running_cost_per_year") == "0,00\u00a0€"
    assert indicator(page, "total_cost") == "7\u202f000,00\u00a0€"
    editor.undo_stack.redo()
    editor.undo_stack.redo()
    assert indicator(page, "total_cost") == "67\u202f000,00\u00a0€"
    qtbot.waitUntil(lambda: not editor.is_dirty(), timeout=5000)
    stored = grid.find(window.context.open_store, editor.state.fiche_id)
    assert compute_total(stored) == 67000


def compute_total(scenario) -> int:  # type: ignore[no-untyped-def]
    from app.domain.economics import compute

    return int(compute(scenario).total_cost)


def test_the_fiche_list_is_read_when_the_workspace_is_first_shown(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = window.page("modele")
    assert page.fiche_combo.count() == 0
    fiche_page = window.page("fiches")
    fiche_page.select_fiche("3c0e8a52-0d7b-4b7e-9a1c-5e2f3a4b6c7d")
    window.show_workspace("modele")
    assert page.fiche_combo.count() == 1
    assert page.fiche_id() == "3c0e8a52-0d7b-4b7e-9a1c-5e2f3a4b6c7d", "the fiche open in workspace 1 is followed"


def test_a_bad_number_is_refused_inline(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.show_workspace("modele")
    page = window.page("modele")
    page.fiche_combo.setCurrentIndex(0)
    page._fiche_chosen()
    page.new_scenario()
    editor = page.editor
    investments = editor.tables["investissements"]
    investments.add_row()
    set_cell(investments, 0, 2, "beaucoup")
    assert "n'est pas un nombre" in editor.param_error.text()
    editor.horizon_edit.setText("0")
    assert "L'horizon va de 1 à 50 ans." in editor.param_error.text()
    assert editor.save_state.text() == "⚠ Non enregistré : corrigez les champs signalés"


def test_scenarios_duplicate_compare_and_delete(qtbot, window: MainWindow, message_boxes) -> None:  # type: ignore[no-untyped-def]
    window.show_workspace("modele")
    page = window.page("modele")
    page.fiche_combo.setCurrentIndex(0)
    page._fiche_chosen()
    page.new_scenario()
    page.duplicate_scenario()
    assert [page.scenario_combo.itemText(i) for i in range(page.scenario_combo.count())] == [
        "Scénario de base", "Copie de Scénario de base"]
    assert page.compare_button.isEnabled()
    page.compare()
    dialog = next(w for w in window.findChildren(CompareDialog))
    assert dialog.table.rowCount() > 10
    assert dialog.table.horizontalHeaderItem(2).text() == "Copie de Scénario de base"
    dialog.close()
    message_boxes.answer = QMessageBox.StandardButton.Yes
    page.delete_scenario()
    assert page.scenario_combo.count() == 1
