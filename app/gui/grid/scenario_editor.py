"""The editor of one scenario: parameters, the six block tables, live indicators and charts."""

from __future__ import annotations

import functools
from collections.abc import Callable
from decimal import Decimal

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.chart_palette import BLOCK_COLORS
from app.domain.economics import (
    BLOCK_FIELDS,
    BLOCK_SHORT_TITLES,
    SCENARIO_FIELD_HINTS,
    SCENARIO_FIELD_LABELS,
    Block,
    GridLine,
    Scenario,
    compute,
    field_title,
    indicator_labels,
    indicator_table,
    validate_scenario,
)
from app.domain.fiche import FieldError
from app.domain.formats import format_decimal, parse_decimal
from app.domain.vocabulary import Confidence, GridLineOrigin, GridLineScope
from app.gui.fiches.form_fields import LineField, ParsedField, TextField
from app.gui.fiches.row_table import Column, RowTable
from app.gui.grid.charts import CostStructureChart, CumulatedChart
from app.gui.i18n import indicator_tooltip, translate_caption, translate_field, translate_label
from app.gui.metrics import chars_wide
from app.gui.snapshot_editor import SnapshotEditor
from app.services.grid import default_daily_cost

COLUMN_KINDS = {
    "label": ("text", None, True),
    "days": ("decimal", None, False),
    "daily_cost": ("decimal", None, False),
    "amount": ("decimal", None, False),
    "year": ("int", None, False),
    "depreciation_years": ("int", None, False),
    "nature": ("text", None, False),
    "beneficiary": ("text", None, False),
    "method": ("text", None, False),
    "confidence": ("choice", Confidence, False),
    "scope": ("choice", GridLineScope, False),
    "uncertain": ("bool", None, False),
    "origin": ("choice", GridLineOrigin, False),
    "origin_ref": ("text", None, True),
}


FIELDS_WITHOUT_FIGURES = frozenset({"name"})
"""Fields whose errors leave every indicator as it is: no figure depends on them."""


class BoolField(QCheckBox):
    changed = Signal()

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.toggled.connect(lambda _on: self.changed.emit())

    def value(self) -> bool:
        return self.isChecked()

    def set_value(self, value: bool) -> None:
        self.setChecked(bool(value))


