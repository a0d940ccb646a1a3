"""Uncaught exceptions become a French dialog whose details can be copied; each is logged."""

from __future__ import annotations

import logging
import sys
import traceback
from types import TracebackType

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app import __version__
from app.gui.metrics import chars_wide, lines_high
from app.locations import log_dir

log = logging.getLogger(__name__)


class ExceptionDialog(QDialog):
    def __init__(self, summary: str, details: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Une erreur est survenue"))
        self.setObjectName("exceptionDialog")
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "Essaim a rencontré une erreur inattendue. Vos données enregistrées ne sont pas touchées.\n"
                "Si l'erreur se reproduit, copiez les détails et transmettez-les à votre support."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.summary_label = QLabel(summary)
        self.summary_label.setWordWrap(True)
        self.summary_label.setStyleSheet("font-weight: bold")
        layout.addWidget(self.summary_label)
        self.details = QPlainTextEdit(details)
        self.details.setReadOnly(True)
        layout.addWidget(self.details)
        log_hint = QLabel(self.tr("Journal : {0}").format(str(log_dir())))
        log_hint.setWordWrap(True)
        layout.addWidget(log_hint)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_button = QPushButton(self.tr("Copier les détails"))
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.clicked.connect(self.copy_details)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(chars_wide(self, 90), lines_high(self, 25))

    def copy_details(self) -> None:
        QGuiApplication.clipboard().setText(self.details.toPlainText())


def format_exception(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> str:
    trace = "".join(traceback.format_exception(exc_type, exc, tb))
    return f"Essaim {__version__} — Python {sys.version.split()[0]}\n\n{trace}"


def show_exception(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    """The excepthook body: log the error, then show the dialog (without blocking the event loop)."""
    log.error("uncaught exception", exc_info=(exc_type, exc, tb))
    if QApplication.instance() is None:
        sys.__excepthook__(exc_type, exc, tb)
        return
    summary = f"{exc_type.__name__} : {exc}"
    dialog = ExceptionDialog(summary, format_exception(exc_type, exc, tb), QApplication.activeWindow())
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()


def install_excepthook() -> None:
    sys.excepthook = show_exception
