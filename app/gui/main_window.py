"""The main window: a side bar of workspaces, the menus, the status bar."""

from __future__ import annotations

import base64
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QSize, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDesktopServices,
    QDragEnterEvent,
    QDropEvent,
    QIcon,
    QKeySequence,
    QShowEvent,
    QUndoGroup,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QStyle,
    QWidget,
)

from app import APP_NAME
from app.domain.formats import french_spacing
from app.gui.home_page import START_EXAMPLES, START_IMPORT, START_NEW_FICHE, HomePage, WorkspaceEntry
from app.gui.metrics import chars_wide
from app.gui.operations import Changes, StoreEvents, run_operation
from app.gui.workspace_page import WorkspacePage
from app.gui.workspaces import WorkspaceSpec, default_workspaces
from app.locations import log_dir
from app.services.app_context import AppContext

if TYPE_CHECKING:
    from app.gui.dossier_dialog import DossierExporter

HOME_KEY = "accueil"
NOTICE_MS = 10_000
"""How long a notice (and its « Annuler ») stays in the status bar."""
WORKSPACE_KEYS = range(1, 10)
"""Ctrl+1 to Ctrl+9: those a workspace has show it, the others say that nothing is behind them."""
REDO_KEYS = ("Ctrl+Shift+Z", "Ctrl+Y")
"""Both usual redo keys, whatever the platform binds: users come from LibreOffice, Word and browsers."""


def redo_shortcuts(platform: list[QKeySequence]) -> list[QKeySequence]:
    """The platform's redo keys and ours, each once: a key given twice is ambiguous and Qt then runs neither."""
    texts = dict.fromkeys([sequence.toString() for sequence in platform if not sequence.isEmpty()] + list(REDO_KEYS))
    return [QKeySequence(text) for text in texts]


