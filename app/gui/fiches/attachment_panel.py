"""The fiche's attachments as one field: a list of files with add, open and remove."""

from __future__ import annotations

import copy
from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
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
from app.services.attachments import blob_path, import_file


class AttachmentPanel(ReadsAnyInput, QWidget):
    """Edits `FicheData.attachments`; added files are copied into the store of `data_dir` at once.

    A file that cannot be added is said under the list; the others are attached all the same.
    """

    changed = Signal()

    def __init__(self, data_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data_dir = data_dir
        self.list = QListWidget()
        self.list.setObjectName("attachments")
        self.list.setMinimumHeight(self.fontMetrics().lineSpacing() * 5)
        self.list.itemDoubleClicked.connect(lambda _item: self.open_selected())
        hint = QLabel(self.tr("Glissez des fichiers ici ou sur la fiche (supports, maquettes, conventions, budgets…)."))
        hint.setWordWrap(True)
        buttons = QHBoxLayout()
        add = QPushButton(self.tr("Ajouter des fichiers…"))
        add.clicked.connect(self._choose_files)
        self.open_button = QPushButton(self.tr("Ouvrir"))
        self.open_button.clicked.connect(self.open_selected)
        remove = QPushButton(self.tr("Retirer"))
        remove.clicked.connect(self._remove_selected)
        for button in (add, self.open_button, remove):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.problems = QLabel()
        self.problems.setStyleSheet("color: #b00020")
        self.problems.setWordWrap(True)
        self.problems.hide()
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(hint)
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
        item = self.list.currentItem()
        if item is not None:
            attachment: Attachment = item.data(Qt.ItemDataRole.UserRole)
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(blob_path(self.data_dir, attachment.sha256))))

    def _choose_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, self.tr("Ajouter des pièces jointes"))
        if paths:
            self.add_files([Path(p) for p in paths])

    def _remove_selected(self) -> None:
        row = self.list.currentRow()
        if row >= 0:
            self.list.takeItem(row)
            self.changed.emit()
