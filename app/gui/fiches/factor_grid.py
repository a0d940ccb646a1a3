"""The key success factors of a fiche as one field: a rating and a comment for each factor.

Each factor takes two lines: its caption beside its rating, then its comment across the whole width, wrapped."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QWidget

from app.domain.fiche import FactorRating
from app.domain.vocabulary import KeySuccessFactor
from app.gui.fiches.form_fields import RatingField, ReadsAnyInput, TextField
from app.gui.i18n import translate_label
from app.gui.metrics import lines_high


class FactorGrid(ReadsAnyInput, QWidget):
    """Edits `FicheData.factors`: a factor neither rated nor commented is left out of the value."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        self.rows: dict[str, tuple[RatingField, TextField]] = {}
        for n, factor in enumerate(KeySuccessFactor):
            caption = QLabel(translate_label(factor.label))
            caption.setWordWrap(True)
            rating = RatingField()
            comment = TextField(1)
            comment.setPlaceholderText(self.tr("commentaire"))
            comment.setObjectName(f"factorComment_{factor.value}")
            comment.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            comment.document().documentLayout().documentSizeChanged.connect(
                lambda _size, field=comment: self._fit_height(field))
            self._fit_height(comment)
            caption.setBuddy(rating)
            for widget in (rating, comment):
                widget.changed.connect(self.changed.emit)
            grid.addWidget(caption, 2 * n, 0)
            grid.addWidget(rating, 2 * n, 1, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(comment, 2 * n + 1, 0, 1, 2)
            self.rows[factor.value] = (rating, comment)
        grid.setColumnStretch(0, 1)

    @staticmethod
    def _fit_height(comment: TextField) -> None:
        """As high as its wrapped text (one line at least, eight at most: beyond, it scrolls)."""
        lines = max(1, min(8, int(comment.document().documentLayout().documentSize().height())))
        if lines == 8:
            comment.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        framing = 2 * (comment.frameWidth() + int(comment.document().documentMargin()))
        comment.setFixedHeight(lines_high(comment, lines) + framing + comment.fontMetrics().descent())

    def value(self) -> list[FactorRating]:
        return [FactorRating(code, rating.value(), comment.value())
                for code, (rating, comment) in self.rows.items()
                if rating.value() is not None or comment.value().strip()]

    def set_value(self, factors: list[FactorRating]) -> None:
        by_code = {factor.factor: factor for factor in factors}
        for code, (rating, comment) in self.rows.items():
            factor = by_code.get(code)
            rating.set_value(factor.rating if factor else None)
            comment.set_value(factor.comment if factor else "")
