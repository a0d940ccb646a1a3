"""Dialogs of the maintenance actions: the integrity report and the restore of a backup."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.gui.metrics import chars_wide, lines_high
from app.services.maintenance import format_report, list_backups
from app.storage.backup import BackupKind
from app.storage.integrity import CheckReport


class CheckReportDialog(QDialog):
    def __init__(self, report: CheckReport, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Vérification de la base"))
        layout = QVBoxLayout(self)
        verdict = QLabel(
            self.tr("Aucun problème trouvé.") if report.ok else self.tr("Des problèmes ont été trouvés.")
        )
        verdict.setObjectName("checkVerdict")
        verdict.setStyleSheet("font-weight: bold")
        layout.addWidget(verdict)
        self.text = QPlainTextEdit(format_report(report))
        self.text.setReadOnly(True)
        layout.addWidget(self.text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(chars_wide(self, 100), lines_high(self, 18))


def _tr(text: str) -> str:
    return QCoreApplication.translate("RestoreDialog", text)


def _kind_label(kind: str) -> str:
    labels = {
        BackupKind.AUTO: _tr("automatique"),
        BackupKind.MANUAL: _tr("manuelle"),
        BackupKind.MIGRATION: _tr("avant mise à jour"),
        BackupKind.RESTORE: _tr("avant restauration"),
    }
    return labels.get(kind, kind)


class RestoreDialog(QDialog):
    """Pick a backup; the caller restores it once the user has confirmed."""

    restore_requested = Signal(str)

    def __init__(self, data_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Restaurer une sauvegarde"))
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr("Choisissez la sauvegarde à restaurer. Les données actuelles seront d'abord sauvegardées."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.list = QListWidget()
        for backup in list_backups(data_dir):
            taken_at = backup.taken_at.strftime("%d/%m/%Y %H:%M:%S")
            text = self.tr("{0} — sauvegarde {1}").format(taken_at, _kind_label(backup.kind))
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, str(backup.path))
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)
        layout.addWidget(self.list)
        other = QPushButton(self.tr("Choisir un autre fichier…"))
        other.clicked.connect(self._choose_file)
        layout.addWidget(other)
        self.resize(chars_wide(self, 70), lines_high(self, 20))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.restore_button = buttons.addButton(self.tr("Restaurer"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.restore_button.setEnabled(self.list.count() > 0)
        buttons.accepted.connect(self._confirm_selected)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Choisir une sauvegarde"), "",
                                              self.tr("Sauvegardes Essaim (*.sqlite3);;Tous les fichiers (*)"))
        if path:
            self.confirm_and_restore(path)

    def _confirm_selected(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self.confirm_and_restore(item.data(Qt.ItemDataRole.UserRole))

    def confirm_and_restore(self, path: str) -> None:
        answer = QMessageBox.question(
            self,
            self.tr("Confirmer la restauration"),
            self.tr("Remplacer toutes les données actuelles par la sauvegarde :\n{0} ?\n\n"
                    "Les données actuelles seront gardées dans une sauvegarde « avant restauration ».").format(path),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.accept()
            self.restore_requested.emit(path)
