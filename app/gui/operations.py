"""One way for the GUI to change data: run a service call, report a failure in French, announce the change.

Modelled on Anki's `CollectionOp`: widgets never write to the store themselves; they call
`run_operation`, and every view that shows the data listens to `StoreEvents.changed`. What changed is
computed by the store (`app.storage.changes`), never declared by the caller, and announced after the
caller's success callback.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from app.domain.formats import french_spacing
from app.errors import UserError
from app.storage.changes import Change
from app.storage.errors import explain_failure, is_environment_failure

if TYPE_CHECKING:
    from app.services.app_context import AppContext

T = TypeVar("T")

Changes = frozenset[Change]


class StoreEvents(QObject):
    """The views' news of the store: what an operation changed, and the fiche the user works on."""

    changed = Signal(object)
    """A frozenset of `Change`, emitted after each operation that changed something."""
    fiche_selected = Signal(str)
    """The fiche the user is working on changed (other workspaces may follow it)."""
    schemes_wanted = Signal(object, str)
    """Show these schemes of the shipped catalogue (their keys) in Financements, and why (a lab item's title)."""

    def __init__(self, context: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self._flushers: list[Callable[[], bool]] = []
        self.selected_fiche: str | None = None
        """The last fiche announced by `fiche_selected`, for a page built after it was chosen."""
        self.fiche_selected.connect(self._remember_fiche)

    def _remember_fiche(self, fiche_id: str) -> None:
        self.selected_fiche = fiche_id

    def announce(self) -> Changes:
        """Tell the views what the store's committed transactions changed since the last announcement."""
        changes = self.context.take_changes()
        if changes:
            self.changed.emit(changes)
        return changes

    def add_flusher(self, flush: Callable[[], bool]) -> None:
        """`flush()` stores an editor's pending edits, False when they cannot be and the user chose to stay."""
        self._flushers.append(flush)

    def flush_editors(self) -> bool:
        """Store every editor's pending edits before the store is changed from elsewhere (an import, a
        restore), so that none is lost or written over what arrives; False: the user chose to stay."""
        return all(flush() for flush in self._flushers)


def failure_message(error: BaseException) -> str:
    """What the user reads: a UserError's own French sentence; a file-system refusal said in French."""
    return french_spacing(explain_failure(error))


def run_operation(
    parent: QWidget,
    action: Callable[[], T],
    events: StoreEvents | None = None,
    failure_title: str | None = None,
    on_success: Callable[[T], None] | None = None,
) -> tuple[bool, T | None]:
    """Run `action`; on a `UserError` (or a refusal of the file system) show its French message and return
    (False, None); any other exception is a bug and goes on to the exception dialog. On success, call
    `on_success(result)`; then, success or not, the views hear what was committed."""
    try:
        result = action()
    except BaseException as error:
        if events is not None:
            events.announce()
        if not isinstance(error, UserError | OSError) and not is_environment_failure(error):
            raise
        title = failure_title or QCoreApplication.translate("operations", "Opération impossible")
        QMessageBox.warning(parent, title, failure_message(error))
        return False, None
    if on_success is not None:
        on_success(result)
    if events is not None:
        events.announce()
    return True, result
