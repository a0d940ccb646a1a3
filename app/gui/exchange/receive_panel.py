"""Échanges, the « Recevoir » half: import a package after its preview, correspondents, undo, kept versions."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QGroupBox,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.formats import format_datetime
from app.gui.exchange.history_dialog import KeptVersionsDialog
from app.gui.exchange.preview_dialog import ImportPreviewDialog
from app.gui.metrics import chars_wide
from app.gui.operations import StoreEvents, run_operation
from app.gui.progress import run_with_progress
from app.services import exchange
from app.services.app_context import AppContext
from app.sync.package_crypto import WrongPassword, is_encrypted
from app.sync.package_format import PackageCancelled


class ReceivePanel(QGroupBox):
    def __init__(self, context: AppContext, events: StoreEvents, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Recevoir"))
        self.context = context
        self.events = events
        self.preview: ImportPreviewDialog | None = None
        self.kept_versions: KeptVersionsDialog | None = None
        layout = QVBoxLayout(self)
        self.import_button = QPushButton(self.tr("Importer un paquet…"))
        self.import_button.clicked.connect(lambda: self.import_package())
        layout.addWidget(self.import_button)
        hint = QLabel(self.tr("Vous pouvez aussi déposer un fichier .essaim sur la fenêtre. Rien n'est modifié "
                              "avant que vous ayez vu ce que le paquet contient."))
        hint.setWordWrap(True)
        layout.addWidget(hint)
        layout.addWidget(QLabel(self.tr("Correspondants")))
        self.peers = QTableWidget(0, 3)
        self.peers.setObjectName("correspondents")
        self.peers.setHorizontalHeaderLabels([self.tr("Nom"), self.tr("Dernier envoi"), self.tr("Dernière réception")])
        self.peers.verticalHeader().hide()
        self.peers.setToolTip(self.tr("Double-cliquez sur un nom pour renommer le correspondant"))
        self.peers.itemChanged.connect(self._peer_renamed)
        self.peers.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2):
            self.peers.horizontalHeader().setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.peers.setMinimumWidth(chars_wide(self, 50))
        layout.addWidget(self.peers, 1)
        self.undo_import_button = QPushButton(self.tr("&Annuler le dernier import…"))
        self.undo_import_button.setObjectName("undoImport")
        self.undo_import_button.clicked.connect(lambda: self.undo_last_import())
        layout.addWidget(self.undo_import_button)
        self.history_button = QPushButton(self.tr("&Versions conservées…"))
        self.history_button.setToolTip(
            self.tr("Les versions remplacées ou écartées par les imports, à rétablir au besoin"))
        self.history_button.clicked.connect(self.show_kept_versions)
        layout.addWidget(self.history_button)

    def refresh(self) -> None:
        """Show the correspondents and whether the last import can be undone."""
        known = exchange.correspondents(self.context.open_store)
        last = exchange.last_import(self.context.open_store, self.context.data_dir)
        self.undo_import_button.setEnabled(last is not None and last.undoable)
        self.undo_import_button.setToolTip(
            self.tr("Annuler l'import reçu de {0} le {1}").format(last.correspondent, format_datetime(last.imported_at))
            if last is not None and last.undoable else
            self.tr("Possible juste après un import, tant que rien d'autre n'a changé"))
        self.peers.blockSignals(True)
        self.peers.setRowCount(len(known))
        for row, peer in enumerate(known):
            for column, text in enumerate((peer.name, format_datetime(peer.last_sent_at),
                                           format_datetime(peer.last_received_at))):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, peer.name)
                if column:
                    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.peers.setItem(row, column, item)
        self.peers.blockSignals(False)

    def _peer_renamed(self, item: QTableWidgetItem) -> None:
        old = item.data(Qt.ItemDataRole.UserRole)
        if item.column() != 0 or item.text() == old:
            return
        ok, _ = run_operation(self, lambda: exchange.rename_correspondent(self.context.open_store, old, item.text()),
                              self.events, self.tr("Correspondant non renommé"))
        if not ok:
            self.refresh()  # put the stored name back

    def import_package(self, path: Path | None = None) -> None:
        if not self.events.flush_editors():
            return
        if path is None:
            chosen, _ = QFileDialog.getOpenFileName(self, self.tr("Importer un paquet"), str(Path.home()),
                                                    self.tr("Paquet Essaim (*.essaim)"))
            if not chosen:
                return
            path = Path(chosen)
        password: str | None = None
        while True:
            if self._is_protected(path):
                password = self._ask_password(path)
                if password is None:
                    return
            checked = self._check_with_progress(path, password)
            if not isinstance(checked, WrongPassword):
                break
            QMessageBox.warning(self, self.tr("Paquet protégé"), str(checked))
        if checked is None:
            return
        plan = checked
        preview = ImportPreviewDialog(plan, self)
        preview.accepted.connect(lambda: self._apply(plan, preview.resolutions()))
        preview.finished.connect(lambda _result: plan.close())
        self.preview = preview
        preview.open()

    def _check_with_progress(self, path: Path, password: str | None) -> exchange.ImportPlan | WrongPassword | None:
        return run_with_progress(self, self.tr("Importer"), self.tr("Vérification du paquet…"),
                                 lambda report: self._check(path, report, password), PackageCancelled,
                                 self.tr("Paquet refusé"))

    @staticmethod
    def _is_protected(path: Path) -> bool:
        try:
            return is_encrypted(path)
        except OSError:
            return False  # the reader says why it cannot be read

    def _ask_password(self, path: Path) -> str | None:
        text, ok = QInputDialog.getText(
            self, self.tr("Paquet protégé"),
            self.tr("« {0} » est protégé par un mot de passe.\nSaisissez celui que l'expéditeur vous a communiqué :")
            .format(path.name), QLineEdit.EchoMode.Password)
        return text if ok and text else None

    def _check(self, path: Path, report: Callable[[float], None],
               password: str | None) -> exchange.ImportPlan | WrongPassword:
        """Read and check the whole package, then plan the import; the store is only read. A wrong password
        is returned, not raised, so that it can be asked again."""
        try:
            return exchange.open_package(self.context.open_store, path, password, report)
        except WrongPassword as error:
            return error

    def _apply(self, plan: exchange.ImportPlan, resolutions: dict[str, str]) -> None:
        outcome = run_with_progress(
            self, self.tr("Importer"), self.tr("Import du paquet…"),
            lambda report: exchange.apply_import(self.context.open_store, self.context.data_dir, plan, resolutions,
                                                 progress=report),
            PackageCancelled, self.tr("Import impossible"), self.events)
        if outcome is not None:
            copies = "".join(f"\n• {title}" for title in outcome.copies)
            QMessageBox.information(self, self.tr("Import terminé"), (
                self.tr("Le paquet a été importé. Tant que rien d'autre n'a changé, « Annuler le dernier import » "
                        "remet tout comme avant.") if not outcome.up_to_date else
                self.tr("Rien à importer : tout est déjà à jour."))
                + (self.tr("\nCopies créées :") + copies if copies else ""))

    def undo_last_import(self) -> bool:
        last = exchange.last_import(self.context.open_store, self.context.data_dir)
        if last is None:
            return False
        answer = QMessageBox.question(
            self, self.tr("Annuler le dernier import"),
            self.tr("Annuler l'import reçu de {0} le {1} ?\nLes fiches, scénarios et dispositifs reviennent à leur "
                    "état d'avant l'import. L'état actuel est gardé dans une sauvegarde.").format(
                last.correspondent, format_datetime(last.imported_at)))
        if answer != QMessageBox.StandardButton.Yes or not self.events.flush_editors():
            return False
        ok, _ = run_operation(self, self.context.undo_last_import, self.events, self.tr("Import non annulé"))
        if ok:
            QMessageBox.information(self, self.tr("Import annulé"), self.tr("L'import a été annulé."))
        return ok

    def show_kept_versions(self) -> KeptVersionsDialog:
        self.kept_versions = KeptVersionsDialog(self.context, self.events, self)
        self.kept_versions.open()
        return self.kept_versions
