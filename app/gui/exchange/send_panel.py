"""Échanges, the « Envoyer » half: this station's name, what to send, to whom, how, and the package written."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from urllib.parse import quote

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.formats import format_date
from app.exports.dossier_files import safe_file_name
from app.gui.combo import line_edit_of
from app.gui.exchange.fiche_picker import FichePicker
from app.gui.operations import StoreEvents, run_operation
from app.gui.progress import run_with_progress
from app.services import exchange, fiches
from app.services.app_context import AppContext
from app.sync.package_crypto import MIN_PASSWORD
from app.sync.package_format import SUFFIX, PackageCancelled

SCOPES = ("selection", "all", "since_last_exchange")


class SendPanel(QGroupBox):
    def __init__(self, context: AppContext, events: StoreEvents, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Envoyer"))
        self.context = context
        self.events = events
        self.sent_dialog: QMessageBox | None = None
        layout = QVBoxLayout(self)
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
        layout.addLayout(station_form)
        self.scope_group = QButtonGroup(self)
        labels = (self.tr("Les fiches cochées (avec leurs scénarios et pièces jointes)"), self.tr("Tout"),
                  self.tr("Ce qui a changé depuis le dernier échange avec le correspondant"))
        for n, (key, text) in enumerate(zip(SCOPES, labels, strict=True)):
            button = QRadioButton(text)
            button.setObjectName(f"scope_{key}")
            self.scope_group.addButton(button, n)
            layout.addWidget(button)
        self.scope_group.button(0).setChecked(True)
        self.picker = FichePicker(lambda query: fiches.search_ids(self.context.open_store, query),
                                  lambda ids: fiches.summaries(self.context.open_store, ids, live_only=True))
        self.scope_group.idToggled.connect(lambda _id, _on: self.picker.setEnabled(self.scope_group.checkedId() == 0))
        layout.addWidget(self.picker, 1)
        form = QFormLayout()
        self.correspondent = QComboBox()
        self.correspondent.setObjectName("correspondent")
        self.correspondent.setEditable(True)
        self.correspondent.setMinimumContentsLength(30)
        line_edit_of(self.correspondent).setPlaceholderText(self.tr("ex. UDCCAS de l'Isère"))
        form.addRow(self.tr("Correspondant :"), self.correspondent)
        layout.addLayout(form)
        self.personal = QCheckBox(self.tr("Inclure les contacts (données personnelles)"))
        self.personal.setObjectName("packagePersonal")
        self.personal.setToolTip(self.tr("La CNIL recommande de ne pas envoyer de données personnelles par e-mail "
                                         "sans les chiffrer."))
        layout.addWidget(self.personal)
        self.protect = QCheckBox(self.tr("Protéger par un mot de passe"))
        self.protect.setObjectName("packageProtect")
        self.protect.setToolTip(self.tr("Le paquet est chiffré. Communiquez le mot de passe par un autre moyen que "
                                        "l'e-mail (téléphone, SMS), comme le conseille la CNIL."))
        layout.addWidget(self.protect)
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
        layout.addLayout(secret_form)
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
        layout.addLayout(buttons)

    def refresh(self) -> None:
        """Show this station's name, the fiches and the known correspondents as stored."""
        self.station.setText(self.context.open_store.workstation_label)
        self.picker.refresh()
        current = self.correspondent.currentText()
        self.correspondent.clear()
        self.correspondent.addItems([peer.name for peer in exchange.correspondents(self.context.open_store)])
        self.correspondent.setEditText(current)

    def rename_station(self) -> None:
        """Keep the name typed for this station (what correspondents see); a refused name is put back."""
        typed = self.station.text()
        if typed == self.context.open_store.workstation_label:
            return
        ok, _ = run_operation(self, lambda: exchange.rename_workstation(self.context.open_store, typed), self.events,
                              self.tr("Nom du poste non changé"))
        self.station.setText(self.context.open_store.workstation_label)
        if not ok:
            self.station.setFocus()

    def checked_fiches(self) -> list[str]:
        return self.picker.checked_ids()

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
        who = self.correspondent.currentText().strip() or self.context.open_store.workstation_label
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
            lambda report: exchange.export_package(self.context.open_store, self.context.data_dir, request, path,
                                                   report),
            PackageCancelled, self.tr("Envoyer"), self.events)
        if outcome is None:
            return None
        if announce:
            self._announce(outcome, request)
        return outcome.path

    def _announce(self, outcome: exchange.ExportOutcome, request: exchange.PackageRequest) -> None:
        """Say what was written, and offer to open its folder."""
        text = self.tr("Le paquet « {0} » contient {1}.").format(outcome.path.name, outcome.summary())
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
