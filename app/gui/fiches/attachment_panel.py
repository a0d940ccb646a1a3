"""Attachments as one field — a fiche's, a funding application's: a list of files with add, open and remove."""

from __future__ import annotations

import copy
from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.fiche import Attachment
from app.domain.formats import format_decimal
from app.gui.fiches.form_fields import ReadsAnyInput
from app.gui.metrics import lines_high
from app.services.attachments import AttachmentError, copy_to_open, import_file

FICHE_HINT = "Glissez des fichiers ici ou sur la fiche (supports, maquettes, conventions, budgets…)."


def accept_file_drag(widget: QWidget, event: QDragEnterEvent) -> None:
    """Let files be dropped on an editor to attach them; an .essaim package goes on to the main window, which
    imports it."""
    urls = event.mimeData().urls()
    if widget.isEnabled() and urls and not any(url.toLocalFile().lower().endswith(".essaim") for url in urls):
        event.acceptProposedAction()
    else:
        event.ignore()


def dropped_files(event: QDropEvent) -> list[Path]:
    return [Path(url.toLocalFile()) for url in event.mimeData().urls() if url.isLocalFile()]


class AttachmentPanel(ReadsAnyInput, QWidget):
    """Edits a list of `Attachment` (`FicheData.attachments`, `ShortlistEntry.attachments`); added files are copied
    into the store of `data_dir` at once, and opened from a copy under their own name.

    A file that cannot be added is said under the list; the others are attached all the same. `hint` says what
    the files are for, above a list at least `lines` lines high (at most `most_lines`, when given: it then leaves
    the room to its neighbours).
    """

    changed = Signal()

    def __init__(self, data_dir: Path, parent: QWidget | None = None, hint: str = FICHE_HINT, lines: int = 5,
                 most_lines: int | None = None) -> None:
        super().__init__(parent)
        self.data_dir = data_dir
        self.list = QListWidget()
        self.list.setObjectName("attachments")
        self.list.setMinimumHeight(self.fontMetrics().lineSpacing() * lines)
        if most_lines is not None:
            self.list.setMaximumHeight(lines_high(self.list, most_lines + 1))  # a line for the frame
        self.list.itemDoubleClicked.connect(lambda _item: self.open_selected())
        self.hint = QLabel(self.tr(hint))
        self.hint.setWordWrap(True)
        buttons = QHBoxLayout()
        self.add_button = QPushButton(self.tr("Ajouter des fichiers…"))
        self.add_button.setObjectName("attachmentsAdd")
        self.add_button.clicked.connect(self._choose_files)
        self.open_button = QPushButton(self.tr("Ouvrir"))
        self.open_button.clicked.connect(self.open_selected)
        self.remove_button = QPushButton(self.tr("Retirer"))
        self.remove_button.setObjectName("attachmentsRemove")
        self.remove_button.clicked.connect(self._remove_selected)
        for button in (self.add_button, self.open_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.problems = QLabel()
        self.problems.setStyleSheet("color: #b00020")
        self.problems.setWordWrap(True)
        self.problems.hide()
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.hint)
        column.addWidget(self.list)
        column.addLayout(buttons)
        column.addWidget(self.problems)

    def value(self) -> list[Attachment]:
        return [self.list.item(n).data(Qt.ItemDataRole.UserRole) for n in range(self.list.count())]

    def set_value(self, attachments: list[Attachment]) -> None:
        self.list.clear()
        for attachment in attachments:
            text = f"{attachment.file_name} ({format_decimal(attachment.size)} octets)"
            if attachment.label:
                text += f" — {attachment.label}"
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, copy.deepcopy(attachment))
            self.list.addItem(item)

    def add_files(self, paths: list[Path]) -> None:
        """Copy the files into the store and attach them; refused files are said in French."""
        problems = []
        for path in paths:
            try:
                attachment = import_file(self.data_dir, path)
            except Exception as error:  # AttachmentError, OS errors and any other are told the same way
                problems.append(str(error))
                continue
            self.set_value([*self.value(), attachment])
        self.problems.setText("\n".join(problems))
        self.problems.setVisible(bool(problems))
        self.changed.emit()

    def open_selected(self) -> None:
        """Open a copy of the chosen file with the usual program (the stored one keeps its SHA-256 name)."""
        item = self.list.currentItem()
        if item is None:
            return
        attachment: Attachment = item.data(Qt.ItemDataRole.UserRole)
        try:
            copy_path = copy_to_open(self.data_dir, attachment)
        except AttachmentError as error:
            self.problems.setText(str(error))
            self.problems.show()
            return
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(copy_path)))

    def _choose_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, self.tr("Ajouter des pièces jointes"))
        if paths:
            self.add_files([Path(p) for p in paths])

    def _remove_selected(self) -> None:
        row = self.list.currentRow()
        if row >= 0:
            self.list.takeItem(row)
            self.changed.emit()
