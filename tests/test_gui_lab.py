"""Labo in the window, driven as a user would: start a project by answering the questions, tick items and undo,
attach evidence by dropping a file, see what is late, follow an item's link to Financements."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QTreeWidget,
    QTreeWidgetItem,
)

from app.domain.lab import ItemStatus
from app.domain.lab_template import LabAnswers
from app.gui.labs.project_dialog import LabProjectDialog
from app.gui.labs.workspace import LabWorkspace
from app.gui.main_window import MainWindow
from app.services import labs
from app.services.funding_catalogue import scheme_id
from tests.conftest import show_active

TEMPLATE = "unccas-fabriquer"


def open_labo(qtbot, window: MainWindow) -> LabWorkspace:  # type: ignore[no-untyped-def]
    qtbot.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    assert window.current_workspace() == "labo"
    page = window.page("labo")
    assert isinstance(page, LabWorkspace)
    return page


def item_row(page: LabWorkspace, number: str) -> QTreeWidgetItem:
    tree = page.findChild(QTreeWidget, "labTree")
    for n in range(tree.topLevelItemCount()):
        phase = tree.topLevelItem(n)
        for m in range(phase.childCount()):
            if phase.child(m).text(0) == number:
                return phase.child(m)
    raise AssertionError(number)


def stored(page: LabWorkspace, number: str) -> str:
    view = labs.load(page.context.open_store, page.current_lab_id() or "")
    return next(item.status for item in view.items if item.number == number)


def test_a_new_project_asks_the_questions_and_draws_the_checklist_that_fits(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = open_labo(qtbot, window)
    assert page.findChild(QLabel, "labEmpty").isVisible(), "an empty workspace says what to do first"
    dialog = page.new_project()
    assert isinstance(dialog, LabProjectDialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled(), "a project needs a name"
    qtbot.keyClicks(dialog.findChild(QLineEdit, "labName"), "Lab de Mens")
    qtbot.keyClicks(dialog.findChild(QLineEdit, "labStructure"), "CCAS de Mens")
    dialog.findChild(QSpinBox, "labPopulation").setValue(9000)
    advice = dialog.findChild(QLabel, "labAdvice")
    assert "rejoindre un lab existant" in advice.text(), "the study's advice to a small CCAS that would create one"
    dialog.findChild(QRadioButton, "labPath_rejoindre").click()
    assert advice.isHidden()
    assert dialog.findChild(QLabel, "labCount").text() == "83 éléments, dont 20 sans objet pour ces réponses."
    ok.click()
    qtbot.waitUntil(lambda: page.current_lab_id() is not None)
    assert "Lab de Mens" in page.findChild(QLabel, "labHeader").text()
    assert "Rejoindre un lab existant" in page.findChild(QLabel, "labHeader").text()
    left_out = item_row(page, "1.5")
    assert left_out.text(2) == "Sans objet" and "rejoint un lab existant" in left_out.toolTip(2)
    assert not left_out.flags() & Qt.ItemFlag.ItemIsUserCheckable


def test_ticking_an_item_stores_it_and_undo_takes_it_back(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    labs.start(window.context.open_store, "Lab de Vif", "CCAS de Vif", LabAnswers("lab_dedie", "creer", 50_000),
               TEMPLATE)
    page = open_labo(qtbot, window)
    row = item_row(page, "1.2")
    row.setCheckState(0, Qt.CheckState.Checked)
    assert stored(page, "1.2") == ItemStatus.FAIT, "ticked: done and stored at once"
    assert item_row(page, "1.2").text(2) == "Fait"
    assert page.editor.heading.text().startswith("1.2 ")
    assert page.editor.done.value() == date.today()
    assert "1 fait sur" in page.progress.format()
    qtbot.keyClick(page.tree, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert page.editor.status.value() == ItemStatus.A_FAIRE
    qtbot.waitUntil(lambda: stored(page, "1.2") == ItemStatus.A_FAIRE, timeout=5000)
    assert item_row(page, "1.2").checkState(0) == Qt.CheckState.Unchecked
    page.undo_stack.redo()
    qtbot.waitUntil(lambda: stored(page, "1.2") == ItemStatus.FAIT, timeout=5000)


def test_evidence_is_attached_by_dropping_a_file_on_the_item(qtbot, window: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    labs.start(window.context.open_store, "Lab de Vif", "CCAS de Vif", LabAnswers(), TEMPLATE)
    page = open_labo(qtbot, window)
    page.tree.setCurrentItem(item_row(page, "2.2"))
    minutes = tmp_path / "deliberation.pdf"
    minutes.write_bytes(b"%PDF-1.4 deliberation du conseil d'administration")
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(minutes))])
    enter = QDragEnterEvent(QPoint(10, 10), Qt.DropAction.CopyAction, data, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    assert QApplication.sendEvent(page.editor, enter) and enter.isAccepted()
    drop = QDropEvent(QPoint(10, 10).toPointF(), Qt.DropAction.CopyAction, data, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    assert QApplication.sendEvent(page.editor, drop)
    assert [attachment.file_name for attachment in page.editor.evidence.value()] == ["deliberation.pdf"]
    qtbot.waitUntil(lambda: not page.editor.is_dirty(), timeout=5000)
    view = labs.load(window.context.open_store, page.current_lab_id() or "")
    (item,) = [item for item in view.items if item.number == "2.2"]
    assert item.evidence[0].file_name == "deliberation.pdf"


def test_late_and_blocked_items_are_said_in_the_list(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    import dataclasses

    store = window.context.open_store
    view = labs.start(store, "Lab", "CCAS", LabAnswers("lab_dedie", "creer", 50_000), TEMPLATE)
    first = next(item for item in view.items if item.number == "1.1")
    labs.save_item(store, dataclasses.replace(first, due_on=date.today() - timedelta(days=3)))
    page = open_labo(qtbot, window)
    assert item_row(page, "1.1").text(5) == "en retard"
    blocked = next(item for item in view.items if item.depends_on)
    assert item_row(page, blocked.number).text(5).startswith("attend ")


def test_an_items_schemes_open_in_financements(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    labs.start(window.context.open_store, "Lab", "CCAS", LabAnswers(), TEMPLATE)
    page = open_labo(qtbot, window)
    page.tree.setCurrentItem(item_row(page, "9.3"))
    button = page.editor.findChild(QPushButton, "labItemSchemes")
    assert button.isVisible() and "(" in button.text()
    button.click()
    assert window.current_workspace() == "financements"
    funding = window.page("financements")
    assert funding.findChild(QLabel, "fundingPinned").text().startswith("Dispositifs liés à « 9.3 ")
    shown = {scheme.id for row in range(funding.model.rowCount()) if (scheme := funding.model.scheme_at(row))}
    assert scheme_id("unccas-ditp-mooc-lab-innovation-publique") in shown
    funding.findChild(QPushButton, "fundingUnpin").click()
    assert not funding.findChild(QLabel, "fundingPinned").isVisible()


def test_schemes_asked_for_before_financements_was_ever_built_are_shown_there(qtbot, app_context) -> None:  # type: ignore[no-untyped-def]
    win = MainWindow(app_context)
    qtbot.addWidget(win)
    win.events.schemes_wanted.emit(["unccas-ditp-mooc-lab-innovation-publique"], "9.3 Se former")
    show_active(qtbot, win)
    assert win.current_workspace() == "financements"
    funding = win.page("financements")
    assert funding.findChild(QLabel, "fundingPinned").text().startswith("Dispositifs liés à « 9.3 Se former")
    assert [funding.model.scheme_at(row).id for row in range(funding.model.rowCount())] == [
        scheme_id("unccas-ditp-mooc-lab-innovation-publique")]


def test_a_new_template_version_is_previewed_then_applied_from_the_window(  # type: ignore[no-untyped-def]
        qtbot, window: MainWindow, tmp_path: Path) -> None:
    from PySide6.QtWidgets import QMessageBox

    from tests.test_lab import next_version, shipped, write_template

    labs.start(window.context.open_store, "Lab de Vif", "CCAS de Vif", LabAnswers(), TEMPLATE)
    page = open_labo(qtbot, window)
    page.import_template(write_template(tmp_path / "v2.json", next_version(shipped())))
    box = page.findChild(QMessageBox, "labTemplatePreview")
    assert box is not None and "version 2 (ce poste a la version 1)" in box.text()
    assert "« Lab de Vif » : 1 ajouté(s), 0 gardé(s)" in box.text()
    assert "+ 1.8 Rencontrer l'UDCCAS" in box.detailedText()
    box.button(QMessageBox.StandardButton.Yes).click()
    qtbot.waitUntil(lambda: item_row_exists(page, "1.8"))
    assert labs.template(window.context.open_store, TEMPLATE).revision == 2


def item_row_exists(page: LabWorkspace, number: str) -> bool:
    try:
        item_row(page, number)
    except AssertionError:
        return False
    return True


def test_changing_the_answers_later_moves_the_items_left_alone(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    labs.start(window.context.open_store, "Lab de Vif", "CCAS de Vif", LabAnswers("lab_integre", "creer", 50_000),
               TEMPLATE)
    page = open_labo(qtbot, window)
    assert item_row(page, "1.5").text(2) == "À faire"
    dialog = page.change_answers()
    assert isinstance(dialog, LabProjectDialog) and not dialog.findChild(QLineEdit, "labName").isEnabled()
    dialog.findChild(QRadioButton, "labPath_rejoindre").click()
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: item_row(page, "1.5").text(2) == "Sans objet")
    assert "Rejoindre un lab existant" in page.findChild(QLabel, "labHeader").text()
