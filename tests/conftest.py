"""Test set-up: every test gets its own data, configuration and log folders; Qt runs offscreen;
modal message boxes are replaced by recorders; a skipped test fails the run on CI."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from app.services.app_context import AppContext
from app.storage.store import Store

_skipped: list[str] = []


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.skipped:
        _skipped.append(report.nodeid)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """On CI (or with ESSAIM_FAIL_ON_SKIP=1) a skipped test is a failure: a missing Qt library must not hide GUI
    tests."""
    strict = os.environ.get("CI") or os.environ.get("ESSAIM_FAIL_ON_SKIP") == "1"
    if strict and _skipped and session.exitstatus == 0:
        print(f"\n{len(_skipped)} test(s) skipped, which CI does not allow: {_skipped}")
        session.exitstatus = 1


@pytest.fixture(autouse=True)
def isolated_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Data, configuration and logs of every test live under its own temporary folder."""
    monkeypatch.setenv("ESSAIM_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("ESSAIM_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("ESSAIM_LOG_DIR", str(tmp_path / "logs"))
    return tmp_path


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def store(data_dir: Path):
    opened = Store.open(data_dir)
    yield opened
    opened.close()


@dataclass
class MessageBoxRecorder:
    """Replaces QMessageBox's static functions; `answer` is what `question` returns."""

    calls: list[tuple[str, str, str]] = field(default_factory=list)
    answer: object = None

    def kinds(self) -> list[str]:
        return [kind for kind, _, _ in self.calls]


@pytest.fixture(autouse=True)
def message_boxes(monkeypatch: pytest.MonkeyPatch) -> MessageBoxRecorder:
    """Every test runs with QMessageBox's modal functions recorded instead of shown."""
    from PySide6.QtWidgets import QMessageBox

    recorder = MessageBoxRecorder(answer=QMessageBox.StandardButton.Yes)

    def recording(kind: str):  # type: ignore[no-untyped-def]
        def record(parent, title, text, *args, **kwargs):  # type: ignore[no-untyped-def]
            recorder.calls.append((kind, title, text))
            if kind == "question":
                return recorder.answer
            return QMessageBox.StandardButton.Ok

        return staticmethod(record)

    for kind in ("warning", "information", "critical", "question"):
        monkeypatch.setattr(QMessageBox, kind, recording(kind))
    return recorder


@pytest.fixture
def app_context(qapp, data_dir: Path):  # type: ignore[no-untyped-def]
    from app.gui.application import ensure_application

    ensure_application()
    context = AppContext.open(data_dir)
    yield context
    context.close(with_auto_backup=False)


def show_active(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """Show `window` and wait until it has the keyboard, so that shortcuts reach it (offscreen too)."""
    from PySide6.QtGui import QGuiApplication

    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.windowHandle().requestActivate()
    qtbot.waitUntil(lambda: QGuiApplication.focusWindow() is window.windowHandle(), timeout=3000)


@pytest.fixture
def window(qtbot, app_context):  # type: ignore[no-untyped-def]
    """The main window with the default workspaces, shown and active (test modules may override it)."""
    from app.gui.main_window import MainWindow

    win = MainWindow(app_context)
    show_active(qtbot, win)
    return win


@pytest.fixture
def opened_urls(monkeypatch: pytest.MonkeyPatch) -> list:  # type: ignore[type-arg]
    """QDesktopServices.openUrl records the QUrls it is given instead of opening them."""
    from PySide6.QtGui import QDesktopServices

    urls: list = []  # type: ignore[type-arg]
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: urls.append(url) or True))
    return urls
