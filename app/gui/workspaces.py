"""The workspaces the side bar offers. Each feature registers its own once it works."""

from __future__ import annotations

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


def default_workspaces() -> list[WorkspaceSpec]:
    """The workspaces that work in this version, in side-bar order."""
    from app.gui.exchange.workspace import ExchangesWorkspace
    from app.gui.fiches.workspace import FichesWorkspace
    from app.gui.funding.workspace import FundingWorkspace
    from app.gui.grid.workspace import GridWorkspace
    from app.gui.labs.workspace import LabWorkspace

    return [
        WorkspaceSpec(1, "fiches", QCoreApplication.translate("workspaces", "Fiches"),
                      QStyle.StandardPixmap.SP_FileDialogDetailedView, FichesWorkspace),
        WorkspaceSpec(2, "modele", QCoreApplication.translate("workspaces", "Modèle économique"),
                      QStyle.StandardPixmap.SP_FileDialogInfoView, GridWorkspace),
        WorkspaceSpec(3, "financements", QCoreApplication.translate("workspaces", "Financements"),
                      QStyle.StandardPixmap.SP_DialogYesButton, FundingWorkspace),
        WorkspaceSpec(4, "labo", QCoreApplication.translate("workspaces", "Labo"),
                      QStyle.StandardPixmap.SP_FileDialogListView, LabWorkspace),
        WorkspaceSpec(5, "echanges", QCoreApplication.translate("workspaces", "Échanges"),
                      QStyle.StandardPixmap.SP_DriveNetIcon, ExchangesWorkspace),
    ]
