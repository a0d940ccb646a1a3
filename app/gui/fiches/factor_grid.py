"""The key success factors of a fiche as one field: a rating and a comment for each factor."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QWidget

from app.domain.fiche import FactorRating
from app.domain.vocabulary import KeySuccessFactor
from app.gui.fiches.form_fields import LineField, RatingField, ReadsAnyInput
from app.gui.i18n import translate_label


class FactorGrid(ReadsAnyInput, QWidget):
    """Edits `FicheData.factors`: a factor neither rated nor commented is left out of the value."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        self.rows: dict[str, tuple[RatingField, LineField]] = {}
        for n, factor in enumerate(KeySuccessFactor):
            caption = QLabel(translate_label(factor.label))
            caption.setWordWrap(True)
            rating = RatingField()
            comment = LineField(self.tr("commentaire"))
            for widget in (rating, comment):
                widget.changed.connect(self.changed.emit)
            grid.addWidget(caption, n, 0)
            grid.addWidget(rating, n, 1)
            grid.addWidget(comment, n, 2)
            self.rows[factor.value] = (rating, comment)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(2, 2)

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
