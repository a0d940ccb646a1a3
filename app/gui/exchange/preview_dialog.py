"""What an import would do, record by record, with a choice for each conflict."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.formats import format_datetime
from app.gui.i18n import translate_field, translate_kind
from app.gui.metrics import chars_wide, lines_high
from app.services.exchange import STATUS_LABELS, ImportPlan, status_summary

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
        shown = [entry for entry in plan.entries if entry.status != "unchanged"]
        self.table = QTableWidget(len(shown), 4)
        self.table.setObjectName("importEntries")
        self.table.setHorizontalHeaderLabels([self.tr("État"), self.tr("Enregistrement"), self.tr("Champs changés"),
                                              self.tr("Choix")])
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.choices: dict[str, QComboBox] = {}
        for row, entry in enumerate(shown):
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
        self.table.setMinimumSize(chars_wide(self, 150), lines_high(self, 16))
        layout.addWidget(self.table, 1)
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
        if not shown:
            self.summary.setText(self.summary.text() + "\n" + self.tr("Rien à importer : tout est déjà à jour."))
        self._update()

    def choose_all(self, key: str) -> None:
        for combo in self.choices.values():
            combo.setCurrentIndex(combo.findData(key))

    def resolutions(self) -> dict[str, str]:
        return {record_id: combo.currentData() for record_id, combo in self.choices.items() if combo.currentData()}

    def _update(self) -> None:
        self.import_button.setEnabled(len(self.resolutions()) == len(self.choices))
