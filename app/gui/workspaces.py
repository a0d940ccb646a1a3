"""The workspaces the side bar offers. Each feature registers its own once it works."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QStyle, QWidget

from app.gui.operations import StoreEvents
from app.gui.workspace_page import WorkspacePage
from app.services.app_context import AppContext

WorkspaceFactory = Callable[[AppContext, StoreEvents, QWidget], WorkspacePage]
"""Builds a workspace page (see `WorkspacePage` for what the main window asks of it)."""


@dataclass(frozen=True)
class WorkspaceSpec:
    number: int
    """1 to 5: its place in PRODUCT.md and its Ctrl+number shortcut, whatever else is registered."""
    key: str
    title: str
    icon: QStyle.StandardPixmap
    factory: WorkspaceFactory
    takes_packages: bool = False
    """Whether a .essaim package dropped on the window is for this page (its `receive_package`)."""


def _imported(module: str, name: str) -> WorkspaceFactory:
    """A factory that imports the page's module when the page is first built, not at start-up."""
    def build(context: AppContext, events: StoreEvents, parent: QWidget) -> WorkspacePage:
        page_class = getattr(importlib.import_module(module), name)
        return page_class(context, events, parent)
    return build


def default_workspaces() -> list[WorkspaceSpec]:
    """The workspaces that work in this version, in side-bar order."""
    return [
        WorkspaceSpec(1, "fiches", QCoreApplication.translate("workspaces", "Fiches"),
                      QStyle.StandardPixmap.SP_FileDialogDetailedView,
                      _imported("app.gui.fiches.workspace", "FichesWorkspace")),
        WorkspaceSpec(2, "modele", QCoreApplication.translate("workspaces", "Modèle économique"),
                      QStyle.StandardPixmap.SP_FileDialogInfoView,
                      _imported("app.gui.grid.workspace", "GridWorkspace")),
        WorkspaceSpec(3, "financements", QCoreApplication.translate("workspaces", "Financements"),
                      QStyle.StandardPixmap.SP_DialogYesButton,
                      _imported("app.gui.funding.workspace", "FundingWorkspace")),
        WorkspaceSpec(4, "labo", QCoreApplication.translate("workspaces", "Labo"),
                      QStyle.StandardPixmap.SP_FileDialogListView, _imported("app.gui.labs.workspace", "LabWorkspace")),
        WorkspaceSpec(5, "echanges", QCoreApplication.translate("workspaces", "Échanges"),
                      QStyle.StandardPixmap.SP_DriveNetIcon,
                      _imported("app.gui.exchange.workspace", "ExchangesWorkspace"), takes_packages=True),
    ]