class MainWindow(QMainWindow):
    shown = Signal()
    pages_built = Signal()
    """Every workspace page is built (after the first show, one per turn of the event loop)."""
    _shown_once = False
    _notice_undo: Callable[[], object] | None = None
    """Undoes what the status bar's notice says was done, while its « Annuler » shows."""

    def __init__(self, context: AppContext, workspaces: list[WorkspaceSpec] | None = None) -> None:
        super().__init__()
        self.context = context
        self.events = StoreEvents(context, self)
        self.undo_group = QUndoGroup(self)
        self._nothing_to_undo = QUndoStack(self)
        """Active on pages that have no undo of their own: Annuler and Rétablir are greyed out."""
        self.undo_group.addStack(self._nothing_to_undo)
        self.specs = sorted(default_workspaces() if workspaces is None else workspaces, key=lambda s: s.number)
        self.setWindowTitle(APP_NAME)
        self._pages: dict[str, WorkspacePage] = {}
        self._build_body()
        self._build_menus()
        self._build_status_bar()
        self.events.changed.connect(self._on_changed)
        self.events.add_flusher(self.flush_pages)
        self.events.schemes_wanted.connect(self._schemes_wanted)
        self._exporter: DossierExporter | None = None
        self.setAcceptDrops(True)
        self._restore_window_state()

    # -- layout -------------------------------------------------------------------------------
    def _build_body(self) -> None:
        self.sidebar = QListWidget()
        self.sidebar.setObjectName("sidebar")
        self.sidebar.setIconSize(QSize(24, 24))
        self.stack = QStackedWidget()
        self.home = HomePage(self.context, [WorkspaceEntry(spec.key, spec.title, spec.summary, self._shortcut(spec))
                                            for spec in self.specs], self._starts_offered())
        self.home.start_requested.connect(self.start)
        self.home.workspace_requested.connect(self.enter_workspace)
        self.home.guide_requested.connect(self.open_guide)
        self._add_item(HOME_KEY, self.tr("Accueil"), self.style().standardIcon(QStyle.StandardPixmap.SP_DirHomeIcon),
                       self.tr("Accueil (Ctrl+0)"))
        self.stack.addWidget(self.home)
        self._slots: dict[str, QWidget] = {}
        """Empty stand-ins in the stack for the pages not built yet (see `page`)."""
        for spec in self.specs:
            tip = f"{spec.title} ({self._shortcut(spec)})" + (f"\n{spec.summary}" if spec.summary else "")
            self._add_item(spec.key, spec.title, self.style().standardIcon(spec.icon), tip)
            self._slots[spec.key] = QWidget()
            self.stack.addWidget(self._slots[spec.key])
        self.sidebar.currentRowChanged.connect(self._on_page_changed)
        self.sidebar.setCurrentRow(0)
        self.sidebar.setFixedWidth(chars_wide(self, 28))
        body = QWidget()
        layout = QHBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.sidebar)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(body)

    def page(self, key: str) -> WorkspacePage:
        """The workspace page of `key`, built the first time it is needed (issue 20: the window shows first)."""
        page = self._pages.get(key)
        if page is None:
            spec = next(spec for spec in self.specs if spec.key == key)
            page = spec.factory(self.context, self.events, self)
            slot = self._slots.pop(key)
            self.stack.insertWidget(self.stack.indexOf(slot), page)
            self.stack.removeWidget(slot)
            slot.deleteLater()
            self._pages[key] = page
            page.wants_focus.connect(lambda: self.show_workspace(key))
            page.notify.connect(self.show_notice)
            if page.undo_stack is not None:
                self.undo_group.addStack(page.undo_stack)
            self._place_page_actions()
            self.stack.setCurrentIndex(self.sidebar.currentRow())
        return page

    def build_pages(self) -> None:
        """Build every page not built yet (before a menu that lists their actions opens)."""
        for spec in self.specs:
            self.page(spec.key)

    def _build_next_page(self) -> None:
        """After the first show, build the pages one per turn of the event loop, so that their menu entries
        and shortcuts are there within a moment without delaying the first screen."""
        waiting = [spec.key for spec in self.specs if spec.key not in self._pages]
        if waiting:
            self.page(waiting[0])
        if len(waiting) > 1:
            QTimer.singleShot(0, self._build_next_page)
        else:
            self.pages_built.emit()

    def _place_page_actions(self) -> None:
        """The built pages' own actions at the top of the Fichier and Aide menus, in side-bar order."""
        for menu, anchor, in_help in ((self.file_menu, self._file_anchor, False),
                                      (self.help_menu, self.check_action, True)):
            for action in self._placed_actions.get(menu.objectName(), []):
                menu.removeAction(action)
            pages = [self._pages[spec.key] for spec in self.specs if spec.key in self._pages]
            placed = [action for page in pages for action in (page.help_actions() if in_help else page.file_actions())]
            menu.insertActions(anchor, placed)
            self._placed_actions[menu.objectName()] = placed

    def _offers(self, key: str) -> bool:
        return any(spec.key == key for spec in self.specs)

    def _schemes_wanted(self, keys: list[str] | None, why: str) -> None:
        """Financements shows the schemes a page asked for; built now, it did not hear the request itself."""
        if self._offers("financements") and "financements" not in self._pages:
            from app.gui.funding.workspace import FundingWorkspace

            page = self.page("financements")
            assert isinstance(page, FundingWorkspace)
            page.show_schemes(keys, why)

    def _on_page_changed(self, row: int) -> None:
        key = self.sidebar.item(row).data(Qt.ItemDataRole.UserRole)
        if key != HOME_KEY:
            self.page(key)
        self.stack.setCurrentIndex(row)
        page = self.current_page()
        stack = page.undo_stack if page is not None else None
        self.undo_group.setActiveStack(stack if stack is not None else self._nothing_to_undo)

    def current_page(self) -> WorkspacePage | None:
        """The workspace page shown; None on the home page."""
        page = self.stack.currentWidget()
        return page if isinstance(page, WorkspacePage) else None

    def _add_item(self, key: str, title: str, icon: QIcon, tip: str) -> None:
        item = QListWidgetItem(icon, title)
        item.setData(Qt.ItemDataRole.UserRole, key)
        item.setToolTip(tip)
        self.sidebar.addItem(item)

    @staticmethod
    def _shortcut(spec: WorkspaceSpec) -> str:
        return QKeySequence(f"Ctrl+{spec.number}").toString(QKeySequence.SequenceFormat.NativeText)

    def _starts_offered(self) -> list[str]:
        """The ways to begin the home page may offer: only those a workspace here can carry out."""
        return ([START_EXAMPLES, START_NEW_FICHE] if self._offers("fiches") else []) + (
            [START_IMPORT] if self._package_receiver() is not None else [])

    def start(self, how: str) -> None:
        """Begin as the home page offered: load the examples, write a new fiche or import a package."""
        if how == START_IMPORT:
            receiver = self._package_receiver()
            if receiver is not None:
                self.show_workspace(receiver)
                self.page(receiver).receive_package(None)
            return
        from app.gui.fiches.workspace import FichesWorkspace

        page = self.page("fiches")
        assert isinstance(page, FichesWorkspace)
        self.show_workspace("fiches")
        if how == START_EXAMPLES:
            page.load_examples()
        elif how == START_NEW_FICHE:
            page.new_fiche()

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = self.file_menu = bar.addMenu(self.tr("&Fichier"))
        file_menu.setObjectName("fileMenu")
        file_menu.aboutToShow.connect(self.build_pages)
        self._placed_actions: dict[str, list[QAction]] = {}
        self._file_anchor = file_menu.addSeparator()
        self.export_action = file_menu.addAction(self.tr("&Exporter le dossier…"))
        self.export_action.setObjectName("exportDossier")
        self.export_action.setShortcut(QKeySequence("Ctrl+E"))
        self.export_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self.export_action.setStatusTip(self.tr("Écrire le dossier de la fiche en Word, Excel et PDF"))
        self.export_action.triggered.connect(self.export_dossier)
        file_menu.addSeparator()
        self.quit_action = file_menu.addAction(self.tr("&Quitter"))
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        self.quit_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self.quit_action.triggered.connect(self.close)

        edit_menu = bar.addMenu(self.tr("&Édition"))
        undo = self.undo_group.createUndoAction(self, self.tr("Annuler"))
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        redo = self.undo_group.createRedoAction(self, self.tr("Rétablir"))
        redo.setShortcuts(redo_shortcuts(QKeySequence.keyBindings(QKeySequence.StandardKey.Redo)))
        edit_menu.addAction(undo)
        edit_menu.addAction(redo)
        edit_menu.addSeparator()
        self.find_action = edit_menu.addAction(self.tr("&Rechercher"))
        self.find_action.setShortcut(QKeySequence.StandardKey.Find)
        self.find_action.setStatusTip(self.tr("Chercher dans l'espace affiché (les fiches depuis l'accueil)"))
        self.find_action.triggered.connect(self.search_here)
        edit_menu.addSeparator()
        self.preferences_action = edit_menu.addAction(self.tr("&Préférences…"))
        self.preferences_action.setShortcut(QKeySequence("Ctrl+,"))
        self.preferences_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.preferences_action.triggered.connect(self.open_preferences)

        view_menu = self.view_menu = bar.addMenu(self.tr("&Affichage"))
        home_action = view_menu.addAction(self.tr("Accueil"))
        home_action.setShortcut(QKeySequence("Ctrl+0"))
        home_action.triggered.connect(lambda: self.show_workspace(HOME_KEY))
        self.workspace_actions: dict[str, QAction] = {}
        for spec in self.specs:
            action = view_menu.addAction(spec.title)
            action.setShortcut(QKeySequence(f"Ctrl+{spec.number}"))
            action.setStatusTip(spec.summary)
            action.triggered.connect(lambda _checked=False, key=spec.key: self.enter_workspace(key))
            self.workspace_actions[spec.key] = action
        for number in set(WORKSPACE_KEYS) - {spec.number for spec in self.specs}:
            nothing = QAction(self)
            nothing.setShortcut(QKeySequence(f"Ctrl+{number}"))
            nothing.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            nothing.triggered.connect(lambda _checked=False, number=number: self._no_workspace(number))
            self.addAction(nothing)
        view_menu.addSeparator()
        full_screen = view_menu.addAction(self.tr("Plein écran"))
        full_screen.setShortcut(QKeySequence.StandardKey.FullScreen)
        full_screen.setCheckable(True)
        full_screen.toggled.connect(lambda on: self.showFullScreen() if on else self.showNormal())

        tools_menu = bar.addMenu(self.tr("&Outils"))
        self.backup_action = tools_menu.addAction(self.tr("&Sauvegarder maintenant"))
        self.backup_action.triggered.connect(self.backup_now)
        self.restore_action = tools_menu.addAction(self.tr("&Restaurer une sauvegarde…"))
        self.restore_action.triggered.connect(self.open_restore)
        tools_menu.addSeparator()
        open_data = tools_menu.addAction(self.tr("Ouvrir le dossier des &données"))
        open_data.triggered.connect(lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.context.data_dir))))

        help_menu = self.help_menu = bar.addMenu(self.tr("&Aide"))
        help_menu.setObjectName("helpMenu")
        help_menu.aboutToShow.connect(self.build_pages)
        self.guide_action = help_menu.addAction(self.tr("&Guide d'utilisation"))
        self.guide_action.setObjectName("userGuide")
        self.guide_action.setShortcut(QKeySequence.StandardKey.HelpContents)
        self.guide_action.triggered.connect(self.open_guide)
        help_menu.addSeparator()
        self.check_action = help_menu.addAction(self.tr("&Vérifier l'intégrité de la base"))
        self.check_action.triggered.connect(self.run_integrity_check)
        open_logs = help_menu.addAction(self.tr("Ouvrir le dossier des &journaux"))
        open_logs.triggered.connect(lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(log_dir()))))
        help_menu.addSeparator()
        about = help_menu.addAction(self.tr("À &propos d'Essaim"))
        about.setMenuRole(QAction.MenuRole.AboutRole)
        about.triggered.connect(self.open_about)
        about_qt = help_menu.addAction(self.tr("À propos de &Qt"))
        about_qt.setMenuRole(QAction.MenuRole.AboutQtRole)
        about_qt.triggered.connect(QApplication.aboutQt)

    def show_notice(self, text: str, undo: Callable[[], object] | None = None) -> None:
        """Say in the status bar what was just done; with `undo`, offer « Annuler » while the message shows."""
        self.statusBar().showMessage(french_spacing(text), NOTICE_MS)
        self._notice_undo = undo
        self.notice_undo_button.setVisible(undo is not None)
        self._notice_timer.start()

    def _undo_notice(self) -> None:
        undo, self._notice_undo = self._notice_undo, None
        self.notice_undo_button.hide()
        self.statusBar().clearMessage()
        if undo is not None:
            undo()

    def _build_status_bar(self) -> None:
        self.notice_undo_button = QPushButton(self.tr("Annuler"))
        self.notice_undo_button.setObjectName("statusUndo")
        self.notice_undo_button.hide()
        self.notice_undo_button.clicked.connect(self._undo_notice)
        self.statusBar().addPermanentWidget(self.notice_undo_button)
        self._notice_timer = QTimer(self)
        self._notice_timer.setSingleShot(True)
        self._notice_timer.setInterval(NOTICE_MS)
        self._notice_timer.timeout.connect(self.notice_undo_button.hide)
        self.location_label = QLabel(self.tr("Données : {0}").format(str(self.context.data_dir)))
        self.statusBar().addPermanentWidget(self.location_label)
        warning = self.context.location_warning()
        self.location_warning_label = QLabel(warning or "")
        self.location_warning_label.setStyleSheet("color: #a04000; font-weight: bold")
        self.location_warning_label.setVisible(bool(warning))
        self.location_warning_label.setWordWrap(True)
        self.statusBar().addWidget(self.location_warning_label, 1)

    # -- workspaces ---------------------------------------------------------------------------
    def show_workspace(self, key: str) -> None:
        for row in range(self.sidebar.count()):
            if self.sidebar.item(row).data(Qt.ItemDataRole.UserRole) == key:
                self.sidebar.setCurrentRow(row)
                return

    def enter_workspace(self, key: str) -> None:
        """Show a workspace from the keyboard: the focus goes where its page says work starts (its focus proxy)."""
        self.show_workspace(key)
        page = self._pages.get(key)
        if page is not None and page.focusProxy() is not None:
            page.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def search_here(self) -> None:
        """Put the cursor in the search of the page shown, or in the fiches' search when it has none."""
        page = self._pages.get(self.current_workspace())
        if (page is None or not page.focus_search()) and self._offers("fiches"):
            self.page("fiches").focus_search()

    def current_workspace(self) -> str:
        item = self.sidebar.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else HOME_KEY

    def _on_changed(self, _changes: Changes) -> None:
        self.home.refresh()

    # -- actions ------------------------------------------------------------------------------
    @staticmethod
    def _packages(event: QDropEvent | QDragEnterEvent) -> list[Path]:
        from app.sync.package_format import SUFFIX

        return [Path(url.toLocalFile()) for url in event.mimeData().urls()
                if url.isLocalFile() and url.toLocalFile().lower().endswith(SUFFIX)]

    def _package_receiver(self) -> str | None:
        """The key of the page that takes dropped packages, if one is there."""
        return next((spec.key for spec in self.specs if spec.takes_packages), None)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self._packages(event) and self._package_receiver() is not None:
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        packages = self._packages(event)
        receiver = self._package_receiver()
        if packages and receiver is not None:
            event.acceptProposedAction()
            self.show_workspace(receiver)
            self.page(receiver).receive_package(packages[0])

    def current_fiche_id(self) -> str | None:
        """The fiche the user works on: the one of the current workspace, else the last one opened."""
        page = self.current_page()
        return (page.current_fiche_id() if page is not None else None) or self.events.selected_fiche

    def export_dossier(self) -> None:
        if not self.flush_pages():
            return
        fiche_id = self.current_fiche_id()
        if fiche_id is None:
            QMessageBox.information(self, self.tr("Exporter le dossier"),
                                    self.tr("Ouvrez d'abord une fiche (espace Fiches) pour exporter son dossier."))
            return
        self.exporter.start(fiche_id)

    @property
    def exporter(self) -> DossierExporter:
        """The dossier export's dialogs and writers, loaded at the first export."""
        if self._exporter is None:
            from app.gui.dossier_dialog import DossierExporter

            self._exporter = DossierExporter(self.context, self)
        return self._exporter

    def open_preferences(self) -> None:
        from app.gui.preferences_dialog import PreferencesDialog

        dialog = PreferencesDialog(self.context, self)
        dialog.open()

    def _no_workspace(self, number: int) -> None:
        shown = [spec.number for spec in self.specs]
        reach = (self.tr("les espaces de travail vont de Ctrl+{0} à Ctrl+{1}").format(min(shown), max(shown))
                 if shown else self.tr("aucun espace de travail n'est installé"))
        self.show_notice(self.tr("Aucun espace de travail n'a le raccourci Ctrl+{0} : {1}.").format(number, reach))

    def open_guide(self) -> None:
        from app.gui.guide_viewer import GuideViewer

        GuideViewer.show_for(self)

    def open_about(self) -> None:
        from app.gui.about_dialog import AboutDialog

        AboutDialog(self.context.data_dir, self).open()

    def backup_now(self) -> None:
        from app.services.maintenance import backup_store

        ok, path = run_operation(self, lambda: backup_store(self.context.data_dir))
        if ok:
            self.statusBar().showMessage(self.tr("Sauvegarde écrite : {0}").format(str(path)), 10000)

    def open_restore(self) -> None:
        from app.gui.maintenance_dialogs import RestoreDialog

        dialog = RestoreDialog(self.context.data_dir, self)
        dialog.restore_requested.connect(self.restore_from)
        dialog.open()

    def restore_from(self, backup_path: str) -> None:
        if not self.flush_pages():
            return
        ok, safety = run_operation(self, lambda: self.context.restore(Path(backup_path)), self.events,
                                   self.tr("Restauration impossible"))
        if ok:
            QMessageBox.information(
                self,
                self.tr("Sauvegarde restaurée"),
                self.tr("Les données ont été restaurées. L'état précédent a été gardé dans :\n{0}").format(str(safety)),
            )

    def run_integrity_check(self) -> None:
        from app.gui.maintenance_dialogs import CheckReportDialog
        from app.services.maintenance import run_check

        CheckReportDialog(run_check(self.context.data_dir), self).open()

    # -- window state -------------------------------------------------------------------------
    def _restore_window_state(self) -> None:
        prefs = self.context.preferences
        restored = False
        if prefs.window_geometry:
            restored = self.restoreGeometry(QByteArray(base64.b64decode(prefs.window_geometry)))
        if not restored:
            screen = self.screen().availableGeometry()
            self.resize(int(screen.width() * 0.8), int(screen.height() * 0.8))
        if prefs.window_state:
            self.restoreState(QByteArray(base64.b64decode(prefs.window_state)))
        if prefs.last_workspace:
            self.show_workspace(prefs.last_workspace)

    def remember_window_state(self) -> None:
        prefs = self.context.preferences
        prefs.window_geometry = base64.b64encode(bytes(self.saveGeometry().data())).decode("ascii")
        prefs.window_state = base64.b64encode(bytes(self.saveState().data())).decode("ascii")
        prefs.last_workspace = self.current_workspace()
        self.context.save_preferences()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        first = not self._shown_once
        self._shown_once = True
        self.shown.emit()
        if first:
            QTimer.singleShot(0, self._build_next_page)

    def flush_pages(self) -> bool:
        """Store every page's pending edits; False when one cannot and the user chose to stay."""
        return all(page.flush() for page in self._pages.values())

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.flush_pages():
            event.ignore()
            return
        self.remember_window_state()
        super().closeEvent(event)
