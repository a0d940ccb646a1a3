"""Undo in the fiche editor goes back one editing burst at a time: a pause, a focus change or a save ends a
step, so Ctrl+Z never erases what was typed in separate sittings."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QWidget

from app.gui import snapshot_editor
from app.gui.main_window import MainWindow
from tests.test_gui_fiches import new_fiche

CTRL = Qt.KeyboardModifier.ControlModifier


def field(page, name: str) -> QWidget:  # type: ignore[no-untyped-def]
    found = page.editor.findChild(QWidget, f"field_{name}")
    assert found is not None
    return found


def undo(qtbot, widget: QWidget) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(widget, Qt.Key.Key_Z, CTRL)


def text_of(widget: QWidget) -> str:
    return widget.toPlainText() if isinstance(widget, QPlainTextEdit) else widget.text()  # type: ignore[union-attr]


def typed_twice_then_undone(qtbot, widget: QWidget, first: str, between: Callable[[], None],  # type: ignore[no-untyped-def]
                            second: str) -> str:
    """Type `first`, do `between`, type `second`, press Ctrl+Z: what the field then holds."""
    widget.setFocus()
    qtbot.keyClicks(widget, first)
    between()
    qtbot.keyClicks(widget, second)
    undo(qtbot, widget)
    return text_of(widget)


def test_leaving_a_field_ends_the_step(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = new_fiche(qtbot, window, "Epicerie", "CCAS de Vienne")
    summary, need = field(page, "summary"), field(page, "need")

    def leave_and_come_back() -> None:
        need.setFocus()
        summary.setFocus()

    assert typed_twice_then_undone(qtbot, summary, "Des produits a petit prix.", leave_and_come_back,
                                   " Ouverte le samedi.") == "Des produits a petit prix."


def test_a_pause_ends_the_step(qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(snapshot_editor, "BURST_PAUSE_S", 0.05)
    page = new_fiche(qtbot, window, "Navette", "CCAS de Vizille")
    assert typed_twice_then_undone(qtbot, field(page, "summary"), "Le mardi.", lambda: qtbot.wait(120),
                                   " Et le jeudi.") == "Le mardi."


def test_a_save_ends_the_step(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = new_fiche(qtbot, window, "Halte", "CCAS de Meylan")
    summary = field(page, "summary")

    def save() -> None:
        qtbot.keyClick(summary, Qt.Key.Key_S, CTRL)
        qtbot.waitUntil(lambda: not page.editor.is_dirty())

    assert typed_twice_then_undone(qtbot, summary, "Un accueil de jour.", save,
                                   " Pour les aidants.") == "Un accueil de jour."


def test_successive_dates_are_separate_steps(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = new_fiche(qtbot, window, "Jardin", "CCAS de Voiron")
    start = field(page, "start_date")
    assert isinstance(start, QLineEdit)

    def leave_and_select() -> None:
        field(page, "summary").setFocus()
        start.setFocus()
        start.selectAll()

    assert typed_twice_then_undone(qtbot, start, "01/02/2024", leave_and_select, "03/04/2025") == "01/02/2024"
    assert page.editor.state.start_date is not None and page.editor.state.start_date.year == 2024


def test_a_tag_typed_after_a_comma_is_one_step(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = new_fiche(qtbot, window, "Repair cafe", "CCAS de Crolles")
    tags = field(page, "tags")
    assert isinstance(tags, QLineEdit)
    tags.setFocus()
    qtbot.keyClicks(tags, "jardin")
    field(page, "summary").setFocus()
    tags.setFocus()
    tags.end(False)
    qtbot.keyClicks(tags, ", potager")
    assert page.editor.state.tags == ["jardin", "potager"]
    undo(qtbot, tags)
    assert page.editor.state.tags == ["jardin"]


def test_a_new_fiche_opens_without_errors_until_a_field_is_left(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    from tests.test_gui_fiches import workspace

    page = workspace(window)
    qtbot.keyClick(window, Qt.Key.Key_N, CTRL)
    editor = page.editor
    structure_error = editor.findChild(QWidget, "error_structure_name")
    assert structure_error is not None and not structure_error.isVisible()
    assert not editor.save_state.text().startswith("⚠")
    assert "obligatoires" in editor.save_state.text()
    structure = field(page, "structure_name")
    structure.setFocus()
    field(page, "summary").setFocus()
    assert structure_error.isVisible() and "obligatoire" in structure_error.text()


def test_trying_to_save_shows_every_error(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    from tests.test_gui_fiches import workspace

    page = workspace(window)
    qtbot.keyClick(window, Qt.Key.Key_N, CTRL)
    assert not page.editor.save_now()
    assert page.editor.findChild(QWidget, "error_structure_name").isVisible()
    assert page.editor.save_state.text() == "⚠ Non enregistré : corrigez les champs signalés"
