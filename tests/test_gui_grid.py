"""The economic-model workspace driven with qtbot."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QHelpEvent, QTextDocument
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QTableWidgetItem, QToolTip, QWidget

from app.domain.economics import INDICATOR_EXPLANATIONS, INDICATOR_FORMULAS, indicator_labels
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


def test_the_grid_opens_on_the_fiche_chosen_before_it_was_built(qtbot, app_context: AppContext) -> None:  # type: ignore[no-untyped-def]
    chosen = fiches.save(app_context.open_store, FicheData(title="Garage solidaire", structure_name="CCAS"))
    win = MainWindow(app_context)
    qtbot.addWidget(win)
    win.events.fiche_selected.emit(chosen.id)
    show_active(qtbot, win)
    win.show_workspace("modele")
    page = win.page("modele")
    assert isinstance(page, GridWorkspace)
    assert page.fiche_id() == chosen.id


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


def open_new_scenario(window: MainWindow) -> GridWorkspace:
    window.show_workspace("modele")
    page = window.page("modele")
    assert isinstance(page, GridWorkspace)
    page.fiche_combo.setCurrentIndex(page.fiche_combo.findData("3c0e8a52-0d7b-4b7e-9a1c-5e2f3a4b6c7d"))
    page._fiche_chosen()
    page.new_scenario()
    return page


def fill(table, rows: list[list[str]]) -> None:  # type: ignore[no-untyped-def]
    """Type `rows` into a block's table, one added line each, from its first column."""
    for values in rows:
        table.add_row()
        for column, text in enumerate(values):
            if text:
                set_cell(table, table.table.rowCount() - 1, column, text)


def shows_no_figures(page: GridWorkspace) -> bool:
    editor = page.editor
    return (all(not any(ch.isdigit() for ch in indicator(page, key)) for key in ("total_cost", "setup_cost",
                                                                                  "cost_per_beneficiary"))
            and not editor.structure_chart.values and not editor.cumulated_chart.costs)


