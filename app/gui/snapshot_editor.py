"""What every record editor shares: snapshot undo/redo, inline errors, autosave with a visible state.

A subclass builds its widgets and says how to read them (`collect`), show a record (`show_state`)
and find what is wrong (`find_errors`). Every widget change calls `edited(key)`; the editor records the
whole record before and after as one undo step. Typing in a text field (`watch_text_input`) merges into
one step only within one editing burst: a pause, leaving the field or a save ends the step; any other
change (a box ticked, a row added, a choice made) is a step of its own.
"""

from __future__ import annotations

import copy
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QUndoCommand, QUndoStack
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget

from app.domain.fiche import FieldError

AUTOSAVE_DELAY_MS = 1200
BURST_PAUSE_S = 1.0
"""Typing resumed after a longer pause is a new undo step."""
UNDO_KEYS = (QKeySequence.StandardKey.Undo, QKeySequence.StandardKey.Redo)


class SnapshotCommand(QUndoCommand):
    MERGE_ID = 7301

    def __init__(self, editor: SnapshotEditor, before: Any, after: Any, key: str, typing: bool) -> None:
        super().__init__(editor.tr("Modifier « {0} »").format(editor.field_label(key)))
        self.editor = editor
        self.before = before
        self.after = after
        self.key = key
        self.typing = typing
        """Typed text merges with the next keystrokes of the same burst; any other change is a step of its own."""
        self.last_edit = time.monotonic()
        self.closed = False
        """The burst ended (a pause, leaving the field, a save): nothing merges into this step any more."""
        self._first = True

    def id(self) -> int:
        return self.MERGE_ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, SnapshotCommand) or other.key != self.key or other.editor is not self.editor:
            return False
        if self.closed or not (self.typing and other.typing) or other.last_edit - self.last_edit > BURST_PAUSE_S:
            return False
        self.after = other.after
        self.last_edit = other.last_edit
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
        self._typed: dict[QWidget, str] = {}
        """Text inputs → the field they type into."""
        self._touched: set[str] = set()
        """Fields whose errors are shown: left after typing, or changed otherwise."""
        self._reveal_all = False
        """Every error is shown: the record came from the store, or the user tried to save it."""
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
    def watch_text_input(self, key: str, widget: QWidget) -> None:
        """`widget` types text into the field `key`: its keystrokes merge into one step per burst, and the editor's
        Ctrl+Z / Ctrl+Shift+Z win over the widget's own undo."""
        self._typed[widget] = key
        widget.installEventFilter(self)

    def end_burst(self) -> None:
        """Nothing typed from now on merges into the last undo step."""
        index = self.undo_stack.index()
        command = self.undo_stack.command(index - 1) if index > 0 else None
        if isinstance(command, SnapshotCommand):
            command.closed = True

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
        self._touched = set()
        self._reveal_all = stored
        self.apply_state(data)

    def clear(self) -> None:
        self.autosave.stop()
        self.undo_stack.clear()
        self._stored = None
        self._touched = set()
        self._reveal_all = False
        self.apply_state(self.blank_state())
        self.setEnabled(False)
        self.save_state.setText("")

    def is_dirty(self) -> bool:
        return bool(self._state.id) and self._state != self._stored

    def edit_together(self, key: str, change: Callable[[], None]) -> None:
        """Make `change` to several widgets as one undo step of its own, named after `key` (a commune chosen in a
        list fills the commune, its code, département and région)."""
        self.end_burst()
        self._applying = True
        try:
            change()
        finally:
            self._applying = False
        self.edited(key, typing=False)

    def edited(self, key: str, typing: bool | None = None) -> None:
        """Record the change of the field `key`; `typing` (by default: whether `key` is typed text) merges it with
        the keystrokes of the same burst."""
        if self._applying:
            return
        after = self.collect()
        typing = key in self._typed.values() if typing is None else typing
        if after != self._state:
            before = self._state
            self._state = copy.deepcopy(after)
            self.undo_stack.push(SnapshotCommand(self, before, copy.deepcopy(after), key, typing))
            self.state_shown()
        if not typing:
            self._touched |= {key, self.field_of(key)}
        self._revalidate()
        self._mark_dirty()

    def field_of(self, key: str) -> str:
        """The field of the record an edit key changes, as the record's validation names it."""
        return key

    def shown_errors(self) -> list[FieldError]:
        """The errors the user sees: those of the fields touched, or all once revealed."""
        return [error for error in self.errors
                if self._reveal_all or error.field.split(".")[0] in self._touched]

    def _revalidate(self) -> None:
        self.errors = self.find_errors(self._state) if self._state.id else []
        self.show_errors(self.shown_errors())

    def _mark_dirty(self) -> None:
        if not self._state.id:
            return
        if not self.is_dirty():
            self.autosave.stop()
            self.save_state.setText(self.tr("✓ Enregistré"))
        elif self.shown_errors():
            self.autosave.stop()
            self.save_state.setText(self.tr("⚠ Non enregistré : corrigez les champs signalés"))
        elif self.errors:
            self.autosave.stop()
            self.save_state.setText(self.tr("● Pas encore enregistré : complétez les champs obligatoires (*)"))
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
            self._reveal_all = True
            self._revalidate()
            self._mark_dirty()
            return False
        self.save_requested.emit(copy.deepcopy(self._state))
        return not self.is_dirty()

    def saved(self, data: Any) -> None:
        """The owner stored `data`; what is typed next is a new undo step."""
        self.end_burst()
        self._stored = copy.deepcopy(data)
        self._mark_dirty()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Let Ctrl+Z / Ctrl+Shift+Z reach the editor's undo stack instead of a text field's own undo; leaving a
        text field ends its editing burst."""
        if event.type() == QEvent.Type.FocusOut and isinstance(watched, QWidget) and watched in self._typed:
            self.end_burst()
            key = self._typed[watched]
            self._touched |= {key, self.field_of(key)}
            if self._state.id:
                self._revalidate()
                self._mark_dirty()
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
