"""The start page: what Essaim is, where the data lives, what the store holds."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from app.services.app_context import AppContext


class HomePage(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        layout = QVBoxLayout(self)
        layout.setAlignment(Qt.AlignmentFlag.AlignTop)
        title = QLabel(self.tr("Bienvenue dans Essaim"))
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        title.setFont(font)
        layout.addWidget(title)
        intro = QLabel(
            self.tr(
                "Essaim aide les CCAS, CIAS et leurs partenaires à décrire une innovation qui fonctionne, "
                "à la chiffrer, à lui trouver des financements, à monter un laboratoire d'innovation "
                "et à transmettre le tout à un autre territoire, même sans connexion."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.facts = QLabel()
        self.facts.setObjectName("homeFacts")
        self.facts.setWordWrap(True)
        self.facts.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.facts)
        self.refresh()

    def refresh(self) -> None:
        summary = self.context.summary()
        self.facts.setText(
            self.tr("Poste : {0}\nDossier de données : {1}\nFiches enregistrées : {2}").format(
                summary.workstation_label, str(self.context.data_dir), summary.fiches
            )
        )
