"""The fiche workspace driven with qtbot: typing, undo/redo, autosave, drop, trash, search."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from app.domain.fiche_search import FicheQuery
from app.gui.fiches.workspace import FichesWorkspace
from app.gui.main_window import MainWindow
from app.gui.snapshot_editor import AUTOSAVE_DELAY_MS
from app.services import fiches
from app.services.app_context import AppContext
from app.services.attachments import blob_path
from tests.conftest import show_active


def workspace(window: MainWindow) -> FichesWorkspace:
    page = window.page("fiches")
    assert isinstance(page, FichesWorkspace)
    return page


def new_fiche(qtbot, window: MainWindow, title: str, structure: str) -> FichesWorkspace:  # type: ignore[no-untyped-def]
    page = workspace(window)
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert window.current_workspace() == "fiches"
    editor = page.editor
    assert editor.title_edit.hasFocus() or QApplication.focusWidget() is editor.title_edit
    assert editor.title_edit.selectedText() == "Nouvelle fiche", "the new title is selected: typing replaces it"
    qtbot.keyClicks(editor.title_edit, title)
    assert editor.title_edit.text() == title
    qtbot.keyClicks(editor.structure_edit, structure)
    return page


def wait_saved(qtbot, page: FichesWorkspace) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: not page.editor.is_dirty(), timeout=5000)
    assert page.editor.save_state.text() == "✓ Enregistré"


def test_a_typed_fiche_is_autosaved(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = new_fiche(qtbot, window, "Epicerie solidaire", "CCAS de Vienne")
    editor = page.editor
    assert editor.save_state.text() == "● Modifications non enregistrées"
    summary = editor.findChild(QWidget, "field_summary")
    qtbot.keyClicks(summary, "Des produits a petit prix.")
    wait_saved(qtbot, page)
    stored = fiches.load(window.context.open_store, editor.fiche_id)
    assert stored.title == "Epicerie solidaire"
    assert stored.structure_name == "CCAS de Vienne"
    assert stored.summary == "Des produits a petit prix."
    assert page.model.rowCount() == 1
    assert page.filters.count_label.text() == "1 fiche"


def test_undo_and_redo_across_fields_with_the_keyboard(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = new_fiche(qtbot, window, "Garage", "Convergences")
    editor = page.editor
    editor.structure_edit.setFocus()
    qtbot.keyClick(editor.structure_edit, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert editor.structure_edit.text() == ""
    qtbot.keyClick(editor.structure_edit, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert editor.title_edit.text() == "Nouvelle fiche", "typing in one field is one undo step"
    qtbot.keyClick(editor.structure_edit, Qt.Key.Key_Z,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert editor.title_edit.text() == "Garage"
    qtbot.keyClick(editor.structure_edit, Qt.Key.Key_Z,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert editor.structure_edit.text() == "Convergences"
    assert window.undo_group.activeStack() is editor.undo_stack


def test_undo_reaches_tables_and_choices(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = new_fiche(qtbot, window, "Plateforme", "CCAS de Grenoble")
    editor = page.editor
    partners = editor.findChild(QWidget, "field_partners")
    qtbot.mouseClick(partners.add_button, Qt.MouseButton.LeftButton)
    partners.table.item(0, 0).setText("Compagnons Bâtisseurs")
    assert editor.state.partners[0].name == "Compagnons Bâtisseurs"
    themes = editor.findChild(QWidget, "field_themes")
    themes.boxes["precarite_energetique"].setChecked(True)
    assert editor.state.themes == ["precarite_energetique"]
    editor.undo_stack.undo()
    assert editor.state.themes == [] and not themes.boxes["precarite_energetique"].isChecked()
    editor.undo_stack.undo()
    assert editor.state.partners[0].name == ""
    editor.undo_stack.undo()
    assert editor.state.partners == [] and partners.table.rowCount() == 0
    editor.undo_stack.redo()
    editor.undo_stack.redo()
    assert partners.table.item(0, 0).text() == "Compagnons Bâtisseurs"


def test_invalid_input_is_shown_inline_and_not_saved(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = new_fiche(qtbot, window, "X", "CCAS")
    editor = page.editor
    editor.title_edit.clear()
    beneficiaries = editor.findChild(QWidget, "field_beneficiaries_per_year")
    beneficiaries.setFocus()  # errors show once the user leaves a field
    qtbot.keyClicks(beneficiaries, "beaucoup")
    editor.title_edit.setFocus()
    assert editor.findChild(QWidget, "error_title").isVisible()
    assert editor.findChild(QWidget, "error_title").text() == "Le titre est obligatoire."
    assert "n'est pas un nombre entier" in editor.findChild(QWidget, "error_beneficiaries_per_year").text()
    assert editor.save_state.text() == "⚠ Non enregistré : corrigez les champs signalés"
    qtbot.waitUntil(lambda: not editor.autosave.isActive(), timeout=AUTOSAVE_DELAY_MS)
    assert not editor.save_now(), "what the autosave would run refuses the invalid fiche"
    assert fiches.search(window.context.open_store, FicheQuery()) == []


def test_a_number_out_of_all_proportion_is_refused_inline_and_not_saved(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = new_fiche(qtbot, window, "Épicerie", "CCAS")
    editor = page.editor
    beneficiaries = editor.findChild(QWidget, "field_beneficiaries_per_year")
    beneficiaries.setFocus()
    qtbot.keyClicks(beneficiaries, "9" * 20)
    editor.title_edit.setFocus()
    assert editor.findChild(QWidget, "error_beneficiaries_per_year").text() == (
        "Bénéficiaires par an : nombre trop grand (« 99999999999999999999 » ; au plus 1\u202f000\u202f000\u202f000).")
    assert not editor.save_now()
    stored = [fiches.load(window.context.open_store, summary.id)
              for summary in fiches.search(window.context.open_store, FicheQuery())]
    assert all(fiche.beneficiaries_per_year is None for fiche in stored)


def test_autosaved_text_is_there_after_closing_and_reopening(qtbot, app_context: AppContext, data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    win = MainWindow(app_context)
    show_active(qtbot, win)
    page = new_fiche(qtbot, win, "Ferme d'insertion", "Ferme de Moyembrie")
    fiche_id = page.editor.fiche_id
    qtbot.keyClicks(page.editor.findChild(QWidget, "field_core_concept"), "Travail, toit et accompagnement")
    win.close()
    app_context.close()

    reopened = AppContext.open(data_dir)
    try:
        again = MainWindow(reopened)
        qtbot.addWidget(again)
        assert again.current_workspace() == "fiches"
        fiche_page = workspace(again)
        fiche_page.select_fiche(fiche_id)
        core_concept = fiche_page.editor.findChild(QWidget, "field_core_concept")
        assert core_concept.toPlainText() == "Travail, toit et accompagnement"
        assert fiche_page.editor.title_edit.text() == "Ferme d'insertion"
    finally:
        reopened.close(with_auto_backup=False)


def test_an_attachment_dropped_on_the_fiche_is_stored(qtbot, window: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page = new_fiche(qtbot, window, "Enerterre", "PNR")
    document = tmp_path / "convention.pdf"
    document.write_bytes(b"%PDF-1.4 convention de partenariat")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(document))])
    editor = page.editor
    enter = QDragEnterEvent(QPoint(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    assert QApplication.sendEvent(editor, enter) and enter.isAccepted()
    drop = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    assert QApplication.sendEvent(editor, drop)
    assert editor.attachment_list.count() == 1
    assert editor.attachment_list.item(0).text().startswith("convention.pdf")
    wait_saved(qtbot, page)
    stored = fiches.load(window.context.open_store, editor.fiche_id)
    assert [a.file_name for a in stored.attachments] == ["convention.pdf"]
    assert blob_path(window.context.data_dir, stored.attachments[0].sha256).read_bytes() == document.read_bytes()


def saved_then_deleted(qtbot, window: MainWindow, title: str, structure: str) -> tuple[FichesWorkspace, str]:  # type: ignore[no-untyped-def]
    """A fiche typed, saved, then selected in the list and sent to the trash with the Suppr key."""
    page = new_fiche(qtbot, window, title, structure)
    wait_saved(qtbot, page)
    fiche_id = page.editor.fiche_id
    page.view.setFocus()
    page.select_fiche(fiche_id)
    qtbot.keyClick(page.view, Qt.Key.Key_Delete)
    return page, fiche_id


def test_trash_and_restore_from_the_list(qtbot, window: MainWindow, message_boxes) -> None:  # type: ignore[no-untyped-def]
    page, fiche_id = saved_then_deleted(qtbot, window, "Mutinerie", "Mutinerie SAS")
    assert page.model.rowCount() == 0
    assert not page.editor.isEnabled()
    page.filters.trash.setChecked(True)
    assert page.model.rowCount() == 1
    assert page.filters.count_label.text() == "1 fiche dans la corbeille"
    page.view.selectRow(0)
    assert page.restore_action.isEnabled()
    page.restore_action.trigger()
    assert page.model.rowCount() == 0
    page.filters.trash.setChecked(False)
    assert page.model.rowCount() == 1
    assert fiches.load(window.context.open_store, fiche_id).title == "Mutinerie"


def test_examples_from_the_help_menu_then_search_and_filter(qtbot, window: MainWindow, message_boxes) -> None:  # type: ignore[no-untyped-def]
    page = workspace(window)
    page.examples_action.trigger()
    assert message_boxes.kinds() == ["information"]
    assert page.model.rowCount() == 14
    window.show_workspace("accueil")
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.current_workspace() == "fiches", "from a page without a search, Ctrl+F searches the fiches"
    assert page.filters.search_edit.hasFocus()
    qtbot.keyClicks(page.filters.search_edit, "precarite energ")
    qtbot.waitUntil(lambda: page.model.rowCount() < 14, timeout=2000)
    titles = {page.model.data(page.model.index(r, 0)) for r in range(page.model.rowCount())}
    assert any("CCAS de Grenoble" in t for t in titles)
    page.filters.structure_type.setCurrentIndex(page.filters.structure_type.findData("ccas"))
    assert page.model.rowCount() == 1
    assert page.filters.count_label.text() == "1 fiche"


def test_leaving_an_invalid_fiche_asks_before_dropping_it(qtbot, window: MainWindow, message_boxes) -> None:  # type: ignore[no-untyped-def]
    page = new_fiche(qtbot, window, "Brouillon", "")
    message_boxes.answer = QMessageBox.StandardButton.No
    assert not page.flush()
    assert message_boxes.kinds() == ["question"]
    assert page.editor.title_edit.text() == "Brouillon"
    message_boxes.answer = QMessageBox.StandardButton.Yes
    assert page.flush()
    assert not page.editor.isEnabled()


def test_ctrl_s_saves_at_once_and_ctrl_d_duplicates(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = new_fiche(qtbot, window, "Jardin partage", "CCAS de Brest")
    page.editor.autosave.setInterval(60_000)
    qtbot.keyClicks(page.editor.title_edit, " bis")
    assert page.editor.is_dirty()
    qtbot.keyClick(page.editor.title_edit, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert not page.editor.is_dirty()
    assert page.editor.save_state.text() == "✓ Enregistré"
    assert fiches.load(window.context.open_store, page.editor.fiche_id).title.endswith("Jardin partage bis")
    qtbot.keyClick(page.editor.title_edit, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert page.model.rowCount() == 2
    assert page.editor.title_edit.text().startswith("Copie de ")


def test_recent_fiches_menu_reopens_a_fiche(qtbot, window: MainWindow, message_boxes) -> None:  # type: ignore[no-untyped-def]
    page = workspace(window)
    page.examples_action.trigger()
    first, second = page.model.row_id(0), page.model.row_id(1)
    page.select_fiche(first)
    page.select_fiche(second)
    page._fill_recent_menu()
    titles = [action.text() for action in page.recent_menu.actions()]
    assert titles[:2] == [page.model.data(page.model.index(1, 0)).split("  ·")[0],
                          page.model.data(page.model.index(0, 0)).split("  ·")[0]]
    page.filters.search_edit.setText("introuvable")
    page.filters.emit_query()
    assert page.model.rowCount() == 0
    page.recent_menu.actions()[1].trigger()
    assert page.editor.fiche_id == first
    assert page.model.rowCount() == 14, "filters that hid the fiche are cleared"


def test_the_home_page_counts_live_fiches_only(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = new_fiche(qtbot, window, "Compteur", "CCAS")
    wait_saved(qtbot, page)
    assert "Fiches enregistrées : 1" in window.home.facts.text()
    page.trash_action.trigger()
    assert "Fiches enregistrées : 0" in window.home.facts.text()
