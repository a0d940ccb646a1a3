"""Two versions of a record side by side, field by field: the rows `exchange.comparison` gives, differences marked."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.gui.i18n import translate_field, translate_kind
from app.gui.metrics import chars_wide, lines_high
from app.services.exchange import Comparison, FieldRow

DIFFERS_BACKGROUND = QColor("#fff1c2")
DIFFERS_TEXT = QColor("#1a1a1a")
DIFFERS_MARK = "≠ "


def give_room_below(splitter: QSplitter, table: QTableWidget, rows: int = 6) -> None:
    """Leave `table` (above in `splitter`) the height of its first `rows` rows, and the rest to what is below."""
    shown = sum(table.rowHeight(row) for row in range(min(rows, table.rowCount())))
    wanted = max(table.horizontalHeader().height() + shown + 2 * table.frameWidth() + 2, table.minimumHeight())
    splitter.setSizes([wanted, max(splitter.height() - wanted - splitter.handleWidth(), 1)])


class _WrappingTable(QTableWidget):
    """A table whose rows grow with their wrapped text whatever its width."""

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.resizeRowsToContents()


class ComparisonView(QWidget):
    """« Champ », then the two versions in columns titled by the caller; a differing field's name is marked « ≠ » and
    set in bold (the mark is read without colours), and what differs is tinted: the whole field, or for a field of
    several lines (a list, paragraphs), the lines that differ, each beside its counterpart."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.comparison: Comparison | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        self.heading = QLabel()
        self.heading.setObjectName("comparisonHeading")
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.heading.setWordWrap(True)
        top.addWidget(self.heading, 1)
        self.only_differences = QCheckBox(self.tr("Seulement les &différences"))
        self.only_differences.toggled.connect(lambda _checked: self._fill())
        top.addWidget(self.only_differences)
        layout.addLayout(top)
        self.table = _WrappingTable(0, 3)
        self.table.setObjectName("comparison")
        self.table.verticalHeader().hide()
        self.table.setWordWrap(True)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.sectionResized.connect(lambda *_args: self.table.resizeRowsToContents())
        self.bold = QFont(self.table.font())
        self.bold.setBold(True)
        self.table.setColumnWidth(0, chars_wide(self, 26))
        self.table.setMinimumHeight(lines_high(self, 8))
        layout.addWidget(self.table, 1)
        self.show_comparison(None, "", "")

    def show_comparison(self, comparison: Comparison | None, local_title: str, incoming_title: str) -> None:
        """Show `comparison` under the two column titles; None empties the view."""
        self.comparison = comparison
        self.table.setHorizontalHeaderLabels([self.tr("Champ"), local_title, incoming_title])
        self._fill()

    def _heading(self, comparison: Comparison) -> str:
        title = self.tr("{0} « {1} »").format(translate_kind(comparison.kind_label).capitalize(), comparison.title)
        count = len(comparison.differences)
        said = self.tr("aucun champ ne diffère") if not count else (
            self.tr("1 champ diffère") if count == 1 else self.tr("{0} champs diffèrent").format(count))
        column = self.table.horizontalHeaderItem
        gone = [item.text() for deleted, item in ((comparison.local_deleted, column(1)),
                                                  (comparison.incoming_deleted, column(2))) if deleted and item]
        deleted = "".join(self.tr(" — {0} : enregistrement supprimé").format(where) for where in gone)
        return f"{title} : {said}{deleted}"

    def _fill(self) -> None:
        comparison = self.comparison
        rows = [] if comparison is None else (
            comparison.differences if self.only_differences.isChecked() else comparison.rows)
        self.heading.setText(self.tr("Choisissez une ligne pour comparer ses deux versions.") if comparison is None
                             else self._heading(comparison))
        lines = [line for row in rows for line in self._lines(row)]
        self.table.setRowCount(len(lines))
        for number, line in enumerate(lines):
            for column, (text, tinted) in enumerate(line):
                item = QTableWidgetItem(text)
                item.setTextAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
                if tinted:
                    item.setBackground(QBrush(DIFFERS_BACKGROUND))
                    item.setForeground(QBrush(DIFFERS_TEXT))
                    if column == 0:
                        item.setFont(self.bold)
                self.table.setItem(number, column, item)
        self.table.resizeRowsToContents()
        self.table.scrollToTop()

    @staticmethod
    def _lines(row: FieldRow) -> list[tuple[tuple[str, bool], ...]]:
        """The table rows of one field, each cell with whether it is tinted: one row, or one per line of a differing
        field of several lines, its name on the first."""
        label = translate_field(row.label)
        if not row.differs:
            return [((label, False), (row.local, False), (row.incoming, False))]
        pairs = row.line_pairs() if "\n" in row.local or "\n" in row.incoming else []
        if len(pairs) < 2:
            return [((DIFFERS_MARK + label, True), (row.local, True), (row.incoming, True))]
        return [((DIFFERS_MARK + label if n == 0 else "", True), (local, differs), (incoming, differs))
                for n, (local, incoming, differs) in enumerate(pairs)]
