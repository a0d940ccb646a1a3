"""Sizes that follow the user's font rather than fixed pixels."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget


def chars_wide(widget: QWidget, chars: int) -> int:
    """The width of `chars` average characters in the widget's font."""
    return widget.fontMetrics().averageCharWidth() * chars


def lines_high(widget: QWidget, lines: int) -> int:
    return widget.fontMetrics().lineSpacing() * lines


def fit_to_screen(window: QWidget, width: int, height: int) -> None:
    """Size a window `width` × `height` pixels, within its screen (1366×768 included)."""
    screen = window.screen().availableGeometry()
    window.resize(min(width, int(screen.width() * 0.95)), min(height, int(screen.height() * 0.92)))
