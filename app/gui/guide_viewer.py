"""Aide › Guide d'utilisation: the user guide shipped in `docs/guide/`, read inside the application."""

from __future__ import annotations

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from app.gui.metrics import chars_wide, fit_to_screen
from app.locations import guide_dir

INDEX_PAGE = "index.md"
GUIDE_IMAGE_WIDTH = 1000
"""The width of the guide's screenshots (`scripts/screenshots.py --guide`)."""


class GuideViewer(QWidget):
    """A window of its own beside the main one, so the user reads and does at the same time."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setWindowTitle(self.tr("Guide d'utilisation d'Essaim"))
        self.browser = QTextBrowser()
        self.browser.setOpenLinks(False)
        self.browser.anchorClicked.connect(self.follow)
        self.browser.setSearchPaths([str(guide_dir())])
        self.browser.document().setDocumentMargin(chars_wide(self, 3))
        self.back_button = QPushButton(self.tr("◀ Précédent"))
        self.back_button.setShortcut(QKeySequence.StandardKey.Back)
        self.back_button.clicked.connect(self.browser.backward)
        self.browser.backwardAvailable.connect(self.back_button.setEnabled)
        self.forward_button = QPushButton(self.tr("Suivant ▶"))
        self.forward_button.setShortcut(QKeySequence.StandardKey.Forward)
        self.forward_button.clicked.connect(self.browser.forward)
        self.browser.forwardAvailable.connect(self.forward_button.setEnabled)
        self.contents_button = QPushButton(self.tr("Sommaire"))
        self.contents_button.clicked.connect(self.show_contents)
        self.missing = QLabel()
        self.missing.setWordWrap(True)
        self.missing.hide()
        bar = QHBoxLayout()
        for button in (self.back_button, self.forward_button, self.contents_button):
            button.setEnabled(button is self.contents_button)
            bar.addWidget(button)
        bar.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.missing)
        layout.addWidget(self.browser, 1)
        # wide enough for the guide's screenshots where the screen allows, as tall as it allows
        fit_to_screen(self, max(chars_wide(self, 100), GUIDE_IMAGE_WIDTH + 80), self.screen().size().height())
        self.show_contents()

    @classmethod
    def show_for(cls, window: QWidget) -> GuideViewer:
        """The window's guide, opened once and brought forward afterwards."""
        viewer = window.findChild(cls)
        if viewer is None:
            viewer = cls(window)
        viewer.show()
        viewer.raise_()
        viewer.activateWindow()
        return viewer

    def show_contents(self) -> None:
        index = guide_dir() / INDEX_PAGE
        if not index.is_file():
            self.missing.setText(self.tr("Le guide d'utilisation est introuvable (attendu dans {0}). Réinstallez "
                                         "Essaim ou consultez le dossier docs/guide de sa distribution.")
                                 .format(str(index.parent)))
            self.missing.show()
            return
        self.browser.setSource(QUrl.fromLocalFile(str(index)))

    def follow(self, url: QUrl) -> None:
        """Pages of the guide open here; anything else (a web site, an e-mail address) in the system's program."""
        if url.isRelative() or url.isLocalFile():
            self.browser.setSource(self.browser.source().resolved(url) if url.isRelative() else url)
        else:
            QDesktopServices.openUrl(url)

    def page_title(self) -> str:
        """The first heading of the page shown."""
        return self.browser.documentTitle() or self.browser.document().firstBlock().text()
