"""The finder's filters: one group of check boxes per facet, each value with the number of schemes it would
give, and the filters without counts (open today, deadline before, amount at least)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.domain.formats import parse_decimal
from app.domain.scheme_finder import FACET_TITLES, FACETS, SchemeQuery
from app.domain.territories import LEVELS, Territory, TerritoryIndex, fold
from app.domain.vocabulary import SchemeStatus
from app.gui.i18n import translate_field, translate_label
from app.gui.territory_completer import TerritoryCompleter, territory_loader


class FilterPanel(QScrollArea):
    """`changed` on every change of a filter; `fill(query)` puts the panel's choices into a query."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        body = QWidget()
        layout = self._layout = QVBoxLayout(body)
        self.boxes: dict[str, dict[str, QCheckBox]] = {}
        self.labels: dict[str, dict[str, str]] = {}
        others = QGroupBox(self.tr("Échéances et montants"))
        form = QFormLayout(others)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        self.open_now = QCheckBox(self.tr("Ouverts aujourd'hui"))
        self.open_now.setObjectName("filterOpenNow")
        self.open_now.toggled.connect(lambda _on: self.changed.emit())
        self.news_only = QCheckBox(self.tr("Nouveautés du catalogue"))
        self.news_only.setObjectName("filterNews")
        self.news_only.setToolTip(self.tr("Les dispositifs nouveaux ou modifiés par la dernière mise à jour du "
                                          "catalogue, que vous n'avez pas encore ouverts (marqués ●)"))
        self.news_only.toggled.connect(lambda _on: self.changed.emit())
        self.use_before = QCheckBox(self.tr("Date limite avant le"))
        self.before = QDateEdit(QDate.currentDate())
        self.before.setCalendarPopup(True)
        self.before.setDisplayFormat("dd/MM/yyyy")
        self.use_before.toggled.connect(lambda _on: self.changed.emit())
        self.before.dateChanged.connect(self._before_changed)
        self.min_amount = QLineEdit()
        self.min_amount.setObjectName("filterMinAmount")
        self.min_amount.setPlaceholderText(self.tr("ex. 10 000"))
        self.min_amount.editingFinished.connect(self.changed.emit)
        self.territory = QLineEdit()
        self.territory.setObjectName("filterTerritory")
        self.territory.setPlaceholderText(self.tr("commune, EPCI, département, région"))
        self.territory.setClearButtonEnabled(True)
        self.territory.editingFinished.connect(self.changed.emit)
        self._territory_codes: dict[str, str] = {}
        self.territory_completer: TerritoryCompleter | None = None
        self._named: dict[str, list[str]] = {}
        form.addRow(self.tr("Territoire"), self.territory)
        form.addRow(self.open_now)
        form.addRow(self.news_only)
        form.addRow(self.use_before, self.before)
        form.addRow(self.tr("Montant d'au moins (€)"), self.min_amount)
        layout.addWidget(others)
        for facet, (title, vocabulary) in FACET_TITLES.items():
            group = QGroupBox(translate_field(title))
            group.setObjectName(f"facet_{facet}")
            column = QVBoxLayout(group)
            self.boxes[facet], self.labels[facet] = {}, {}
            for member in vocabulary:
                box = QCheckBox()
                box.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)  # cut, never wider than
                box.setObjectName(f"facet_{facet}_{member.value}")  # the panel: its fields stay whole
                box.setToolTip("\n".join(translate_label(text) for text in (member.label, member.definition) if text))
                box.toggled.connect(lambda _on: self.changed.emit())
                column.addWidget(box)
                self.boxes[facet][member.value] = box
                self.labels[facet][member.value] = translate_label(member.label)
            layout.addWidget(group)
        inner, outer = column.contentsMargins(), group.contentsMargins()
        self._group_framing = inner.left() + inner.right() + outer.left() + outer.right()
        self.reset_button = QPushButton(self.tr("Réinitialiser les filtres"))
        self.reset_button.clicked.connect(self.reset)
        layout.addWidget(self.reset_button)
        layout.addStretch(1)
        self.setWidget(body)
        self.boxes["status"][SchemeStatus.OUVERT].setChecked(True)
        self.show_counts({facet: {} for facet in FACETS})
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    def fields(self) -> list[QWidget]:
        """The panel's fields in the order Tab walks them: as they are shown, top to bottom."""
        boxes = [box for facet in FACET_TITLES for box in self.boxes[facet].values()]
        return [self.territory, self.open_now, self.news_only, self.use_before, self.before, self.min_amount, *boxes,
                self.reset_button]

    def know_territories(self, index: TerritoryIndex) -> None:
        """Offer the territories' names as the user types (read when the workspace is first shown)."""
        territories = [t for level in LEVELS for t in index.of_kind(level)]
        self._territory_codes = {t.label: t.code for t in territories}
        self._named = {}
        for t in territories:
            self._named.setdefault(fold(t.name), []).append(t.code)
        territory_loader().provide(index)
        if self.territory_completer is None:
            # accents and case aside, as everywhere a place is typed (« isere » offers Isère)
            self.territory_completer = TerritoryCompleter(self.territory, lambda territory, _index: territory.label,
                                                          kinds=LEVELS)
            self.territory_completer.chosen.connect(self._territory_chosen)

    def _territory_chosen(self, territory: Territory) -> None:
        self.territory.setText(territory.label)
        self.changed.emit()

    def territory_code(self) -> str:
        """The code of the chosen territory: a name offered by the list, a name only one territory has (« Isère »),
        or a code typed (« 38185 », « R84 »)."""
        text = self.territory.text().strip()
        named = self._named.get(fold(text), [])
        return self._territory_codes.get(text) or (named[0] if len(named) == 1 else text)

    def _before_changed(self) -> None:
        if self.use_before.isChecked():
            self.changed.emit()

    def fill(self, query: SchemeQuery) -> None:
        for facet, attribute in (("level", "levels"), ("kinds", "kinds"), ("audiences", "audiences"),
                                 ("themes", "themes"), ("stages", "stages"), ("status", "statuses")):
            setattr(query, attribute, {code for code, box in self.boxes[facet].items() if box.isChecked()})
        query.statuses = query.statuses or set(self.boxes["status"])  # « Ouvert » is ticked at first; none: all
        query.territory = self.territory_code()
        query.open_now = self.open_now.isChecked()
        chosen = self.before.date()
        query.deadline_before = (date(chosen.year(), chosen.month(), chosen.day()) if self.use_before.isChecked()
                                 else None)
        try:
            query.amount_at_least = parse_decimal(self.min_amount.text())
        except ValueError:
            query.amount_at_least = None
        self.min_amount.setStyleSheet("" if query.amount_at_least is not None or not self.min_amount.text().strip()
                                      else "color: #b00020")

    def show_counts(self, counts: dict[str, dict[str, int]]) -> None:
        """Each value with its count; a value that would give nothing is greyed (unless ticked)."""
        for facet, boxes in self.boxes.items():
            for code, box in boxes.items():
                count = counts.get(facet, {}).get(code, 0)
                box.setText(f"{self.labels[facet][code]} ({count})")
                box.setEnabled(bool(count) or box.isChecked())

    def preferred_width(self) -> int:
        """Wide enough for the longest value with its count (the workspace gives it this width when it can)."""
        body = self._layout.contentsMargins()
        widest = max(box.sizeHint().width() for boxes in self.boxes.values() for box in boxes.values())
        return (widest + self._group_framing + body.left() + body.right() + self.verticalScrollBar().sizeHint().width()
                + 2 * self.frameWidth())

    def reset(self) -> None:
        widgets = [box for boxes in self.boxes.values() for box in boxes.values()]
        every = (*widgets, self.open_now, self.news_only, self.use_before, self.min_amount, self.territory)
        for widget in every:
            widget.blockSignals(True)
        for box in widgets:
            box.setChecked(False)
        self.boxes["status"][SchemeStatus.OUVERT].setChecked(True)
        self.open_now.setChecked(False)
        self.news_only.setChecked(False)
        self.use_before.setChecked(False)
        self.min_amount.clear()
        self.territory.clear()
        for widget in every:
            widget.blockSignals(False)
        self.changed.emit()

