"""What an import would do, record by record, with a choice for each conflict made beside its two versions."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.formats import format_datetime
from app.gui.exchange.comparison_view import ComparisonView, give_room_below
from app.gui.i18n import translate_field, translate_kind
from app.gui.metrics import chars_wide, fit_to_screen, lines_high
from app.services.exchange import STATUS_LABELS, ImportPlan, PlannedRecord, planned_comparison, status_summary

CHOICES = [("", "— à choisir —"), ("mine", "Garder la mienne"), ("theirs", "Prendre la leur"),
           ("both", "Garder les deux")]


class ImportPreviewDialog(QDialog):
    def __init__(self, plan: ImportPlan, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plan = plan
        self.setWindowTitle(self.tr("Importer un paquet"))
        layout = QVBoxLayout(self)
        manifest = plan.package.manifest
        described = (self.tr("Paquet de catalogue de « {0} » (correspondant : {1}), créé le {2} : des dispositifs de "
                             "son catalogue des financements. Vos notes sur les dispositifs restent les vôtres.")
                     if plan.is_catalogue else self.tr("Paquet de « {0} » (correspondant : {1}), créé le {2}."))
        origin = QLabel(described.format(manifest["workstation"]["label"], plan.correspondent,
                                         format_datetime(plan.created_at)))
        origin.setObjectName("importOrigin")
        origin.setTextFormat(Qt.TextFormat.PlainText)
        origin.setWordWrap(True)
        layout.addWidget(origin)
        counts = plan.counts()
        self.summary = QLabel(status_summary(counts))
        self.summary.setObjectName("importSummary")
        layout.addWidget(self.summary)
        self.shown = [entry for entry in plan.entries if entry.status != "unchanged"]
        self.table = QTableWidget(len(self.shown), 4)
        self.table.setObjectName("importEntries")
        self.table.setHorizontalHeaderLabels([self.tr("État"), self.tr("Enregistrement"), self.tr("Champs changés"),
                                              self.tr("Choix")])
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.choices: dict[str, QComboBox] = {}
        for row, entry in enumerate(self.shown):
            for column, text in enumerate((STATUS_LABELS[entry.status],
                                           f"{translate_kind(entry.kind_label)} « {entry.title} »",
                                           ", ".join(map(translate_field, entry.changed_labels)))):
                item = QTableWidgetItem(text)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                item.setToolTip(text)
                self.table.setItem(row, column, item)
            if entry.status == "conflict":
                combo = QComboBox()
                for key, label in CHOICES:
                    combo.addItem(self.tr(label), key)
                combo.currentIndexChanged.connect(self._update)
                self.table.setCellWidget(row, 3, combo)
                self.choices[entry.id] = combo
        self.table.resizeColumnsToContents()
        self.table.setColumnWidth(2, min(self.table.columnWidth(2), chars_wide(self, 40)))
        self.table.setMinimumSize(chars_wide(self, 120), lines_high(self, 5))
        self.table.itemSelectionChanged.connect(self._compare_selected)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self._decision_pane(manifest["workstation"]["label"]))
        self.splitter.setStretchFactor(1, 2)
        layout.addWidget(self.splitter, 1)
        if self.choices:
            bulk = QHBoxLayout()
            bulk.addWidget(QLabel(self.tr("Pour tous les conflits :")))
            for key, label in CHOICES[1:]:
                button = QPushButton(self.tr(label))
                button.clicked.connect(lambda _checked=False, key=key: self.choose_all(key))
                bulk.addWidget(button)
            bulk.addStretch(1)
            layout.addLayout(bulk)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = buttons.addButton(self.tr("Importer"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        if not self.shown:
            self.summary.setText(self.summary.text() + "\n" + self.tr("Rien à importer : tout est déjà à jour."))
        self._update()
        conflicts = [row for row, entry in enumerate(self.shown) if entry.status == "conflict"]
        if self.shown:
            self.table.selectRow(conflicts[0] if conflicts else 0)
        fit_to_screen(self, chars_wide(self, 200), lines_high(self, 60))

    def _decision_pane(self, station: str) -> QWidget:
        """The selected record's two versions, field by field, and the choice for it when it is a conflict."""
        pane = QWidget()
        layout = QVBoxLayout(pane)
        layout.setContentsMargins(0, 0, 0, 0)
        self.comparison = ComparisonView()
        self.local_title, self.incoming_title = self.tr("Ce poste"), self.tr("Paquet de {0}").format(station)
        layout.addWidget(self.comparison, 1)
        row = QHBoxLayout()
        self.decision_label = QLabel(self.tr("Pour cet enregistrement :"))
        row.addWidget(self.decision_label)
        self.decision = QButtonGroup(self)
        for key, label in CHOICES[1:]:
            button = QPushButton(self.tr(label))
            button.setCheckable(True)
            button.setProperty("choice", key)
            self.decision.addButton(button)
            row.addWidget(button)
        self.decision.buttonClicked.connect(self._decide_selected)
        row.addStretch(1)
        layout.addLayout(row)
        return pane

    def selected_entry(self) -> PlannedRecord | None:
        rows = self.table.selectionModel().selectedRows()
        return self.shown[rows[0].row()] if rows else None

    def _compare_selected(self) -> None:
        entry = self.selected_entry()
        if entry is None or not entry.local_exists:
            self.comparison.show_comparison(None, self.local_title, self.incoming_title)
            if entry is not None:
                self.comparison.heading.setText(self.tr("{0} « {1} » : nouveau, rien à comparer sur ce poste.").format(
                    translate_kind(entry.kind_label).capitalize(), entry.title))
        else:
            self.comparison.show_comparison(planned_comparison(entry), self.local_title, self.incoming_title)
        self._show_decision(entry)

    def _show_decision(self, entry: PlannedRecord | None) -> None:
        combo = self.choices.get(entry.id) if entry is not None else None
        for widget in (self.decision_label, *self.decision.buttons()):
            widget.setVisible(combo is not None)
        self.decision.setExclusive(False)
        for button in self.decision.buttons():
            button.setChecked(combo is not None and button.property("choice") == combo.currentData())
        self.decision.setExclusive(True)

    def _decide_selected(self, button: QPushButton) -> None:
        """The choice for the record shown, then on to the next conflict still to decide."""
        entry = self.selected_entry()
        if entry is None or entry.id not in self.choices:
            return
        combo = self.choices[entry.id]
        combo.setCurrentIndex(combo.findData(button.property("choice")))
        undecided = [row for row, other in enumerate(self.shown)
                     if other.id in self.choices and not self.choices[other.id].currentData()]
        if undecided:
            self.table.selectRow(undecided[0])

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        give_room_below(self.splitter, self.table)

    def choose_all(self, key: str) -> None:
        for combo in self.choices.values():
            combo.setCurrentIndex(combo.findData(key))

    def resolutions(self) -> dict[str, str]:
        return {record_id: combo.currentData() for record_id, combo in self.choices.items() if combo.currentData()}

    def _update(self) -> None:
        self.import_button.setEnabled(len(self.resolutions()) == len(self.choices))
        self._show_decision(self.selected_entry())
