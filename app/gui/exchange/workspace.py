"""Workspace 5, Échanges: send work as an .essaim package (to a file or by e-mail), receive one."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QWidget

from app.gui.exchange.receive_panel import ReceivePanel
from app.gui.exchange.send_panel import SendPanel
from app.gui.operations import Changes, StoreEvents
from app.gui.workspace_page import WorkspacePage
from app.services.app_context import AppContext


class ExchangesWorkspace(WorkspacePage):

    def __init__(self, context: AppContext, events: StoreEvents, parent: QWidget | None = None) -> None:
        super().__init__(context, events, parent)
        self.send = SendPanel(context, events)
        self.receive = ReceivePanel(context, events)
        layout = QHBoxLayout(self)
        layout.addWidget(self.send, 3)
        layout.addWidget(self.receive, 2)
        self._stale = True

    def showEvent(self, event: QShowEvent) -> None:
        """The fiches and correspondents are read when the page is shown, not at start-up."""
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def store_changed(self, changes: Changes) -> None:
        if self.isVisible():
            self.refresh()
        else:
            self._stale = True

    def refresh(self) -> None:
        self._stale = False
        self.send.refresh()
        self.receive.refresh()

    def receive_package(self, path: Path | None) -> None:
        self.receive.import_package(path)
