"""The field widgets of the record editors, and the protocol they follow."""

from __future__ import annotations

from datetime import date
from typing import Any, Protocol, runtime_checkable

from PySide6.QtCore import Qt, Signal, SignalInstance
from PySide6.QtWidgets import QCheckBox, QComboBox, QGridLayout, QLabel, QLineEdit, QPlainTextEdit, QWidget

from app.domain.fiche import FACTOR_RATING_LABELS
from app.domain.formats import format_date, format_partial_date, parse_date, parse_int, parse_partial_date
from app.domain.vocabulary import Coded
from app.gui.date_picker import CalendarButton
from app.gui.i18n import translate_label
from app.gui.metrics import lines_high


@runtime_checkable
class FormField(Protocol):
    """A widget that edits one field of a record; the editor binds it by the field's name.

    - `set_value(value)` shows the value the record holds (the editor ignores `changed` while it does);
    - `value()` reads it back, as the record holds it;
    - `changed` is emitted on every edit by the user;
    - `input_errors()` lists, in French, what the last `value()` or `set_value()` left unreadable (text that
      is not a number, a date…); the editor shows them under the field and does not save until they are fixed.
    """

    @property
    def changed(self) -> SignalInstance: ...

    def value(self) -> Any: ...

    def set_value(self, value: Any, /) -> None: ...

    def input_errors(self) -> list[str]: ...


class ReadsAnyInput:
    """For the fields whose every input is a value: they never have input errors."""

    def input_errors(self) -> list[str]:
        return []


class LineField(ReadsAnyInput, QLineEdit):
    changed = Signal()

    def __init__(self, placeholder: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText(placeholder)
        self.textChanged.connect(lambda _t: self.changed.emit())

    def value(self) -> str:
        return self.text()

    def set_value(self, value: str) -> None:
        if self.text() != value:
            self.setText(value)
            self.setCursorPosition(0)


class TextField(ReadsAnyInput, QPlainTextEdit):
    changed = Signal()

    def __init__(self, lines: int = 3, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)
        self.setMinimumHeight(lines_high(self, lines + 1))
        self.setMaximumHeight(lines_high(self, lines * 3))
        self.textChanged.connect(self.changed.emit)

    def value(self) -> str:
        return self.toPlainText()

    def set_value(self, value: str) -> None:
        if self.toPlainText() != value:
            self.setPlainText(value)


class ChoiceField(ReadsAnyInput, QComboBox):
    """One code of a vocabulary, or none."""

    changed = Signal()

    def __init__(self, vocabulary: type[Coded], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.addItem(self.tr("— non renseigné —"), "")
        for member in vocabulary:
            self.addItem(translate_label(member.label), member.value)
            if member.definition:
                self.setItemData(self.count() - 1, translate_label(member.definition), Qt.ItemDataRole.ToolTipRole)
        self.currentIndexChanged.connect(lambda _i: self.changed.emit())

    def value(self) -> str:
        return self.currentData() or ""

    def set_value(self, value: str) -> None:
        self.setCurrentIndex(max(0, self.findData(value or "")))


class MultiChoiceField(ReadsAnyInput, QWidget):
    """Several codes of a vocabulary, as check boxes; a member's definition is its box's tooltip.

    With `groups` (code → group title), the boxes of each group follow their title, in the vocabulary's order.
    """

    changed = Signal()

    def __init__(self, vocabulary: type[Coded], columns: int = 2, parent: QWidget | None = None,
                 groups: dict[str, str] | None = None) -> None:
        super().__init__(parent)
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.boxes: dict[str, QCheckBox] = {}
        self.group_titles: dict[str, QLabel] = {}
        row, column, group = 0, 0, None
        for member in vocabulary:
            if groups is not None and groups.get(member.value) != group:
                group = groups.get(member.value)
                row, column = row + (column > 0), 0
                title = QLabel(f"<b>{translate_label(group or '')}</b>")
                title.setWordWrap(True)
                layout.addWidget(title, row, 0, 1, columns)
                self.group_titles[group or ""] = title
                row += 1
            box = QCheckBox(translate_label(member.label))
            if member.definition:
                box.setToolTip(translate_label(member.definition))
            box.toggled.connect(lambda _on: self.changed.emit())
            layout.addWidget(box, row, column)
            row, column = (row, column + 1) if column + 1 < columns else (row + 1, 0)
            self.boxes[member.value] = box

    def value(self) -> list[str]:
        return [code for code, box in self.boxes.items() if box.isChecked()]

    def set_value(self, codes: list[str]) -> None:
        for code, box in self.boxes.items():
            box.setChecked(code in codes)


class TriStateField(ReadsAnyInput, QComboBox):
    """Oui / Non / non renseigné."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.addItem(self.tr("— non renseigné —"), None)
        self.addItem(self.tr("Oui"), True)
        self.addItem(self.tr("Non"), False)
        self.currentIndexChanged.connect(lambda _i: self.changed.emit())

    def value(self) -> bool | None:
        return self.currentData()

    def set_value(self, value: bool | None) -> None:
        self.setCurrentIndex({None: 0, True: 1, False: 2}[value])


class ParsedField(QLineEdit):
    """A typed value read from text (integer or date); `error` holds the French message of the text last read."""

    changed = Signal()

    def __init__(self, kind: str, placeholder: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = kind
        self.error = ""
        self.setPlaceholderText(placeholder)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft)
        self.textChanged.connect(lambda _t: self.changed.emit())
        self.calendar = (CalendarButton(self, self._date_shown, self._date_picked)
                         if kind in ("date", "partial_date") else None)

    def _date_shown(self) -> date | None:
        """The day the calendar opens on: the one typed, or the first day of a year or month typed."""
        shown = self.value()
        return shown[0] if self.kind == "partial_date" else shown

    def _date_picked(self, day: date) -> None:
        self.set_value((day, "") if self.kind == "partial_date" else day)

    def value(self) -> Any:
        self.error = ""
        try:
            if self.kind == "partial_date":
                return parse_partial_date(self.text())
            return parse_date(self.text()) if self.kind == "date" else parse_int(self.text())
        except ValueError as error:
            self.error = str(error)
            return (None, "") if self.kind == "partial_date" else None

    def set_value(self, value: Any) -> None:
        self.error = ""
        if self.kind == "partial_date":
            text = format_partial_date(*value)
        else:
            text = "" if value is None else (format_date(value) if self.kind == "date" else str(value))
        if self.text() != text:
            self.setText(text)

    def input_errors(self) -> list[str]:
        return [self.error] if self.error else []


class TagsField(ReadsAnyInput, QLineEdit):
    """Keywords typed on one line, separated by commas."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText(self.tr("mots-clés séparés par des virgules"))
        self.textChanged.connect(lambda _t: self.changed.emit())

    def value(self) -> list[str]:
        return [tag.strip() for tag in self.text().split(",") if tag.strip()]

    def set_value(self, value: list[str]) -> None:
        text = ", ".join(value)
        if self.text() != text:
            self.setText(text)
            self.setCursorPosition(0)


class RatingField(ReadsAnyInput, QComboBox):
    """A weight from 0 (absent) to 3 (decisive), or not rated."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.addItem(self.tr("— non noté —"), None)
        for rating, text in FACTOR_RATING_LABELS.items():
            self.addItem(f"{rating} \u2013 {self.tr(text)}", rating)
        self.currentIndexChanged.connect(lambda _i: self.changed.emit())

    def value(self) -> int | None:
        return self.currentData()

    def set_value(self, value: int | None) -> None:
        self.setCurrentIndex(max(0, self.findData(value)) if value is not None else 0)
