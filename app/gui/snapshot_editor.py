"""What every record editor shares: snapshot undo/redo, inline errors, autosave with a visible state.

A subclass builds its widgets and says how to read them (`collect`), show a record (`show_state`)
and find what is wrong (`find_errors`). Every widget change calls `edited(key)`; the editor records the
whole record before and after as one undo step (typing in one field merges into one step).
"""

from __future__ import annotations

import copy
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QUndoCommand, QUndoStack
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget

from app.domain.fiche import FieldError

AUTOSAVE_DELAY_MS = 1200
UNDO_KEYS = (QKeySequence.StandardKey.Undo, QKeySequence.StandardKey.Redo)


class SnapshotCommand(QUndoCommand):
    MERGE_ID = 7301

    def __init__(self, editor: SnapshotEditor, before: Any, after: Any, key: str, mergeable: bool) -> None:
        super().__init__(editor.tr("Modifier « {0} »").format(editor.field_label(key)))
        self.editor = editor
        self.before = before
        self.after = after
        self.key = key
        self.mergeable = mergeable
        """Adding, removing or ticking an item is a step of its own; typing merges."""
        self._first = True

    def id(self) -> int:
        return self.MERGE_ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, SnapshotCommand) or other.key != self.key or other.editor is not self.editor:
            return False
        if not (self.mergeable and other.mergeable):
            return False
        self.after = other.after
        return True

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        self.editor.apply_state(self.after)

    def undo(self) -> None:
        self.editor.apply_state(self.before)


class SnapshotEditor(QWidget):
    """Edits one record (a dataclass with an `id`). `save_requested` asks the owner to store it."""

    save_requested = Signal(object)
    state_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.undo_stack = QUndoStack(self)
        self._state: Any = self.blank_state()
        self._stored: Any = None
        self._applying = False
        self.errors: list[FieldError] = []
        self._labels: dict[str, str] = {}
        self.save_state = QLabel()
        self.save_state.setObjectName("saveState")
        self.autosave = QTimer(self)
        self.autosave.setSingleShot(True)
        self.autosave.setInterval(AUTOSAVE_DELAY_MS)
        self.autosave.timeout.connect(self.save_now)

    # -- to provide ----------------------------------------------------------------------------
    def blank_state(self) -> Any:
        raise NotImplementedError

    def collect(self) -> Any:
        """The record as the widgets show it."""
        raise NotImplementedError

    def show_state(self, data: Any) -> None:
        """Put `data` in the widgets."""
        raise NotImplementedError

    def find_errors(self, data: Any) -> list[FieldError]:
        """Problems of `data` plus unreadable text left by the last `collect()` or `show_state()`."""
        raise NotImplementedError

    def show_errors(self, errors: list[FieldError]) -> None:
        """Show the messages beside their fields."""

    def state_shown(self) -> None:
        """Called after every change of the state (a heading to refresh…)."""

    # -- shared --------------------------------------------------------------------------------
    def field_label(self, key: str) -> str:
        return self._labels.get(key, key).replace("&", "").replace("\n", " ").rstrip(" *")

    @property
    def record_id(self) -> str:
        return self._state.id

    @property
    def state(self) -> Any:
        return copy.deepcopy(self._state)

    def apply_state(self, data: Any) -> None:
        """Show `data` without recording an edit (undo, redo, loading)."""
        self._applying = True
        try:
            self.show_state(copy.deepcopy(data))
        finally:
            self._applying = False
        self._state = copy.deepcopy(data)
        self.state_shown()
        self._revalidate()
        self._mark_dirty()

    def load(self, data: Any, stored: bool = True) -> None:
        """Edit `data`; `stored` says whether the store already holds it as it is."""
        self.autosave.stop()
        self.setEnabled(True)
        self.undo_stack.clear()
        self._stored = copy.deepcopy(data) if stored else None
        self.apply_state(data)

    def clear(self) -> None:
        self.autosave.stop()
        self.undo_stack.clear()
        self._stored = None
        self.apply_state(self.blank_state())
        self.setEnabled(False)
        self.save_state.setText("")

    def is_dirty(self) -> bool:
        return bool(self._state.id) and self._state != self._stored

    def edited(self, key: str) -> None:
        if self._applying:
            return
        after = self.collect()
        if after != self._state:
            before = self._state
            mergeable = not any(
                isinstance(old, list) and len(old) != len(getattr(after, name))
                for name, old in vars(before).items()
            )
            self._state = copy.deepcopy(after)
            self.undo_stack.push(SnapshotCommand(self, before, copy.deepcopy(after), key, mergeable))
            self.state_shown()
        self._revalidate()
        self._mark_dirty()

    def _revalidate(self) -> None:
        self.errors = self.find_errors(self._state) if self._state.id else []
        self.show_errors(self.errors)

    def _mark_dirty(self) -> None:
        if not self._state.id:
            return
        if not self.is_dirty():
            self.autosave.stop()
            self.save_state.setText(self.tr("✓ Enregistré"))
        elif self.errors:
            self.autosave.stop()
            self.save_state.setText(self.tr("⚠ Non enregistré : corrigez les champs signalés"))
        else:
            self.save_state.setText(self.tr("● Modifications non enregistrées"))
            self.autosave.start()
        self.state_changed.emit()

    def save_now(self) -> bool:
        """Ask the owner to store the record now; False when it cannot be (invalid)."""
        self.autosave.stop()
        if not self.is_dirty():
            return True
        if self.errors:
            self._mark_dirty()
            return False
        self.save_requested.emit(copy.deepcopy(self._state))
        return not self.is_dirty()

    def saved(self, data: Any) -> None:
        """The owner stored `data`."""
        self._stored = copy.deepcopy(data)
        self._mark_dirty()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Let Ctrl+Z / Ctrl+Shift+Z reach the editor's undo stack instead of a text field's own undo."""
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent) and (
            any(event.matches(key) for key in UNDO_KEYS)
            or (event.key() == Qt.Key.Key_Z and event.modifiers() & Qt.KeyboardModifier.ControlModifier)
        ):
            event.ignore()
            return True
        return super().eventFilter(watched, event)


def flush_or_ask(editor: SnapshotEditor, title: str, what: str) -> bool:
    """Store the editor's pending edits; when they are invalid, ask whether to drop them.

    Returns False when the user chose to stay on the record to correct it.
    """
    if not editor.is_dirty() or editor.save_now():
        return True
    answer = QMessageBox.question(
        editor, title,
        editor.tr(
            "{0} contient des erreurs et n'est pas enregistré(e) :\n{1}\n\nAbandonner ces modifications ?"
        ).format(what, "\n".join(error.message for error in editor.errors)),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No,
    )
    if answer == QMessageBox.StandardButton.Yes:
        editor.clear()
        return True
    return False
