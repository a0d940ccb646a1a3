"""The workspaces the side bar offers. Each feature registers its own once it works."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import QStyle, QWidget

from app.gui.operations import StoreEvents
from app.services.app_context import AppContext

WorkspaceFactory = Callable[[AppContext, StoreEvents, QWidget], QWidget]


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
    return []
