"""The finder's results as a table model: a row per scheme, its local variants in the rows under it."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from app.domain.formats import format_date, format_money
from app.domain.scheme_finder import FoundScheme
from app.domain.scheme_match import Match
from app.domain.schemes import Scheme
from app.domain.vocabulary import FundingLevel, SchemeStatus
from app.gui.i18n import translate_label

COLUMNS = ("Dispositif", "Niveau", "Financeurs", "Date limite", "Montant max.", "Pour la fiche")
SOON_COLOR = QColor("#b35900")
NEWS_TIPS = {"nouveau": "Nouveau depuis la dernière mise à jour du catalogue",
             "modifie": "Modifié par la dernière mise à jour du catalogue"}
CLOSED_COLOR = QColor("#707070")
ModelIndex = QModelIndex | QPersistentModelIndex


class ResultsModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self._rows: list[tuple[FoundScheme, Scheme, bool]] = []
        """(what was found, the scheme of the row, whether the row is a variant under it)."""
        self._matches: dict[str, Match] = {}
        self._news: dict[str, str] = {}

    def show(self, results: list[FoundScheme], matches: dict[str, Match] | None = None,
             news: dict[str, str] | None = None) -> None:
        """The results; with `matches` (in the match mode), a last column says how each fits the fiche; `news`
        marks the schemes new or changed since the last catalogue update (● before the name, in bold)."""
        self.beginResetModel()
        self._matches = matches or {}
        self._news = news if news is not None else {}
        self._rows = [row for found in results
                      for row in [(found, found.scheme, False), *((found, v, True) for v in found.variants)]]
        self.endResetModel()

    def row_changed(self, row: int) -> None:
        """Redraw a row (its scheme was seen: no longer marked new)."""
        if 0 <= row < len(self._rows):
            self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))

    def scheme_at(self, row: int) -> Scheme | None:
        return self._rows[row][1] if 0 <= row < len(self._rows) else None

    def row_of(self, scheme_id: str) -> int:
        return next((n for n, (_found, scheme, _variant) in enumerate(self._rows) if scheme.id == scheme_id), -1)

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS) - (0 if self._matches else 1)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.tr(COLUMNS[section])
        return None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        found, scheme, variant = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(found, scheme, variant, column)
        if role == Qt.ItemDataRole.ForegroundRole:
            if not variant and not found.open:
                return QBrush(CLOSED_COLOR)
            if column == 3 and not variant and found.soon:
                return QBrush(SOON_COLOR)
        if role == Qt.ItemDataRole.FontRole and column == 3 and not variant and found.soon:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.FontRole and column == 0 and scheme.id in self._news:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole and column == 0:
            mark = NEWS_TIPS.get(self._news.get(scheme.id, ""))
            return f"{scheme.name}\n{self.tr(mark)}" if mark else scheme.name
        if role == Qt.ItemDataRole.ToolTipRole and column == 5 and scheme.id in self._matches:
            match = self._matches[scheme.id]
            lines = [*(f"✓ {line}" for line in match.reasons), *(f"✗ {line}" for line in match.misfits),
                     *(f"? {line}" for line in match.unknowns)]
            return "\n".join(lines)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 4:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _text(self, found: FoundScheme, scheme: Scheme, variant: bool, column: int) -> str:
        if column == 0:
            name = f"● {scheme.name}" if scheme.id in self._news else scheme.name
            return f"    ↳ {name}" if variant else name
        if column == 1:
            return translate_label(FundingLevel.label_of(scheme.level))
        if column == 2:
            return ", ".join(scheme.financers)
        if column == 3:
            if variant:
                return ""
            if found.deadline is not None:
                return format_date(found.deadline) + (self.tr(" — proche") if found.soon else "")
            if scheme.status != SchemeStatus.OUVERT:
                return translate_label(SchemeStatus.label_of(scheme.status))
            return self.tr("passée") if not found.open and scheme.deadlines else ""
        if column == 4:
            return format_money(scheme.amount_max, 0) if scheme.amount_max is not None else ""
        match = self._matches.get(scheme.id)
        if match is None:
            return ""
        return self.tr("{0} ✓  {1} ✗  {2} ?").format(
            len(match.reasons), len(match.misfits), len(match.unknowns))