class ScenarioEditor(SnapshotEditor):
    def __init__(self, daily_costs: Callable[[], dict[str, str]], parent: QWidget | None = None) -> None:
        self.daily_costs = daily_costs
        """Reads the preferences' current table of daily costs by role."""
        self.tables: dict[str, RowTable] = {}
        super().__init__(parent)
        self._build()
        self.setEnabled(False)

    # -- building ------------------------------------------------------------------------------
    @staticmethod
    def _caption(key: str) -> str:
        """« Horizon (années) »: the field's label and its unit, on one line."""
        return translate_caption(SCENARIO_FIELD_LABELS[key], SCENARIO_FIELD_HINTS.get(key, ""), " ")

    def _build(self) -> None:
        params = QGroupBox(self.tr("Scénario"))
        form = QFormLayout(params)
        self.name_edit = LineField()
        self.horizon_edit = ParsedField("int", "3")
        self.beneficiaries_edit = ParsedField("int", self.tr("ex. 250"))
        self.discount_edit = LineField(self.tr("ex. 20 (en %)"))
        self.illustrative_box = BoolField(self._caption("illustrative"))
        self.notes_edit = TextField(2)
        self.param_error = QLabel()
        self.param_error.setObjectName("scenarioErrors")
        self.param_error.setStyleSheet("color: #b00020")
        self.param_error.setWordWrap(True)
        caption = self._caption
        for key, widget, shown in (("name", self.name_edit, "&" + caption("name")),
                                   ("horizon_years", self.horizon_edit, "&" + caption("horizon_years")),
                                   ("beneficiaries_per_year", self.beneficiaries_edit,
                                    "&" + caption("beneficiaries_per_year")),
                                   ("learning_discount", self.discount_edit, "&" + caption("learning_discount")),
                                   ("illustrative", self.illustrative_box, ""),
                                   ("notes", self.notes_edit, caption("notes"))):
            form.addRow(shown, widget)
            widget.setObjectName(f"field_{key}")
            widget.changed.connect(functools.partial(self.edited, key))
            self._labels[key] = translate_field(SCENARIO_FIELD_LABELS[key])
            if isinstance(widget, (QLineEdit, QPlainTextEdit)):
                self.watch_text_input(key, widget)
        form.addRow(self.param_error)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("blockTabs")
        for block in Block:
            columns = []
            for attr in BLOCK_FIELDS[block]:
                kind, vocabulary, stretch = COLUMN_KINDS[attr]
                columns.append(Column(attr, translate_label(field_title(block, attr)), kind, vocabulary, stretch))
            table = RowTable(GridLine, columns, make_row=functools.partial(GridLine, block=block.value))
            table.setObjectName(f"block_{block.value}")
            key = f"lines_{block.value}"
            table.changed.connect(functools.partial(self.edited, key))
            self._labels[key] = translate_label(block.label)
            if block in (Block.MONTAGE, Block.FONCTIONNEMENT):
                table.table.itemChanged.connect(functools.partial(self._prefill_daily_cost, table))
            self.tables[block.value] = table
            index = self.tabs.addTab(table, translate_label(BLOCK_SHORT_TITLES[block]))
            self.tabs.setTabToolTip(index, translate_label(block.label))
        left = QVBoxLayout()
        left.addWidget(params)
        left.addWidget(self.tabs, 1)

        self.indicators_box = QGroupBox(self.tr("Indicateurs"))
        self.indicators_form = QFormLayout(self.indicators_box)
        self.indicators_note = QLabel()
        self.indicators_note.setObjectName("indicatorsNote")
        self.indicators_note.setStyleSheet("font-style: italic")
        self.indicators_note.setVisible(False)
        self.indicators_form.addRow(self.indicators_note)
        self.indicator_labels: dict[str, QLabel] = {}
        self.structure_chart = CostStructureChart()
        self.cumulated_chart = CumulatedChart()
        right = QVBoxLayout()
        right.addWidget(self.indicators_box)
        right.addWidget(self.structure_chart, 1)
        right.addWidget(self.cumulated_chart, 1)
        right_holder = QWidget()
        right_holder.setLayout(right)
        # indicators and charts scroll on a small screen rather than make the window taller than it (issue 21)
        right_scroll = QScrollArea()
        right_scroll.setObjectName("indicatorsScroll")
        right_scroll.setWidgetResizable(True)
        right_scroll.setFrameShape(QFrame.Shape.NoFrame)
        right_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        right_scroll.setWidget(right_holder)
        right_scroll.setMinimumWidth(chars_wide(self, 58))
        body = QHBoxLayout()
        body.addLayout(left, 3)
        body.addWidget(right_scroll, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.save_state)
        layout.addLayout(body, 1)

    def _prefill_daily_cost(self, table: RowTable, item: QTableWidgetItem) -> None:
        """A role named in the preferences' table of daily costs fills an empty daily cost."""
        if self._applying or item.column() != 0:
            return
        cost = default_daily_cost(self.daily_costs(), item.text())
        cost_column = [c.attr for c in table.columns].index("daily_cost")
        cost_item = table.table.item(item.row(), cost_column)
        if cost is not None and (cost_item is None or not cost_item.text().strip()):
            table.table.setItem(item.row(), cost_column, QTableWidgetItem(format_decimal(cost)))

    # -- state ---------------------------------------------------------------------------------
    def blank_state(self) -> Scenario:
        return Scenario(name="")

    def collect(self) -> Scenario:
        lines: list[GridLine] = []
        for block in Block:
            lines += self.tables[block.value].value()
        discount = self._discount()
        horizon = self.horizon_edit.value()
        return Scenario(
            id=self._state.id, fiche_id=self._state.fiche_id, name=self.name_edit.value(),
            horizon_years=horizon if horizon is not None else 0,
            beneficiaries_per_year=self.beneficiaries_edit.value(),
            learning_discount=discount, illustrative=self.illustrative_box.value(),
            notes=self.notes_edit.value(), lines=lines,
        )

    def _discount(self) -> Decimal | None:
        try:
            percent = parse_decimal(self.discount_edit.value())
        except ValueError:
            return Decimal(-1)
        return None if percent is None else percent / 100

    def show_state(self, data: Scenario) -> None:
        self.name_edit.set_value(data.name)
        self.horizon_edit.set_value(data.horizon_years if data.id else None)
        self.beneficiaries_edit.set_value(data.beneficiaries_per_year)
        discount = data.learning_discount
        self.discount_edit.set_value("" if discount is None else format_decimal(discount * 100))
        self.illustrative_box.set_value(data.illustrative)
        self.notes_edit.set_value(data.notes)
        for block in Block:
            self.tables[block.value].set_value(data.block(block.value))

    def find_errors(self, data: Scenario) -> list[FieldError]:
        errors = validate_scenario(data)
        for field in (self.horizon_edit, self.beneficiaries_edit):
            if field.error:
                errors.append(FieldError(field.objectName().removeprefix("field_"), field.error))
        for block, table in self.tables.items():
            errors += [FieldError(f"lines_{block}", f"{translate_label(Block.label_of(block))} : {message}")
                       for message in table.input_errors()]
        return errors

    def field_of(self, key: str) -> str:
        """The six block tables all edit the scenario's `lines`."""
        return "lines" if key.startswith("lines_") else key

    def show_errors(self, errors: list[FieldError]) -> None:
        self.param_error.setText("\n".join(error.message for error in errors))
        self.param_error.setVisible(bool(errors))
        self.refresh_indicators(errors)

    def refresh_indicators(self, errors: list[FieldError]) -> None:
        """The indicators and charts of the scenario as shown, or none while a value they depend on is refused.

        Showing figures from the last valid state would put numbers beside a grid that no longer says the same;
        no figure, with a note, cannot be misread.
        """
        scenario = self._state
        if not scenario.id:
            self._show_no_figures("")
            return
        if any(error.field not in FIELDS_WITHOUT_FIGURES for error in errors):
            self._show_no_figures(self.tr("Indicateurs suspendus : corrigez la valeur signalée."))
            return
        result = compute(scenario)
        for key, label, value in indicator_table(scenario, result):
            self._indicator(key, label).setText(value)
        self.indicators_note.setVisible(False)
        self.structure_chart.set_values([(translate_label(Block.label_of(block)), value)
                                         for block, value in result.cost_by_block.items()],
                                        [BLOCK_COLORS[block] for block in result.cost_by_block])
        self.cumulated_chart.set_values(result.cumulated_costs, result.cumulated_avoided)

    def _indicator(self, key: str, label: str) -> QLabel:
        """The value label of indicator `key`, its caption set to `label` (rows are made on first use)."""
        if key not in self.indicator_labels:
            caption, shown = QLabel(), QLabel()
            shown.setObjectName(f"indicator_{key}")
            caption.setObjectName(f"indicator_{key}__caption")
            for widget in (caption, shown):
                widget.setToolTip(indicator_tooltip(key))
            self.indicators_form.addRow(caption, shown)
            self.indicator_labels[key] = shown
            self.indicator_labels[f"{key}__caption"] = caption
        self.indicator_labels[f"{key}__caption"].setText(label)
        return self.indicator_labels[key]

    def _show_no_figures(self, note: str) -> None:
        for key, label in indicator_labels().items():
            self._indicator(key, label).setText("—" if note else "")
        self.indicators_note.setText(note)
        self.indicators_note.setVisible(bool(note))
        self.structure_chart.set_values([])
        self.cumulated_chart.set_values((), ())
