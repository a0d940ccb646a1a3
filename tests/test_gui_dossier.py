"""Fichier › Exporter le dossier (Ctrl+E) driven with qtbot: choices, progress, cancel, replace, open."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidgetItem, QMessageBox, QProgressDialog

from app.gui.dossier_dialog import DossierExportDialog, ExportDoneDialog
from app.gui.fiches.workspace import FichesWorkspace
from app.gui.main_window import MainWindow
from app.services import grid
from tests.dossier_reading import docx_text, pdf_text, xlsx_text

READERS = {".docx": docx_text, ".xlsx": xlsx_text, ".pdf": pdf_text}


def open_example(window: MainWindow, words: str) -> str:
    page = window.page("fiches")
    assert isinstance(page, FichesWorkspace)
    page.examples_action.trigger()
    row = next(r for r in range(page.model.rowCount()) if words in page.model.data(page.model.index(r, 0)))
    page.select_fiche(page.model.row_id(row))
    return page.editor.fiche_id


def export_dialog(qtbot, window: MainWindow) -> DossierExportDialog:  # type: ignore[no-untyped-def]
    qtbot.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    dialog = window.exporter.dialog
    assert isinstance(dialog, DossierExportDialog)
    qtbot.waitUntil(dialog.isVisible, timeout=2000)
    return dialog


def test_ctrl_e_exports_the_open_fiche_in_every_format(qtbot, window: MainWindow, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                         opened_urls: list) -> None:
    open_example(window, "Garage solidaire")
    dialog = export_dialog(qtbot, window)
    assert "Garage solidaire du Hainaut - réparer" in dialog.names.text()
    assert not dialog.personal.isChecked(), "personal data stays out unless asked for"
    dialog.folder.setText(str(tmp_path / "dossiers"))
    assert ".docx" in dialog.names.text() and ".pdf" in dialog.names.text()
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    done = window.exporter.done_dialog
    assert isinstance(done, ExportDoneDialog) and done.isVisible()
    written = sorted((tmp_path / "dossiers").iterdir())
    assert sorted(p.suffix for p in written) == [".docx", ".pdf", ".xlsx"]
    pdf = next(p for p in written if p.suffix == ".pdf")
    assert "Modèle économique" in pdf_text(pdf) and "Soufiane" not in pdf_text(pdf)
    done.files.setCurrentRow([p.name for p in done.paths].index(pdf.name))
    qtbot.mouseClick(done.open_file_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(done.open_folder_button, Qt.MouseButton.LeftButton)
    assert [url.toLocalFile() for url in opened_urls] == [str(pdf), str(tmp_path / "dossiers")]
    assert window.context.preferences.export_dir == str(tmp_path / "dossiers")


def test_one_format_some_parts_and_replace_asks_first(qtbot, window: MainWindow, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                       message_boxes) -> None:
    open_example(window, "Garage solidaire")
    dialog = export_dialog(qtbot, window)
    dialog.folder.setText(str(tmp_path))
    dialog.format_boxes["docx"].setChecked(False)
    dialog.format_boxes["xlsx"].setChecked(False)
    for n in range(dialog.parts.count()):
        item = dialog.parts.item(n)
        if item.data(Qt.ItemDataRole.UserRole) != "partenaires":
            item.setCheckState(Qt.CheckState.Unchecked)
    dialog.personal.setChecked(True)
    dialog.accept()
    (pdf,) = tmp_path.glob("*.pdf")
    text = pdf_text(pdf)
    assert "Partenaires" in text and "Modèle économique" not in text and "Dispositif" not in text
    first = pdf.read_bytes()

    message_boxes.answer = QMessageBox.StandardButton.No
    assert window.exporter.export(dialog.request(), "Garage solidaire du Hainaut : réparer et vendre des véhicules "
                                  "à bas coût pour l'emploi") is None
    assert message_boxes.kinds()[-1] == "question" and pdf.read_bytes() == first


def test_nothing_to_export_without_a_fiche(qtbot, window: MainWindow, message_boxes) -> None:  # type: ignore[no-untyped-def]
    window.export_action.trigger()
    assert message_boxes.kinds() == ["information"]
    assert window.exporter.dialog is None


def test_export_button_needs_a_format_and_a_part(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    open_example(window, "Garage solidaire")
    dialog = export_dialog(qtbot, window)
    assert dialog.export_button.isEnabled()
    for box in dialog.format_boxes.values():
        box.setChecked(False)
    assert not dialog.export_button.isEnabled()
    assert "au moins un format" in dialog.names.text()
    dialog.format_boxes["pdf"].setChecked(True)
    dialog.folder.setText("relatif/dossier")
    assert not dialog.export_button.isEnabled()
    dialog.reject()


def test_cancelling_the_progress_writes_nothing(qtbot, window: MainWindow, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    open_example(window, "Garage solidaire")
    monkeypatch.setattr(QProgressDialog, "wasCanceled", lambda self: self.value() > 100)
    dialog = export_dialog(qtbot, window)
    dialog.folder.setText(str(tmp_path / "annule"))
    dialog.accept()
    assert window.exporter.done_dialog is None
    assert not (tmp_path / "annule").exists() or list((tmp_path / "annule").iterdir()) == []


def scenario_items(dialog: DossierExportDialog) -> dict[str, QListWidgetItem]:
    return {dialog.scenarios.item(n).text(): dialog.scenarios.item(n) for n in range(dialog.scenarios.count())}


def test_the_dossier_holds_the_scenarios_ticked_in_the_dialog(qtbot, window: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    fiche_id = open_example(window, "Garage solidaire")
    store = window.context.open_store
    first = grid.scenarios(store, fiche_id)[0]
    grid.duplicate(store, first, "Deux garages dans le Hainaut")
    grid.duplicate(store, first, "Variante sans investissement")
    dialog = export_dialog(qtbot, window)
    items = scenario_items(dialog)
    assert list(items) == [first.name, "Deux garages dans le Hainaut", "Variante sans investissement"]
    assert all(item.checkState() == Qt.CheckState.Checked for item in items.values()), "all of them by default"
    items["Deux garages dans le Hainaut"].setCheckState(Qt.CheckState.Unchecked)
    dialog.folder.setText(str(tmp_path / "dossiers"))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    written = sorted((tmp_path / "dossiers").iterdir())
    assert [path.suffix for path in written] == [".docx", ".pdf", ".xlsx"]
    for path in written:
        text = READERS[path.suffix](path)
        assert first.name in text and "Variante sans investissement" in text, path.suffix
        assert "Deux garages dans le Hainaut" not in text, path.suffix


def test_no_scenario_ticked_is_refused_unless_the_grid_part_is_left_out(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    open_example(window, "Garage solidaire")
    dialog = export_dialog(qtbot, window)
    assert not dialog.scenario_note.isVisible()
    for item in scenario_items(dialog).values():
        item.setCheckState(Qt.CheckState.Unchecked)
    assert not dialog.export_button.isEnabled()
    assert dialog.scenario_note.isVisible()
    assert dialog.scenario_note.text() == "Cochez au moins un scénario, ou décochez la partie « Modèle économique »."
    grid_part = next(dialog.parts.item(n) for n in range(dialog.parts.count())
                     if dialog.parts.item(n).text() == "Modèle économique")
    grid_part.setCheckState(Qt.CheckState.Unchecked)
    assert dialog.export_button.isEnabled() and not dialog.scenarios.isEnabled()
    assert "n'est pas cochée : aucun scénario n'est inclus" in dialog.scenario_note.text()
    dialog.reject()


def test_a_fiche_without_scenario_says_its_dossier_has_no_grid(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    fiche_id = open_example(window, "Garage solidaire")
    grid.delete(window.context.open_store, grid.scenarios(window.context.open_store, fiche_id)[0].id)
    dialog = export_dialog(qtbot, window)
    assert dialog.scenarios.count() == 0 and dialog.export_button.isEnabled()
    assert dialog.scenario_note.text() == ("Cette fiche n'a pas encore de modèle économique : le dossier n'en aura "
                                           "pas.")
    dialog.reject()


def test_the_export_dialog_fits_a_small_screen(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    fiche_id = open_example(window, "Garage solidaire")
    for n in range(12):
        grid.create(window.context.open_store, fiche_id, f"Variante {n + 1}")
    dialog = export_dialog(qtbot, window)
    assert dialog.width() <= 1366 and dialog.height() <= 768 - 60, "a 1366×768 screen with its task bar"
    assert dialog.height() >= dialog.sizeHint().height(), "as tall as its lists and labels need"
    assert dialog.personal.geometry().top() >= dialog.parts.geometry().bottom(), "the part list overlaps nothing"
    dialog.reject()
