"""The start page: what Essaim is, how to begin on an empty store, the workspaces and their shortcuts, and where
the data lives."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QCommandLinkButton, QGridLayout, QGroupBox, QLabel, QVBoxLayout, QWidget

from app.services.app_context import AppContext

START_EXAMPLES = "exemples"
START_NEW_FICHE = "nouvelle-fiche"
START_IMPORT = "importer"


@dataclass(frozen=True)
class WorkspaceEntry:
    """A workspace as the home page lists it."""

    key: str
    title: str
    summary: str
    shortcut: str


class HomePage(QWidget):
    """`start_requested` carries one of the START_ keys, `workspace_requested` a workspace's key."""

    start_requested = Signal(str)
    workspace_requested = Signal(str)
    guide_requested = Signal()

    def __init__(self, context: AppContext, workspaces: Sequence[WorkspaceEntry] = (),
                 starts: Sequence[str] = (START_EXAMPLES, START_NEW_FICHE, START_IMPORT),
                 parent: QWidget | None = None) -> None:
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
        self.guide_link = QLabel(self.tr('Première fois ? Le <a href="guide">guide d\'utilisation</a> (F1) montre '
                                         "chaque espace pas à pas."))
        self.guide_link.setObjectName("homeGuide")
        self.guide_link.linkActivated.connect(lambda _link: self.guide_requested.emit())
        layout.addWidget(self.guide_link)
        self.start_box = self._start_box(starts)
        layout.addWidget(self.start_box)
        if workspaces:
            layout.addWidget(self._workspaces_box(workspaces))
        self.facts = QLabel()
        self.facts.setObjectName("homeFacts")
        self.facts.setWordWrap(True)
        self.facts.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.facts)
        self.refresh()

    def _start_box(self, starts: Sequence[str]) -> QGroupBox:
        """The three ways to begin, offered while the store holds no fiche."""
        box = QGroupBox(self.tr("Pour commencer"))
        layout = QVBoxLayout(box)
        note = QLabel(self.tr("Aucune fiche n'est encore enregistrée sur ce poste. Vous pouvez :"))
        note.setWordWrap(True)
        layout.addWidget(note)
        offers = {
            START_EXAMPLES: (self.tr("Charger les exemples"),
                             self.tr("Des fiches tirées d'initiatives réelles de CCAS, pour découvrir Essaim. "
                                     "Elles se suppriment comme les autres.")),
            START_NEW_FICHE: (self.tr("Nouvelle fiche"),
                              self.tr("Décrire votre propre innovation, en commençant par son titre.")),
            START_IMPORT: (self.tr("Importer un paquet"),
                           self.tr("Un fichier .essaim reçu d'un collègue ou d'un autre territoire.")),
        }
        self.start_buttons: dict[str, QCommandLinkButton] = {}
        for key in starts:
            text, description = offers[key]
            button = QCommandLinkButton(text, description)
            button.setObjectName(f"start-{key}")
            button.clicked.connect(lambda _checked=False, key=key: self.start_requested.emit(key))
            layout.addWidget(button)
            self.start_buttons[key] = button
        return box

    def _workspaces_box(self, workspaces: Sequence[WorkspaceEntry]) -> QGroupBox:
        """Every workspace with what it is for and its shortcut, each a way into it."""
        box = QGroupBox(self.tr("Les espaces de travail"))
        grid = QGridLayout(box)
        grid.setColumnStretch(2, 1)
        self.workspace_links: dict[str, QLabel] = {}
        for row, entry in enumerate(workspaces):
            link = QLabel(f'<a href="{entry.key}">{entry.title}</a>')
            link.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse
                                         | Qt.TextInteractionFlag.LinksAccessibleByKeyboard)
            link.linkActivated.connect(self.workspace_requested.emit)
            summary = QLabel(entry.summary)
            summary.setWordWrap(True)
            shortcut = QLabel(entry.shortcut)
            shortcut.setEnabled(False)
            grid.addWidget(link, row, 0)
            grid.addWidget(shortcut, row, 1)
            grid.addWidget(summary, row, 2)
            self.workspace_links[entry.key] = link
        return box

    def refresh(self) -> None:
        summary = self.context.summary()
        self.start_box.setVisible(summary.fiches == 0 and bool(self.start_buttons))
        self.facts.setText(
            self.tr("Poste : {0}\nDossier de données : {1}\nFiches enregistrées : {2}").format(
                summary.workstation_label, str(self.context.data_dir), summary.fiches
            )
        )
