"""À propos: version and the data folder, as a link that opens it."""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from app import __version__
from app.gui.metrics import chars_wide


class AboutDialog(QDialog):
    def __init__(self, data_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("À propos d'Essaim"))
        layout = QVBoxLayout(self)
        title = QLabel(self.tr("<h2>Essaim {0}</h2>").format(__version__))
        layout.addWidget(title)
        text = QLabel(
            self.tr(
                "Décrire, chiffrer, financer et essaimer les innovations sociales des CCAS, CIAS "
                "et de leurs partenaires. Fonctionne hors connexion ; les échanges se font par fichier."
            )
        )
        text.setWordWrap(True)
        layout.addWidget(text)
        url = QUrl.fromLocalFile(str(data_dir)).toString()
        self.data_link = QLabel(
            self.tr("Dossier de données : {0}").format(
                f'<a href="{html.escape(url)}">{html.escape(str(data_dir))}</a>'
            )
        )
        self.data_link.setObjectName("dataFolderLink")
        self.data_link.setTextFormat(Qt.TextFormat.RichText)
        self.data_link.setOpenExternalLinks(True)
        self.data_link.setWordWrap(True)
        layout.addWidget(self.data_link)
        self.setMinimumWidth(chars_wide(self, 60))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
