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
    summary: str = ""
    """What the workspace is for, in one sentence (the home page and the side bar's tooltip)."""


def _imported(module: str, name: str) -> WorkspaceFactory:
    """A factory that imports the page's module when the page is first built, not at start-up."""
    def build(context: AppContext, events: StoreEvents, parent: QWidget) -> WorkspacePage:
        page_class = getattr(importlib.import_module(module), name)
        return page_class(context, events, parent)
    return build


def default_workspaces() -> list[WorkspaceSpec]:
    """The workspaces that work in this version, in side-bar order."""
    def tr(text: str) -> str:
        return QCoreApplication.translate("workspaces", text)

    pixmap = QStyle.StandardPixmap
    return [
        WorkspaceSpec(1, "fiches", tr("Fiches"), pixmap.SP_FileDialogDetailedView,
                      _imported("app.gui.fiches.workspace", "FichesWorkspace"),
                      summary=tr("Décrire une innovation qui fonctionne, la retrouver et la partager.")),
        WorkspaceSpec(2, "modele", tr("Modèle économique"), pixmap.SP_FileDialogInfoView,
                      _imported("app.gui.grid.workspace", "GridWorkspace"),
                      summary=tr("Chiffrer l'action : coûts, ressources, scénarios et indicateurs.")),
        WorkspaceSpec(3, "financements", tr("Financements"), pixmap.SP_DialogYesButton,
                      _imported("app.gui.funding.workspace", "FundingWorkspace"),
                      summary=tr("Trouver les appels à projets et les dispositifs de soutien, suivre les "
                                 "candidatures et leurs dates limites.")),
        WorkspaceSpec(4, "labo", tr("Labo"), pixmap.SP_FileDialogListView,
                      _imported("app.gui.labs.workspace", "LabWorkspace"),
                      summary=tr("Monter un laboratoire d'innovation pas à pas, avec la liste tirée de l'étude "
                                 "de l'UNCCAS.")),
        WorkspaceSpec(5, "echanges", tr("Échanges"), pixmap.SP_DriveNetIcon,
                      _imported("app.gui.exchange.workspace", "ExchangesWorkspace"), takes_packages=True,
                      summary=tr("Envoyer et recevoir des fiches par fichier .essaim, même sans connexion.")),
    ]
