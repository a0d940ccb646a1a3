"""Start the GUI: the application object, translators, error hook, the store, the main window."""

from __future__ import annotations

import argparse
import logging
import sys
import time

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from app import APP_NAME, __version__
from app.gui.error_dialog import install_excepthook
from app.gui.i18n import install_translators
from app.gui.main_window import MainWindow
from app.locations import resolve_data_dir, resources_dir
from app.services.app_context import AppContext
from app.services.preferences import load_preferences
from app.storage.errors import StoreError, StoreLockedError

log = logging.getLogger(__name__)

EXIT_STORE_ERROR = 1
EXIT_LOCKED = 3


def ensure_application(argv: list[str] | None = None) -> QApplication:
    """The one QApplication of the process, set up with Essaim's names, icon and translators."""
    app = QApplication.instance()
    if app is None:
        app = QApplication(argv or [sys.argv[0]])
    assert isinstance(app, QApplication)
    if not app.property("essaimReady"):
        app.setApplicationName(APP_NAME)
        app.setApplicationDisplayName(APP_NAME)
        app.setApplicationVersion(__version__)
        app.setOrganizationName(APP_NAME)
        app.setWindowIcon(QIcon(str(resources_dir() / "icons" / "essaim.svg")))
        install_translators(app)
        app.setProperty("essaimReady", True)
    return app


def _tell_startup_failure(error: StoreError) -> None:
    title = QCoreApplication.translate("startup", "Essaim ne peut pas démarrer")
    QMessageBox.critical(None, title, str(error))


def run_gui(args: argparse.Namespace) -> int:
    app = ensure_application()
    install_excepthook()
    preferences = load_preferences()
    data_dir = resolve_data_dir(args.data_dir, preferences.data_dir)
    try:
        context = AppContext.open(data_dir, preferences)
    except StoreLockedError as error:
        log.warning("store locked: %s", data_dir)
        _tell_startup_failure(error)
        return EXIT_LOCKED
    except StoreError as error:
        log.error("store could not be opened: %s", error)
        _tell_startup_failure(error)
        return EXIT_STORE_ERROR
    log.info("Essaim %s started on %s", __version__, data_dir)
    window = MainWindow(context)
    if args.quit_when_shown:
        window.shown.connect(lambda: _report_ready_and_quit(window), Qt.ConnectionType.SingleShotConnection)
    elif args.visit_workspaces:
        window.shown.connect(lambda: _visit_workspaces_and_quit(window), Qt.ConnectionType.SingleShotConnection)
    window.show()
    try:
        return app.exec()
    finally:
        context.close()


def _report_ready_and_quit(window: MainWindow) -> None:
    """For the benchmark: print when the window is usable, then when every workspace is built, and close it."""
    def built() -> None:
        print(f"ESSAIM_PAGES_BUILT {time.time():.6f}", flush=True)
        window.close()

    window.pages_built.connect(built)
    QTimer.singleShot(0, lambda: print(f"ESSAIM_READY {time.time():.6f}", flush=True))


def _visit_workspaces_and_quit(window: MainWindow) -> None:
    """For checking a build: show every workspace in turn (each reads what it shows), say which, then close."""
    waiting = [spec.key for spec in window.specs]

    def visit() -> None:
        if not waiting:
            window.close()
            return
        window.show_workspace(waiting.pop(0))
        print(f"ESSAIM_WORKSPACE {window.current_workspace()} {type(window.current_page()).__name__}", flush=True)
        QTimer.singleShot(0, visit)

    QTimer.singleShot(0, visit)
