"""The trash acts on the selected row only, and says what it did with a way back."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from app.gui.main_window import MainWindow
from app.services import fiches
from tests.test_gui_fiches import new_fiche, saved_then_deleted, wait_saved


def test_nothing_is_trashed_when_the_list_shows_nothing(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = new_fiche(qtbot, window, "Mutinerie", "Mutinerie SAS")
    wait_saved(qtbot, page)
    fiche_id = page.editor.fiche_id
    page.filters.search_edit.setText("introuvable")
    qtbot.waitUntil(lambda: page.model.rowCount() == 0)
    assert not page.trash_action.isEnabled()
    page.view.setFocus()
    qtbot.keyClick(page.view, Qt.Key.Key_Delete)
    assert fiches.load(window.context.open_store, fiche_id).title == "Mutinerie"
    assert fiches.summaries(window.context.open_store, [fiche_id], live_only=True)


def test_delete_says_what_went_to_the_trash_and_undoes_it(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page, fiche_id = saved_then_deleted(qtbot, window, "Repair cafe", "CCAS de Crolles")
    assert page.model.rowCount() == 0
    assert "«\u00a0Repair cafe\u00a0» a été mise à la corbeille" in window.statusBar().currentMessage()
    undo = window.statusBar().findChild(QPushButton, "statusUndo")
    assert undo is not None and undo.isVisible() and undo.text() == "Annuler"
    undo.click()
    assert page.model.rowCount() == 1
    assert fiches.summaries(window.context.open_store, [fiche_id], live_only=True)
    assert not undo.isVisible()
