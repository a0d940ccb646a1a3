"""Tables and dialogs that fit their content on a 1366×768 screen (issue 21): what a user reads is not cut."""

from __future__ import annotations

from PySide6.QtWidgets import QTableWidget

from app.gui.main_window import MainWindow
from app.gui.preferences_dialog import PreferencesDialog

SMALL_SCREEN = (1366, 768 - 28)
"""A laptop's screen less a task bar."""


def cut_cells(table: QTableWidget, column: int) -> list[str]:
    """The texts of `column` wider than the cell that shows them."""
    metrics = table.fontMetrics()
    cut = []
    for row in range(table.rowCount()):
        item = table.item(row, column)
        margin = 2 * (table.style().pixelMetric(table.style().PixelMetric.PM_FocusFrameHMargin) + 1)  # Qt's own
        if item is not None and metrics.horizontalAdvance(item.text()) + margin > table.columnWidth(column):
            cut.append(item.text())
    return cut


def test_the_preferences_show_every_role_whole_and_fit_a_small_screen(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    dialog = PreferencesDialog(window.context, window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    table = dialog.daily_costs
    assert table.rowCount() >= 6
    assert any(len(table.item(row, 0).text()) > 45 for row in range(table.rowCount())), "a long role is there"
    assert cut_cells(table, 0) == []
    assert table.horizontalHeader().sectionSize(1) >= table.horizontalHeader().sectionSizeHint(1), "its header whole"
    assert dialog.width() <= SMALL_SCREEN[0] and dialog.height() <= SMALL_SCREEN[1]


def test_every_workspace_fits_a_small_screen(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.build_pages()
    for spec in window.specs:
        window.show_workspace(spec.key)
        hint = window.minimumSizeHint()
        assert hint.width() <= SMALL_SCREEN[0] - 16 and hint.height() <= SMALL_SCREEN[1] - 30, (
            f"{spec.title} needs {hint.width()}×{hint.height()}")
