"""Sizes that follow the user's font rather than fixed pixels."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget


def chars_wide(widget: QWidget, chars: int) -> int:
    """The width of `chars` average characters in the widget's font."""
    return widget.fontMetrics().averageCharWidth() * chars


def lines_high(widget: QWidget, lines: int) -> int:
    return widget.fontMetrics().lineSpacing() * lines
