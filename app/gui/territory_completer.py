"""Completion of French territories in a line edit, read from the shipped data without freezing the window.

Reading the territories takes a few tenths of a second: `TerritoryLoader` reads them in a background thread the
first time a field that completes them gets the focus, and says when they are ready. Until then, and for a place
the data does not know (abroad, a spelling the user insists on), the field takes any text.
"""

from __future__ import annotations

import functools
import logging
import threading
from collections.abc import Callable, Iterable

from PySide6.QtCore import QEvent, QObject, QStringListModel, Qt, Signal
from PySide6.QtWidgets import QCompleter, QLineEdit

from app.domain.territories import AdminLevel, Territory, TerritoryIndex, load_territories

log = logging.getLogger(__name__)


class TerritoryLoader(QObject):
    """Reads the shipped territories once, in a background thread; `ready` carries the `TerritoryIndex`."""

    ready = Signal(object)
    _loaded = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self.index: TerritoryIndex | None = None
        self._started = False
        self._loaded.connect(self._keep, Qt.ConnectionType.QueuedConnection)

    def request(self) -> None:
        """Start reading the territories, unless it is under way or done."""
        if self._started:
            return
        self._started = True
        threading.Thread(target=self._load, name="territories", daemon=True).start()

    def provide(self, index: TerritoryIndex) -> None:
        """Territories a page has already read (they are read once per process: `load_territories`)."""
        if self.index is None:
            self._started = True
            self._keep(index)

    def _load(self) -> None:
        try:
            index = load_territories()
            index.search("a")  # builds the search keys here rather than at the first keystroke
        except (OSError, ValueError, KeyError):
            log.exception("territories unreadable: the place fields take any text")
            return
        self._loaded.emit(index)

    def _keep(self, index: TerritoryIndex) -> None:
        self.index = index
        self.ready.emit(index)


@functools.cache
def territory_loader() -> TerritoryLoader:
    """The application's one loader (made in the GUI thread, by the first field that needs it)."""
    return TerritoryLoader()


class TerritoryCompleter(QCompleter):
    """Offers the territories whose name or code matches what is typed in `line_edit` — accents, case and
    punctuation aside (« saint etienne » offers Saint-Étienne) — each shown by `describe`; `chosen` carries the
    territory the user picked. Picking only emits `chosen`: what the field then shows is the owner's business."""

    chosen = Signal(object)

    def __init__(self, line_edit: QLineEdit, describe: Callable[[Territory, TerritoryIndex], str],
                 kinds: Iterable[AdminLevel] = ("commune",), limit: int = 12) -> None:
        super().__init__(line_edit)
        self.line_edit = line_edit
        self.describe = describe
        self.kinds = tuple(kinds)
        self.limit = limit
        self.found: list[Territory] = []
        self._model = QStringListModel(self)
        self.setModel(self._model)
        self.setWidget(line_edit)
        self.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.setMaxVisibleItems(limit)
        self.activated.connect(self._pick)
        line_edit.textEdited.connect(self.propose)
        self.loader = territory_loader()
        self.loader.ready.connect(self._data_ready)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """The territories are read when the field first gets the focus (`setWidget` made this its filter)."""
        if watched is self.line_edit and event.type() == QEvent.Type.FocusIn:
            self.loader.request()
        return super().eventFilter(watched, event)

    def _data_ready(self, _index: TerritoryIndex) -> None:
        if self.line_edit.hasFocus() and self.line_edit.text().strip():
            self.propose(self.line_edit.text())

    def propose(self, text: str) -> None:
        """Show the territories matching `text`, or hide the list when none does."""
        index = self.loader.index
        if index is None:
            self.loader.request()
        self.found = index.search(text, kinds=self.kinds, limit=self.limit) if index is not None else []
        self._model.setStringList([self.describe(territory, index) for territory in self.found] if index else [])
        popup = self.popup()
        if self.found and popup is not None:
            # the list as wide as its longest line (« CC Bièvre Isère (SIREN …) »), not cut at the field's width
            area = self.line_edit.rect()
            room = self.line_edit.screen().availableGeometry().width() * 3 // 4
            area.setWidth(min(room, max(area.width(), popup.sizeHintForColumn(0)
                                        + popup.verticalScrollBar().sizeHint().width() + 8)))
            self.complete(area)
        elif popup is not None:
            popup.hide()

    def _pick(self, text: str) -> None:
        """The user picked the line `text` (lines are unique: each names its code)."""
        lines = self._model.stringList()
        if text in lines:
            self.chosen.emit(self.found[lines.index(text)])
