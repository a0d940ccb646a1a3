"""The deadlines of the next 30 or 90 days (and those just passed), of every open scheme or of the fiche's list, with
the due dates of the lab projects' open items, and their export to a calendar file."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.formats import format_count, format_date
from app.domain.lab import LabItem, LabProject
from app.domain.scheme_deadlines import DeadlineEntry, deadlines_within
from app.domain.schemes import Scheme
from app.gui.metrics import chars_wide, lines_high
from app.gui.operations import run_operation

PASSED_COLOR = QColor("#707070")


class DeadlinesDialog(QDialog):
    def __init__(self, schemes: list[Scheme], listed: set[str], fiche_title: str | None,
                 parent: QWidget | None = None, today: date | None = None,
                 lab_tasks: list[tuple[LabProject, LabItem]] | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Échéances des financements et des labs"))
        self.schemes, self.listed, self.today = schemes, listed, today or date.today()
        self.lab_tasks = lab_tasks or []
        self.entries: list[DeadlineEntry] = []
        self.days = QComboBox()
        self.days.setObjectName("deadlineDays")
        for days in (30, 90):
            self.days.addItem(self.tr("{0} prochains jours").format(days), days)
        self.only_listed = QCheckBox(self.tr("Seulement la liste de « {0} »").format(fiche_title) if fiche_title
                                     else self.tr("Seulement la liste d'une fiche (choisissez-la d'abord)"))
        self.only_listed.setObjectName("deadlineOnlyListed")
        self.only_listed.setEnabled(fiche_title is not None)
        self.summary = QLabel()
        self.summary.setObjectName("deadlineSummary")
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("deadlineTable")
        self.table.setHorizontalHeaderLabels([self.tr("Date"), self.tr("Quand"), self.tr("Dispositif ou action du lab"),
                                              self.tr("Étape")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.export_button = QPushButton(self.tr("Exporter en calendrier (.ics)…"))
        self.export_button.setObjectName("deadlineExport")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.export_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        top = QHBoxLayout()
        top.addWidget(self.days)
        top.addWidget(self.only_listed, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.days.currentIndexChanged.connect(lambda _i: self.refresh())
        self.only_listed.toggled.connect(lambda _on: self.refresh())
        self.export_button.clicked.connect(self.export)
        self.resize(chars_wide(self, 100), lines_high(self, 24))
        self.refresh()

    def refresh(self) -> None:
        only_listed = self.only_listed.isChecked()
        schemes = [s for s in self.schemes if s.id in self.listed] if only_listed else self.schemes
        self.entries = deadlines_within(schemes, self.today, int(self.days.currentData()),
                                        [] if only_listed else self.lab_tasks)
        coming = [entry for entry in self.entries if not entry.passed]
        self.summary.setText(self.tr("{0} à venir, {1} passées depuis moins de 30 jours").format(
            format_count(len(coming), self.tr("échéance")),
            len(self.entries) - len(coming)))
        self.table.setRowCount(len(self.entries))
        for row, entry in enumerate(self.entries):
            listed = " ★" if entry.key in self.listed else ""
            for column, text in enumerate((format_date(entry.on), entry.when, entry.title + listed, entry.label)):
                item = QTableWidgetItem(text)
                if entry.passed:
                    item.setForeground(QBrush(PASSED_COLOR))
                self.table.setItem(row, column, item)
        self.export_button.setEnabled(bool(coming))

    def export(self) -> None:
        chosen, _filter = QFileDialog.getSaveFileName(self, self.tr("Exporter les dates limites"),
                                                      str(Path.home() / "echeances-financements.ics"),
                                                      self.tr("Calendrier (*.ics)"))
        if chosen:
            self.export_to(Path(chosen))

    def export_to(self, path: Path) -> None:
        from app.exports.deadlines_ics import write_deadlines_ics

        target = path if path.suffix.lower() == ".ics" else path.with_suffix(".ics")
        coming = [entry for entry in self.entries if not entry.passed]
        ok, _written = run_operation(self, lambda: write_deadlines_ics(coming, target), None,
                                     self.tr("Exporter les dates limites"))
        if ok:
            self.summary.setText(self.tr("Calendrier écrit : {0}").format(target))
