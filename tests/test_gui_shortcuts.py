"""Keyboard shortcuts: none is given twice (Qt would then run neither), redo answers Ctrl+Shift+Z and Ctrl+Y."""

from __future__ import annotations

from collections import Counter

from PySide6.QtGui import QAction, QKeySequence

from app.gui.main_window import MainWindow, redo_shortcuts


def key(text: str) -> QKeySequence:
    return QKeySequence(text)


def test_redo_keeps_each_key_once_whatever_the_platform_binds() -> None:
    linux = [key("Ctrl+Shift+Z")]
    windows = [key("Ctrl+Y"), key("Ctrl+Shift+Z")]
    mac = [key("Ctrl+Shift+Z")]
    for platform in (linux, windows, mac, []):
        texts = [sequence.toString() for sequence in redo_shortcuts(platform)]
        assert sorted(texts) == ["Ctrl+Shift+Z", "Ctrl+Y"], texts


def test_no_key_sequence_is_given_twice_in_the_main_window(window: MainWindow) -> None:
    given = Counter(sequence.toString() for action in window.findChildren(QAction)
                    for sequence in action.shortcuts() if not sequence.isEmpty())
    assert [text for text, count in given.items() if count > 1] == []
    assert {"Ctrl+Z", "Ctrl+Shift+Z", "Ctrl+Y"} <= set(given)