def test_a_calendar_year_is_refused_inline_and_never_counts_as_zero(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = open_new_scenario(window)
    editor = page.editor
    fill(editor.tables["montage"], [["Chef de projet", "10", "300"]])
    fill(editor.tables["investissements"], [["Camion", "", "30000", "2026", "5"]])
    assert ("Investissements, ligne 1 : l'année d'achat 2026 est hors de l'horizon. Indiquez l'année du projet, "
            "de 1 à 3 (1 = la première année).") in editor.param_error.text()
    assert editor.save_state.text() == "⚠ Non enregistré : corrigez les champs signalés"
    assert shows_no_figures(page), "no indicator leaves the refused investment out silently"
    set_cell(editor.tables["investissements"], 0, 3, "1")
    assert not editor.param_error.isVisible()
    assert indicator(page, "total_cost") == "21\u202f000,00\u00a0€"      # 3 000 + 3 × 6 000


def test_a_refused_value_names_its_line_in_its_block_and_no_figure_uses_it(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = open_new_scenario(window)
    editor = page.editor
    fill(editor.tables["montage"], [[role, "10", "300"] for role in ("Chef de projet", "Juriste", "Animateur",
                                                                      "Agent d'accueil")])
    fill(editor.tables["investissements"], [["Camion", "", "30000", "1", "5"]])
    assert indicator(page, "total_cost") == "30\u202f000,00\u00a0€"
    set_cell(editor.tables["investissements"], 0, 2, "-90000")
    assert editor.param_error.text() == "Investissements, ligne 1 : le montant ne peut pas être négatif."
    assert shows_no_figures(page)
    note = editor.indicators_note
    assert note.isVisible() and "corrigez" in note.text()
    set_cell(editor.tables["investissements"], 0, 2, "30000")
    assert indicator(page, "total_cost") == "30\u202f000,00\u00a0€" and not note.isVisible()
    editor.name_edit.setText("")
    assert indicator(page, "total_cost") == "30\u202f000,00\u00a0€", "a missing name changes no figure"


def test_compare_shows_the_scenarios_as_stored_now_each_with_its_horizon(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = open_new_scenario(window)
    editor = page.editor
    fill(editor.tables["montage"], [["Chef de projet", "10", "300"]])
    fill(editor.tables["fonctionnement"], [["Agent", "100", "200"]])
    qtbot.mouseClick(page.duplicate_button, Qt.MouseButton.LeftButton)
    editor.name_edit.setText("Variante sur 5 ans")
    editor.horizon_edit.setText("5")
    qtbot.mouseClick(page.compare_button, Qt.MouseButton.LeftButton)
    dialog = next(w for w in window.findChildren(CompareDialog))
    headers = [dialog.table.horizontalHeaderItem(c).text() for c in range(3)]
    assert headers == ["Indicateur", "Scénario de base", "Variante sur 5 ans"]
    rows = {dialog.table.item(r, 0).text(): (dialog.table.item(r, 1).text(), dialog.table.item(r, 2).text())
            for r in range(dialog.table.rowCount())}
    assert rows["Horizon"] == ("3 ans", "5 ans")
    assert rows["Coût total sur l'horizon"] == ("63\u202f000,00\u00a0€", "103\u202f000,00\u00a0€")
    assert not any("3 an" in label for label in rows), "no row label names one scenario's horizon"
    dialog.close()


def test_a_fiche_without_scenario_shows_no_figures_of_the_previous_fiche(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    other = fiches.save(window.context.open_store, FicheData(id="5d1e8a52-0d7b-4b7e-9a1c-5e2f3a4b6c7d",
                                                             title="Jardin partagé", structure_name="CCAS"))
    page = open_new_scenario(window)
    fill(page.editor.tables["montage"], [["Chef de projet", "10", "300"]])
    assert indicator(page, "setup_cost") == "3\u202f000,00\u00a0€"
    index = page.fiche_combo.findData(other.id)
    page.fiche_combo.setCurrentIndex(index)
    page.fiche_combo.activated.emit(index)
    assert page.fiche_id() == other.id
    assert shows_no_figures(page)
    assert page.hint.isVisible() and "pas encore de modèle économique" in page.hint.text()
    captions = [label.text() for name, label in page.editor.indicator_labels.items() if name.endswith("__caption")]
    assert "Coût total sur l'horizon" in captions, "no caption keeps the previous scenario's horizon"


@pytest.mark.parametrize(("typed", "refusal"), [("1e999999999", "nombre trop grand"),
                                                ("0,0000001", "trop de décimales")])
def test_a_number_out_of_all_proportion_is_refused_inline_and_no_figure_uses_it(  # type: ignore[no-untyped-def]
        qtbot, window: MainWindow, typed: str, refusal: str) -> None:
    page = open_new_scenario(window)
    editor = page.editor
    fill(editor.tables["investissements"], [["Camion", "", "30000", "1", "5"]])
    set_cell(editor.tables["investissements"], 0, 2, typed)
    assert editor.param_error.text().startswith("Lignes de la grille : ligne 1, " + refusal)
    assert shows_no_figures(page)
    assert editor.save_state.text() == "⚠ Non enregistré : corrigez les champs signalés"


def tooltip_shown(widget: QWidget) -> str:
    """The tooltip a user sees when the mouse rests on `widget`, as plain text."""
    QToolTip.hideText()
    centre = widget.rect().center()
    QApplication.sendEvent(widget, QHelpEvent(QEvent.Type.ToolTip, centre, widget.mapToGlobal(centre)))
    shown = QTextDocument()
    shown.setHtml(QToolTip.text())
    return shown.toPlainText()


def test_every_indicator_shown_explains_itself_with_its_formula_in_a_tooltip(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = open_new_scenario(window)
    fill(page.editor.tables["montage"], [["Chef de projet", "10", "300"]])
    qtbot.waitUntil(page.editor.findChild(QLabel, "indicator_n_sites").isVisible)
    shown = [label for label in page.editor.indicators_box.findChildren(QLabel)
             if label.objectName().startswith("indicator_") and label.isVisible()]
    keys = {label.objectName().removeprefix("indicator_").removesuffix("__caption") for label in shown}
    assert keys == set(indicator_labels()) and len(shown) == 2 * len(keys), "each caption and each value"
    for label in shown:
        text = tooltip_shown(label)
        key = label.objectName().removeprefix("indicator_").removesuffix("__caption")
        assert INDICATOR_EXPLANATIONS[key] in text and f"Calcul : {INDICATOR_FORMULAS[key]}" in text, key
    beneficiary = page.editor.findChild(QLabel, "indicator_cost_per_beneficiary")
    assert "Calcul : Coût total divisé par le nombre de bénéficiaires" in tooltip_shown(beneficiary)


def test_the_comparison_explains_each_indicator_in_its_row(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = open_new_scenario(window)
    qtbot.mouseClick(page.duplicate_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.compare_button, Qt.MouseButton.LeftButton)
    dialog = next(w for w in window.findChildren(CompareDialog))
    tips = {dialog.table.item(r, 0).text(): dialog.table.item(r, 0).toolTip() for r in range(dialog.table.rowCount())}
    assert "Calcul :" in tips["Coût net des coûts évités"]
    assert "Coût total moins les coûts évités sur l'horizon." in tips["Coût net des coûts évités"]
    assert "Calcul :" in tips["Reste à charge de la structure"]
    assert all("Calcul :" in tip for label, tip in tips.items() if label != "Horizon")
    dialog.close()
