"""Workspace 5, Échanges: send work as an .essaim package (to a file or by e-mail), receive one."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from urllib.parse import quote

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.formats import format_date, format_datetime
from app.exports.dossier_files import safe_file_name
from app.gui.exchange.fiche_picker import FichePicker
from app.gui.exchange.history_dialog import KeptVersionsDialog
from app.gui.exchange.preview_dialog import ImportPreviewDialog
from app.gui.metrics import chars_wide
from app.gui.operations import RECEIVED, StoreEvents, run_operation
from app.gui.progress import run_with_progress
from app.services import exchange, fiches
from app.services.app_context import AppContext
from app.sync.package_crypto import MIN_PASSWORD, WrongPassword, is_encrypted
from app.sync.package_format import SUFFIX, PackageCancelled
from app.sync.package_reader import read_package

SCOPES = ("selection", "all", "since_last_exchange")


class ExchangesWorkspace(QWidget):
    wants_focus = Signal()

    def __init__(self, context: AppContext, events: StoreEvents, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.events = events
        self.preview: ImportPreviewDialog | None = None
        self.sent_dialog: QMessageBox | None = None
        self.kept_versions: KeptVersionsDialog | None = None
        layout = QHBoxLayout(self)

        send = QGroupBox(self.tr("Envoyer"))
        send_layout = QVBoxLayout(send)
        station_form = QFormLayout()
        self.station = QLineEdit()
        self.station.setObjectName("stationName")
        self.station.setMaxLength(exchange.NAME_LIMIT)
        self.station.setToolTip(self.tr("Le nom sous lequel vos correspondants reçoivent vos paquets, "
                                        "par exemple « CCAS de Grenoble — accueil »"))
        self.station.editingFinished.connect(self.rename_station)
        station_label = QLabel(self.tr("&Nom de ce poste :"))
        station_label.setBuddy(self.station)
        station_form.addRow(station_label, self.station)
        send_layout.addLayout(station_form)
        self.scope_group = QButtonGroup(self)
        labels = (self.tr("Les fiches cochées (avec leurs scénarios et pièces jointes)"), self.tr("Tout"),
                  self.tr("Ce qui a changé depuis le dernier échange avec le correspondant"))
        for n, (key, text) in enumerate(zip(SCOPES, labels)):
            button = QRadioButton(text)
            button.setObjectName(f"scope_{key}")
            self.scope_group.addButton(button, n)
            send_layout.addWidget(button)
        self.scope_group.button(0).setChecked(True)
        self.picker = FichePicker(lambda query: fiches.search_ids(self.context.store, query),
                                  lambda ids: fiches.summaries(self.context.store, ids, live_only=True))
        self.scope_group.idToggled.connect(lambda _id, _on: self.picker.setEnabled(self.scope_group.checkedId() == 0))
        send_layout.addWidget(self.picker, 1)
        form = QFormLayout()
        self.correspondent = QComboBox()
        self.correspondent.setObjectName("correspondent")
        self.correspondent.setEditable(True)
        self.correspondent.setMinimumContentsLength(30)
        self.correspondent.lineEdit().setPlaceholderText(self.tr("ex. UDCCAS de l'Isère"))
        form.addRow(self.tr("Correspondant :"), self.correspondent)
        send_layout.addLayout(form)
        self.personal = QCheckBox(self.tr("Inclure les contacts (données personnelles)"))
        self.personal.setObjectName("packagePersonal")
        self.personal.setToolTip(self.tr("La CNIL recommande de ne pas envoyer de données personnelles par e-mail "
                                         "sans les chiffrer."))
        send_layout.addWidget(self.personal)
        self.protect = QCheckBox(self.tr("Protéger par un mot de passe"))
        self.protect.setObjectName("packageProtect")
        self.protect.setToolTip(self.tr("Le paquet est chiffré. Communiquez le mot de passe par un autre moyen que "
                                        "l'e-mail (téléphone, SMS), comme le conseille la CNIL."))
        send_layout.addWidget(self.protect)
        secret_form = QFormLayout()
        self.password = QLineEdit()
        self.password.setObjectName("packagePassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("au moins {0} caractères").format(MIN_PASSWORD))
        self.password_again = QLineEdit()
        self.password_again.setObjectName("packagePasswordAgain")
        self.password_again.setEchoMode(QLineEdit.EchoMode.Password)
        secret_form.addRow(self.tr("Mot de passe :"), self.password)
        secret_form.addRow(self.tr("Confirmation :"), self.password_again)
        send_layout.addLayout(secret_form)
        for field in (self.password, self.password_again):
            field.setEnabled(False)
            self.protect.toggled.connect(field.setEnabled)
            self.protect.toggled.connect(lambda on, field=field: on or field.clear())
        buttons = QHBoxLayout()
        self.save_button = QPushButton(self.tr("Enregistrer le paquet…"))
        self.save_button.clicked.connect(lambda: self.save_package())
        self.mail_button = QPushButton(self.tr("Envoyer par e-mail…"))
        self.mail_button.clicked.connect(self.send_by_email)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.mail_button)
        send_layout.addLayout(buttons)
        layout.addWidget(send, 3)

        receive = QGroupBox(self.tr("Recevoir"))
        receive_layout = QVBoxLayout(receive)
        self.import_button = QPushButton(self.tr("Importer un paquet…"))
        self.import_button.clicked.connect(lambda: self.import_package())
        receive_layout.addWidget(self.import_button)
        hint = QLabel(self.tr("Vous pouvez aussi déposer un fichier .essaim sur la fenêtre. Rien n'est modifié "
                              "avant que vous ayez vu ce que le paquet contient."))
        hint.setWordWrap(True)
        receive_layout.addWidget(hint)
        receive_layout.addWidget(QLabel(self.tr("Correspondants")))
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
        receive_layout.addWidget(self.peers, 1)
        self.undo_import_button = QPushButton(self.tr("&Annuler le dernier import…"))
        self.undo_import_button.setObjectName("undoImport")
        self.undo_import_button.clicked.connect(lambda: self.undo_last_import())
        receive_layout.addWidget(self.undo_import_button)
        self.history_button = QPushButton(self.tr("&Versions conservées…"))
        self.history_button.setToolTip(self.tr("Les versions remplacées ou écartées par les imports, à rétablir au besoin"))
        self.history_button.clicked.connect(self.show_kept_versions)
        receive_layout.addWidget(self.history_button)
        layout.addWidget(receive, 2)
        self._stale = True
        self.events.changed.connect(self._on_store_changed)

    # -- state ----------------------------------------------------------------------------------
    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]  # noqa: N802
        """The fiches and correspondents are read when the page is shown, not at start-up."""
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def _on_store_changed(self, _kinds: set[str]) -> None:
        if self.isVisible():
            self.refresh()
        else:
            self._stale = True

    def refresh(self) -> None:
        self._stale = False
        self.station.setText(self.context.store.workstation_label)
        self.picker.refresh()
        known = exchange.correspondents(self.context.store)
        current = self.correspondent.currentText()
        self.correspondent.clear()
        self.correspondent.addItems([peer.name for peer in known])
        self.correspondent.setEditText(current)
        last = exchange.last_import(self.context.store, self.context.data_dir)
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

    def checked_fiches(self) -> list[str]:
        return self.picker.checked_ids()

    def rename_station(self) -> None:
        """Keep the name typed for this station (what correspondents see); a refused name is put back."""
        typed = self.station.text()
        if typed == self.context.store.workstation_label:
            return
        ok, _ = run_operation(self, lambda: exchange.rename_workstation(self.context.store, typed), self.events,
                              frozenset({"exchange"}), self.tr("Nom du poste non changé"))
        self.station.setText(self.context.store.workstation_label)
        if not ok:
            self.station.setFocus()

    def _peer_renamed(self, item: QTableWidgetItem) -> None:
        old = item.data(Qt.ItemDataRole.UserRole)
        if item.column() != 0 or item.text() == old:
            return
        run_operation(self, lambda: exchange.rename_correspondent(self.context.store, old, item.text()), self.events,
                      frozenset({"exchange"}), self.tr("Correspondant non renommé"))
        self.refresh()

    def request(self) -> exchange.PackageRequest | None:
        scope = SCOPES[self.scope_group.checkedId()]
        name = self.correspondent.currentText().strip()
        if scope == "selection" and not self.checked_fiches():
            QMessageBox.information(self, self.tr("Envoyer"), self.tr("Cochez au moins une fiche."))
            return None
        if scope == "since_last_exchange" and not name:
            QMessageBox.information(self, self.tr("Envoyer"), self.tr("Indiquez le correspondant."))
            return None
        password = ""
        if self.protect.isChecked():
            password = self.password.text()
            problem = (self.tr("Le mot de passe doit compter au moins {0} caractères.").format(MIN_PASSWORD)
                       if len(password) < MIN_PASSWORD else
                       self.tr("Les deux mots de passe saisis diffèrent.") if password != self.password_again.text()
                       else "")
            if problem:
                QMessageBox.information(self, self.tr("Envoyer"), problem)
                return None
        return exchange.PackageRequest(scope, tuple(self.checked_fiches()) if scope == "selection" else (), name,
                                       self.personal.isChecked(), password)

    def default_name(self) -> str:
        who = self.correspondent.currentText().strip() or self.context.store.workstation_label
        return f"Essaim - {safe_file_name(who, 40)} - {date.today():%Y-%m-%d}{SUFFIX}"

    # -- sending --------------------------------------------------------------------------------
    def save_package(self, path: Path | None = None, request: exchange.PackageRequest | None = None,
                     announce: bool = True) -> Path | None:
        request = request or self.request()
        if request is None:
            return None
        if path is None:
            chosen, _ = QFileDialog.getSaveFileName(self, self.tr("Enregistrer le paquet"),
                                                    str(Path.home() / self.default_name()),
                                                    self.tr("Paquet Essaim (*.essaim)"))
            if not chosen:
                return None
            path = Path(chosen if chosen.endswith(SUFFIX) else chosen + SUFFIX)
        outcome = run_with_progress(
            self, self.tr("Envoyer"), self.tr("Écriture du paquet…"),
            lambda report: exchange.export_package(self.context.store, self.context.data_dir, request, path, report),
            PackageCancelled, self.tr("Envoyer"))
        if outcome is None:
            return None
        self.refresh()
        if announce:
            self._announce(outcome, request)
        return outcome.path

    def _announce(self, outcome: exchange.ExportOutcome, request: exchange.PackageRequest) -> None:
        """Say what was written, and offer to open its folder."""
        counts = outcome.counts
        text = self.tr("Le paquet « {0} » contient {1} fiche(s), {2} scénario(s) et {3} pièce(s) jointe(s).").format(
            outcome.path.name, counts["fiches"], counts["scenarios"], counts["attachments"])
        if outcome.first_exchange:
            text += "\n" + self.tr("Aucun échange connu avec « {0} » : tout a été mis dans le paquet.").format(
                request.correspondent)
        box = QMessageBox(QMessageBox.Icon.Information, self.tr("Paquet enregistré"), text,
                          QMessageBox.StandardButton.Close, self)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        open_folder = box.addButton(self.tr("Ouvrir le dossier"), QMessageBox.ButtonRole.ActionRole)
        open_folder.clicked.connect(lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(outcome.path.parent))))
        self.sent_dialog = box
        box.open()

    def send_by_email(self) -> Path | None:
        outbox = exchange.outbox_dir(self.context.data_dir)
        outbox.mkdir(parents=True, exist_ok=True)
        request = self.request()
        written = self.save_package(outbox / self.default_name(), request, announce=False) if request else None
        if request is None or written is None:
            return None
        subject = self.tr("Paquet Essaim du {0}").format(format_date(date.today()))
        protected = self.tr("\nIl est protégé par un mot de passe, que je vous communique par un autre moyen "
                            "(téléphone, SMS).\n") if request.password else ""
        body = self.tr("Bonjour,\n\nVoici un paquet Essaim à importer dans l'espace Échanges (ou à déposer sur la "
                       "fenêtre d'Essaim).\nLe fichier à joindre à ce message est :\n{0}\n{1}\nCordialement").format(
            str(written), protected)
        QDesktopServices.openUrl(QUrl(f"mailto:?subject={quote(subject)}&body={quote(body)}"))
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(outbox)))
        return written

    # -- receiving ------------------------------------------------------------------------------
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
            checked = run_with_progress(self, self.tr("Importer"), self.tr("Vérification du paquet…"),
                                        lambda report: self._check(path, report, password), PackageCancelled,
                                        self.tr("Paquet refusé"))
            if not isinstance(checked, WrongPassword):
                break
            QMessageBox.warning(self, self.tr("Paquet protégé"), str(checked))
        if checked is None:
            return
        plan = checked
        package = plan.package
        self.preview = ImportPreviewDialog(plan, self)
        self.preview.accepted.connect(lambda: self._apply(plan, self.preview.resolutions()))
        self.preview.finished.connect(lambda _result: package.cleanup())
        self.preview.open()

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
            package = read_package(path, progress=lambda done: report(0.8 * done), password=password)
        except WrongPassword as error:
            return error
        try:
            return exchange.plan_import(self.context.store, package)
        except BaseException:
            package.cleanup()
            raise

    def _apply(self, plan: exchange.ImportPlan, resolutions: dict[str, str]) -> None:
        outcome = run_with_progress(
            self, self.tr("Importer"), self.tr("Import du paquet…"),
            lambda report: exchange.apply_import(self.context.store, self.context.data_dir, plan, resolutions,
                                                 progress=report),
            PackageCancelled, self.tr("Import impossible"), self.events, frozenset({"fiche", "grid", RECEIVED}))
        if outcome is not None:
            copies = "".join(f"\n• {title}" for title in outcome.copies)
            QMessageBox.information(self, self.tr("Import terminé"), (
                self.tr("Le paquet a été importé. Tant que rien d'autre n'a changé, « Annuler le dernier import » "
                        "remet tout comme avant.") if not outcome.up_to_date else
                self.tr("Rien à importer : tout est déjà à jour."))
                + (self.tr("\nCopies créées :") + copies if copies else ""))

    def undo_last_import(self) -> bool:
        last = exchange.last_import(self.context.store, self.context.data_dir)
        if last is None:
            return False
        answer = QMessageBox.question(
            self, self.tr("Annuler le dernier import"),
            self.tr("Annuler l'import reçu de {0} le {1} ?\nLes fiches et scénarios reviennent à leur état d'avant "
                    "l'import. L'état actuel est gardé dans une sauvegarde.").format(
                last.correspondent, format_datetime(last.imported_at)))
        if answer != QMessageBox.StandardButton.Yes or not self.events.flush_editors():
            return False
        ok, _ = run_operation(self, self.context.undo_last_import, self.events, frozenset({"store"}),
                              self.tr("Import non annulé"))
        if ok:
            QMessageBox.information(self, self.tr("Import annulé"), self.tr("L'import a été annulé."))
        self.refresh()
        return ok

    def show_kept_versions(self) -> KeptVersionsDialog:
        self.kept_versions = KeptVersionsDialog(self.context, self.events, self)
        self.kept_versions.open()
        return self.kept_versions
