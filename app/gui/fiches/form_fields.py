"""The field widgets of the record editors, and the protocol they follow."""

from __future__ import annotations

from typing import Any, Protocol, runtime_checkable

from PySide6.QtCore import Qt, Signal, SignalInstance
from PySide6.QtWidgets import QCheckBox, QComboBox, QGridLayout, QLineEdit, QPlainTextEdit, QWidget

from app.domain.fiche import FACTOR_RATING_LABELS
from app.domain.formats import format_date, parse_date, parse_int
from app.domain.vocabulary import Coded
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
        for code, label in vocabulary.choices():
            self.addItem(translate_label(label), code)
        self.currentIndexChanged.connect(lambda _i: self.changed.emit())

    def value(self) -> str:
        return self.currentData() or ""

    def set_value(self, value: str) -> None:
        self.setCurrentIndex(max(0, self.findData(value or "")))


class MultiChoiceField(ReadsAnyInput, QWidget):
    """Several codes of a vocabulary, as check boxes."""

    changed = Signal()

    def __init__(self, vocabulary: type[Coded], columns: int = 2, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.boxes: dict[str, QCheckBox] = {}
        for n, (code, label) in enumerate(vocabulary.choices()):
            box = QCheckBox(translate_label(label))
            box.toggled.connect(lambda _on: self.changed.emit())
            layout.addWidget(box, n // columns, n % columns)
            self.boxes[code] = box

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

    def value(self) -> Any:
        self.error = ""
        try:
            return parse_date(self.text()) if self.kind == "date" else parse_int(self.text())
        except ValueError as error:
            self.error = str(error)
            return None

    def set_value(self, value: Any) -> None:
        self.error = ""
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
