"""What the main window expects of a workspace page. Every method has a default: a page overrides what it offers."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction, QShowEvent, QUndoStack
from PySide6.QtWidgets import QWidget

from app.gui.operations import Changes, StoreEvents
from app.services.app_context import AppContext


class WorkspacePage(QWidget):
    """A page of the side bar (Fiches, Modèle économique, Échanges…).

    The main window puts `file_actions()` and `help_actions()` in its menus, makes `undo_stack` the active
    one while the page is shown, calls `flush()` before the window closes or the store is changed from
    elsewhere, asks `current_fiche_id()` for the dossier export, and hands a dropped package to the page
    whose `WorkspaceSpec.takes_packages`. The page is built when first needed (shown, or asked for by the
    window), so it reads what it shows from the store and `events.selected_fiche`, not from earlier news.
    The page hears every change through `store_changed`, and `first_shown` runs
    once, the first time it is shown (read the store there, not at start-up).
    """

    wants_focus = Signal()
    """Emitted by the page to be brought forward (a shortcut of its own was used from elsewhere)."""
    notify = Signal(str, object)
    """What the page just did, for the status bar, and a callable that undoes it (or None)."""

    def __init__(self, context: AppContext, events: StoreEvents, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.events = events
        self._shown_once = False
        events.changed.connect(self.store_changed)

    def file_actions(self) -> list[QAction]:
        return []

    def help_actions(self) -> list[QAction]:
        return []

    @property
    def undo_stack(self) -> QUndoStack | None:
        return None

    def flush(self) -> bool:
        """Store pending edits; False when they cannot be and the user chose to stay on them."""
        return True

    def current_fiche_id(self) -> str | None:
        """The fiche the user works on in this page, if any."""
        return None

    def focus_search(self) -> bool:
        """Put the cursor in the page's search field (`Ctrl+F`); False when the page has none."""
        return False

    def receive_package(self, path: Path | None) -> None:
        """Import a package dropped on the window, or chosen by the user when `path` is None (only called on the
        page whose spec `takes_packages`)."""
        raise NotImplementedError

    def store_changed(self, changes: Changes) -> None:
        """The store changed (see `app.storage.changes.Change`)."""

    def first_shown(self) -> None:
        """Called once, when the page is first shown."""

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._shown_once:
            self._shown_once = True
            self.first_shown()
