"""Long work behind a window-modal progress dialog whose Annuler stops it."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QProgressDialog, QWidget

from app.gui.operations import StoreEvents, run_operation

T = TypeVar("T")
Report = Callable[[float], None]


def run_with_progress(parent: QWidget, title: str, label: str, work: Callable[[Report], T],
                      cancelled: type[Exception], failure_title: str, events: StoreEvents | None = None) -> T | None:
    """Run `work(report)`; `report(done)` moves the bar (0 to 1) and raises `cancelled` once the user
    cancels, which `work` must let through after cleaning up. None when cancelled or failed; views hear
    what it changed (see `run_operation`)."""
    progress = QProgressDialog(label, QCoreApplication.translate("progress", "Annuler"), 0, 1000, parent)
    progress.setWindowTitle(title)
    progress.setWindowModality(Qt.WindowModality.WindowModal)
    progress.setMinimumDuration(300)
    progress.setValue(0)

    def report(done: float) -> None:
        progress.setValue(int(done * 1000))
        QCoreApplication.processEvents()
        if progress.wasCanceled():
            raise cancelled()

    try:
        ok, result = run_operation(parent, lambda: work(report), events, failure_title)
    except cancelled:
        return None
    finally:
        progress.close()
    return result if ok else None
