"""The main window, driven with qtbot on the offscreen platform."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QStyle, QWidget

from app.gui.application import EXIT_LOCKED, run_gui
from app.gui.error_dialog import ExceptionDialog, install_excepthook
from app.gui.main_window import HOME_KEY, MainWindow
from app.gui.maintenance_dialogs import CheckReportDialog, RestoreDialog
from app.gui.operations import StoreEvents
from app.gui.preferences_dialog import PreferencesDialog
from app.gui.workspace_page import WorkspacePage
from app.gui.workspaces import WorkspaceSpec
from app.logging_setup import setup_logging
from app.services.app_context import AppContext
from app.services.preferences import load_preferences
from app.storage.models import Fiche
from app.storage.store import Store
from tests.conftest import show_active


class LabelledPage(WorkspacePage):
    """A workspace page that only shows a text."""

    def __init__(self, text: str, context: AppContext, events: StoreEvents, parent: QWidget | None) -> None:
        super().__init__(context, events, parent)
        self.label = QLabel(text, self)

        self.action = QAction(f"Action de la {text}", self)

    def text(self) -> str:
        return self.label.text()

    def file_actions(self) -> list[QAction]:
        return [self.action]


def labelled_page(text: str) -> Callable[[AppContext, StoreEvents, QWidget | None], WorkspacePage]:
    return lambda context, events, parent: LabelledPage(text, context, events, parent)


TEST_WORKSPACES = [
    WorkspaceSpec(1, "fiches", "Fiches", QStyle.StandardPixmap.SP_FileIcon, labelled_page("page fiches")),
    WorkspaceSpec(3, "financements", "Financements", QStyle.StandardPixmap.SP_DirIcon,
                  labelled_page("page financements")),
]


@pytest.fixture
def window(qtbot, app_context: AppContext) -> MainWindow:  # type: ignore[no-untyped-def]
    win = MainWindow(app_context, TEST_WORKSPACES)
    show_active(qtbot, win)
    return win


def counted_pages(built: list[str]) -> list[WorkspaceSpec]:
    """TEST_WORKSPACES whose pages write their key in `built` when they are made."""
    def counted(spec: WorkspaceSpec) -> WorkspaceSpec:
        def factory(context: AppContext, events: StoreEvents, parent: QWidget | None) -> WorkspacePage:
            built.append(spec.key)
            return spec.factory(context, events, parent)  # type: ignore[arg-type]
        return WorkspaceSpec(spec.number, spec.key, spec.title, spec.icon, factory)
    return [counted(spec) for spec in TEST_WORKSPACES]


def test_a_page_is_built_when_first_needed_and_the_others_just_after_the_first_show(  # type: ignore[no-untyped-def]
        qtbot, app_context: AppContext) -> None:
    built: list[str] = []
    win = MainWindow(app_context, counted_pages(built))
    qtbot.addWidget(win)
    assert built == [], "the home page comes first: no workspace is built before it is shown"
    win.show_workspace("financements")
    assert built == ["financements"]
    assert win.stack.currentWidget().text() == "page financements"
    menu = [action.text() for action in win.file_menu.actions()]
    assert "Action de la page financements" in menu and "Action de la page fiches" not in menu
    win.show()
    qtbot.waitUntil(lambda: built == ["financements", "fiches"], timeout=3000)
    menu = [action.text() for action in win.file_menu.actions()]
    assert menu[:2] == ["Action de la page fiches", "Action de la page financements"], "in side-bar order"
    assert win.current_workspace() == "financements" and win.stack.currentWidget().text() == "page financements"


def test_opening_the_file_menu_builds_the_pages_whose_actions_it_lists(qtbot, app_context: AppContext) -> None:  # type: ignore[no-untyped-def]
    built: list[str] = []
    win = MainWindow(app_context, counted_pages(built))
    qtbot.addWidget(win)
    win.file_menu.aboutToShow.emit()
    assert sorted(built) == ["fiches", "financements"]
    assert [action.text() for action in win.file_menu.actions()][:2] == ["Action de la page fiches",
                                                                         "Action de la page financements"]


def find_dialog(kind: type) -> QWidget | None:
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, kind) and widget.isVisible():
            return widget
    return None


def test_window_opens_in_french_on_the_home_page(window: MainWindow) -> None:
    assert window.windowTitle() == "Essaim"
    menus = [action.text() for action in window.menuBar().actions()]
    assert menus == ["&Fichier", "&Édition", "&Affichage", "&Outils", "&Aide"]
    assert window.current_workspace() == HOME_KEY
    facts = window.home.facts.text()
    assert str(window.context.data_dir) in facts
    assert "Fiches enregistrées : 0" in facts


def test_ctrl_number_switches_workspace(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.current_workspace() == "financements"
    assert window.stack.currentWidget().text() == "page financements"
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.current_workspace() == "fiches"
    qtbot.keyClick(window, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert window.current_workspace() == HOME_KEY
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.current_workspace() == HOME_KEY, "no workspace 2 is registered: nothing happens"


def test_no_workspace_is_offered_before_it_works(qtbot, app_context: AppContext) -> None:  # type: ignore[no-untyped-def]
    win = MainWindow(app_context)
    qtbot.addWidget(win)
    assert win.sidebar.count() == 1 + len(win.specs)


def test_preferences_persist_across_a_restart(qtbot, app_context: AppContext, data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    win = MainWindow(app_context, TEST_WORKSPACES)
    qtbot.addWidget(win)
    win.show()
    win.preferences_action.trigger()
    dialog = find_dialog(PreferencesDialog)
    assert dialog is not None
    dialog.backup_keep_spin.setValue(7)
    qtbot.keyClicks(dialog.author_edit, "Claire Martin")
    qtbot.keyClicks(dialog.structure_edit, "CCAS de Grenoble")
    dialog.accept()
    win.show_workspace("financements")
    win.resize(720, 520)
    win.close()
    app_context.close()

    restarted = AppContext.open(data_dir)
    try:
        again = MainWindow(restarted, TEST_WORKSPACES)
        qtbot.addWidget(again)
        assert again.current_workspace() == "financements"
        assert again.size().width() == 720 and again.size().height() == 520
        again.preferences_action.trigger()
        reopened = find_dialog(PreferencesDialog)
        assert reopened.backup_keep_spin.value() == 7
        assert reopened.author_edit.text() == "Claire Martin"
        assert reopened.structure_edit.text() == "CCAS de Grenoble"
        reopened.reject()
    finally:
        restarted.close(with_auto_backup=False)


def test_invalid_preferences_are_refused_with_a_message(qtbot, window: MainWindow, message_boxes) -> None:  # type: ignore[no-untyped-def]
    window.preferences_action.trigger()
    dialog = find_dialog(PreferencesDialog)
    dialog.data_dir_edit.setText("dossier/relatif")
    dialog.accept()
    assert message_boxes.kinds() == ["warning"]
    assert "chemin complet" in message_boxes.calls[0][2]
    assert dialog.isVisible()
    assert load_preferences().data_dir == ""


@pytest.mark.qt_no_exception_capture
def test_an_uncaught_error_shows_a_french_dialog_with_copyable_details(qtbot, window: MainWindow, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    log_file = setup_logging()
    install_excepthook()

    def boom() -> None:
        raise ZeroDivisionError("division par zéro injectée")

    QTimer.singleShot(0, boom)
    qtbot.waitUntil(lambda: find_dialog(ExceptionDialog) is not None, timeout=3000)
    dialog = find_dialog(ExceptionDialog)
    assert dialog.windowTitle() == "Une erreur est survenue"
    assert "division par zéro injectée" in dialog.summary_label.text()
    assert "Traceback" in dialog.details.toPlainText()
    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    assert "division par zéro injectée" in QGuiApplication.clipboard().text()
    dialog.close()
    assert log_file is not None and log_file.parent == Path(os.environ["ESSAIM_LOG_DIR"])
    assert "division par zéro injectée" in log_file.read_text(encoding="utf-8")


def test_integrity_check_from_the_help_menu(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.check_action.trigger()
    dialog = find_dialog(CheckReportDialog)
    assert dialog is not None
    assert dialog.findChild(QLabel, "checkVerdict").text() == "Aucun problème trouvé."
    assert "Intégrité du fichier SQLite : correcte." in dialog.text.toPlainText()
    dialog.close()


def test_about_shows_the_version_and_a_link_to_the_data_folder(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    from app.gui.about_dialog import AboutDialog

    window.open_about()
    dialog = find_dialog(AboutDialog)
    link = dialog.findChild(QLabel, "dataFolderLink")
    assert "href=\"file://" in link.text()
    assert str(window.context.data_dir) in link.text()
    assert link.openExternalLinks()
    dialog.close()


def test_restore_from_the_gui_after_confirmation(qtbot, window: MainWindow, message_boxes) -> None:  # type: ignore[no-untyped-def]
    store = window.context.open_store
    with store.transaction() as session:
        session.add(Fiche(title="Dans la sauvegarde"))
    window.backup_action.trigger()
    with store.transaction() as session:
        session.add(Fiche(title="Ajoutée après"))
    window.home.refresh()
    assert "Fiches enregistrées : 2" in window.home.facts.text()

    window.restore_action.trigger()
    dialog = find_dialog(RestoreDialog)
    assert dialog.list.count() == 1
    message_boxes.answer = QMessageBox.StandardButton.No
    dialog._confirm_selected()
    assert "Fiches enregistrées : 2" in window.home.facts.text(), "refusing the confirmation changes nothing"
    message_boxes.answer = QMessageBox.StandardButton.Yes
    window.restore_action.trigger()
    find_dialog(RestoreDialog)._confirm_selected()

    assert message_boxes.kinds()[-1] == "information"
    assert "Fiches enregistrées : 1" in window.home.facts.text()
    with window.context.open_store.read() as session:
        assert [f.title for f in session.query(Fiche)] == ["Dans la sauvegarde"]


def test_a_second_launch_on_the_same_store_says_so_and_exits(qtbot, data_dir: Path, message_boxes) -> None:  # type: ignore[no-untyped-def]
    holder = Store.open(data_dir)
    try:
        args = argparse.Namespace(data_dir=str(data_dir), quit_when_shown=True, command=None)
        assert run_gui(args) == EXIT_LOCKED
    finally:
        holder.close()
    assert message_boxes.kinds() == ["critical"]
    assert "déjà ouvert" in message_boxes.calls[0][2]


def test_default_daily_costs_are_edited_in_the_preferences(qtbot, window: MainWindow, message_boxes) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QTableWidgetItem

    window.preferences_action.trigger()
    dialog = find_dialog(PreferencesDialog)
    table = dialog.daily_costs
    roles = [table.item(r, 0).text() for r in range(table.rowCount())]
    assert "Chef de projet" in roles
    dialog._add_cost_row("Médiateur numérique", "210")
    dialog.accept()
    assert load_preferences().daily_costs["Médiateur numérique"] == "210"
    window.preferences_action.trigger()
    dialog = find_dialog(PreferencesDialog)
    table = dialog.daily_costs
    table.setItem(0, 1, QTableWidgetItem("cher"))
    dialog.accept()
    assert message_boxes.kinds() == ["warning"] and "Coût journalier invalide" in message_boxes.calls[0][2]
    dialog.reject()
