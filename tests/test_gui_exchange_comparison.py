"""A conflict decided with its two versions side by side, and a kept version beside the current one, driven with
qtbot in the real dialogs."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from app.gui.exchange.comparison_view import DIFFERS_BACKGROUND, ComparisonView
from app.gui.exchange.preview_dialog import ImportPreviewDialog
from app.gui.main_window import MainWindow
from app.services import exchange, fiches
from app.storage.store import Store
from tests.test_gui_exchange import changed_elsewhere, package_from_elsewhere, page


def shown(view: ComparisonView) -> dict[str, tuple[str, str, bool]]:
    """Field → (this station's text, the other version's, tinted), as the table shows them."""
    table = view.table
    return {table.item(row, 0).text(): (table.item(row, 1).text(), table.item(row, 2).text(),
                                        table.item(row, 0).background().color() == DIFFERS_BACKGROUND)
            for row in range(table.rowCount()) if table.item(row, 0).text()}


def in_conflict(window: MainWindow, tmp_path: Path) -> tuple[ImportPreviewDialog, str]:
    """« CCAS de Dieppe » and this station both changed a fiche's summary; its package is being previewed."""
    other = Store.open(tmp_path / "autre-poste")
    exchange.rename_workstation(other, "CCAS de Dieppe")
    other.close()
    path, fiche_id = package_from_elsewhere(tmp_path)
    receive = page(window).receive
    receive.import_package(path)
    receive.preview.accept()
    fiche = fiches.load(window.context.store, fiche_id)
    fiche.summary = "Modifiée ici"
    fiches.save(window.context.store, fiche)
    receive.import_package(changed_elsewhere(tmp_path, fiche_id, "encore.essaim", summary="Modifiée là-bas",
                                             status="partagee"))
    return receive.preview, fiche_id


def test_a_conflict_is_decided_beside_its_two_versions(qtbot, window: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    preview, fiche_id = in_conflict(window, tmp_path)
    view = preview.comparison
    headers = [view.table.horizontalHeaderItem(column).text() for column in range(3)]
    assert headers == ["Champ", "Ce poste", "Paquet de CCAS de Dieppe"]
    assert "Fiche « Fiche reçue » : 2 champs diffèrent" in view.heading.text(), "the conflict is shown at once"
    rows = shown(view)
    assert rows["≠ Résumé"] == ("Modifiée ici", "Modifiée là-bas", True)
    assert rows["≠ Statut"] == ("Validée", "Partagée", True), "codes are shown by their French labels"
    assert rows["Titre"] == ("Fiche reçue", "Fiche reçue", False)
    assert rows["Date de démarrage"][0] == "mars 2021"

    view.only_differences.setChecked(True)
    assert list(shown(view)) == ["≠ Résumé", "≠ Statut"]

    theirs = next(button for button in preview.decision.buttons() if button.text() == "Prendre la leur")
    assert isinstance(theirs, QPushButton) and not preview.import_button.isEnabled()
    qtbot.mouseClick(theirs, Qt.MouseButton.LeftButton)
    assert preview.choices[fiche_id].currentText() == "Prendre la leur", "the record's choice, as in its row"
    assert theirs.isChecked() and preview.import_button.isEnabled()
    qtbot.mouseClick(preview.import_button, Qt.MouseButton.LeftButton)
    assert fiches.load(window.context.store, fiche_id).summary == "Modifiée là-bas"


def test_the_preview_fits_the_screen_and_a_new_record_has_nothing_to_compare(  # type: ignore[no-untyped-def]
        qtbot, window: MainWindow, tmp_path: Path) -> None:
    path, _ = package_from_elsewhere(tmp_path)
    receive = page(window).receive
    receive.import_package(path)
    preview = receive.preview
    screen = preview.screen().availableGeometry()
    assert preview.width() <= screen.width() and preview.height() <= screen.height()
    assert "nouveau, rien à comparer" in preview.comparison.heading.text()
    assert preview.comparison.table.rowCount() == 0
    assert not any(button.isVisible() for button in preview.decision.buttons()), "no choice to make"


def test_a_kept_version_is_shown_beside_the_current_one(qtbot, window: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    preview, _fiche_id = in_conflict(window, tmp_path)
    preview.choose_all("mine")
    preview.accept()
    dialog = page(window).receive.show_kept_versions()
    assert dialog.comparison.heading.text() == "Choisissez une ligne pour comparer ses deux versions."
    dialog.table.selectRow(0)
    headers = [dialog.comparison.table.horizontalHeaderItem(column).text() for column in (1, 2)]
    assert headers[0] == "Version actuelle" and headers[1].startswith("Version conservée le ")
    rows = shown(dialog.comparison)
    assert rows["≠ Résumé"] == ("Modifiée ici", "Modifiée là-bas", True), "the set-aside version beside ours"
