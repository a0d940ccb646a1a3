"""One way for the GUI to change data: run a service call, report a failure in French, announce the change.

Modelled on Anki's operation wrapper: widgets never write to the store themselves; they call
`run_operation`, and every view that shows the data listens to `StoreEvents.changed`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from app.storage.errors import StoreError

T = TypeVar("T")


RECEIVED = "received"
"""A change kind: records were replaced from outside the editors (an import, a version brought back), so an
editor showing one of them reloads it."""


class StoreEvents(QObject):
    """Emitted after a successful operation with the kinds of records it changed ("fiche", "store"…)."""

    changed = Signal(object)
    fiche_selected = Signal(str)
    """The fiche the user is working on changed (other workspaces may follow it)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._flushers: list[Callable[[], bool]] = []

    def add_flusher(self, flush: Callable[[], bool]) -> None:
        """`flush()` stores an editor's pending edits, False when they cannot be and the user chose to stay."""
        self._flushers.append(flush)

    def flush_editors(self) -> bool:
        """Store every editor's pending edits before the store is changed from elsewhere (an import, a
        restore), so that none is lost or written over what arrives; False: the user chose to stay."""
        return all(flush() for flush in self._flushers)


def run_operation(
    parent: QWidget,
    action: Callable[[], T],
    events: StoreEvents | None = None,
    changes: frozenset[str] = frozenset(),
    failure_title: str | None = None,
) -> tuple[bool, T | None]:
    """Run `action`; on a `StoreError` show its French message and return (False, None)."""
    try:
        result = action()
    except (StoreError, OSError, ValueError) as error:
        title = failure_title or QCoreApplication.translate("operations", "Opération impossible")
        QMessageBox.warning(parent, title, str(error))
        return False, None
    if events is not None and changes:
        events.changed.emit(set(changes))
    return True, result
