"""What an editable QComboBox always has, typed as such (Qt's stubs say they may be None)."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QCompleter, QLineEdit


def line_edit_of(combo: QComboBox) -> QLineEdit:
    edit = combo.lineEdit()
    if edit is None:
        raise TypeError("the combo box is not editable")
    return edit


def completer_of(combo: QComboBox) -> QCompleter:
    completer = combo.completer()
    if completer is None:
        raise TypeError("the combo box is not editable")
    return completer
