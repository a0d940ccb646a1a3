"""The chosen fiche's shortlist of funding in the Financements workspace: the applications, and a form to follow
the one selected (status, target deadline, amounts, notes) with its attachments."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Signal, SignalInstance
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QGridLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.formats import format_date, format_decimal, format_money, parse_decimal
from app.domain.shortlist import ApplicationStatus, ShortlistEntry
from app.gui.fiches.attachment_panel import AttachmentPanel
from app.gui.fiches.form_fields import ChoiceField, LineField, ParsedField, TextField
from app.gui.i18n import translate_label

COLUMNS = ("Dispositif", "Statut", "Échéance", "Obtenu")
"""What tells the applications apart, in short: the scheme's name takes what is left of a narrow pane (the form
below holds every value, « Date limite visée », the amounts requested and paid)."""
ATTACHMENTS_HINT = "La lettre de demande, la décision, la convention… (double-clic pour ouvrir)."


class ShortlistPanel(QWidget):
    """`save_requested(entry)`, `remove_requested(entry)`, `to_grid_requested(entry)` and
    `attachments_requested(entry, attachments)` ask the workspace to act. A file added is copied into the store of
    `data_dir` at once; the application's list of attachments is saved on its own, leaving the form as it is."""

    save_requested = Signal(object)
    remove_requested = Signal(object)
    to_grid_requested = Signal(object)
    attachments_requested = Signal(object, object)

    def __init__(self, data_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.entries: list[ShortlistEntry] = []
        self.heading = QLabel()
        self.heading.setObjectName("shortlistHeading")
        self.heading.setWordWrap(True)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("shortlistTable")
        self.table.setHorizontalHeaderLabels([self.tr(title) for title in COLUMNS])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.status = ChoiceField(ApplicationStatus)
        self.status.setObjectName("shortlistStatus")
        self.target = ParsedField("date", self.tr("JJ/MM/AAAA"))
        self.requested, self.obtained, self.paid = LineField(), LineField(), LineField()
        for name, field in (("Requested", self.requested), ("Obtained", self.obtained), ("Paid", self.paid)):
            field.setObjectName(f"shortlist{name}")
            field.setPlaceholderText(self.tr("en euros"))
        self.notes = TextField(2)
        self.attachments = AttachmentPanel(data_dir, hint=ATTACHMENTS_HINT, lines=3, most_lines=4)
        self.attachments.setObjectName("shortlistAttachments")
        self.error = QLabel()
        self.error.setStyleSheet("color: #b00020")
        self.error.setWordWrap(True)
        self.save_button = QPushButton(self.tr("Enregistrer la demande"))
        self.save_button.setObjectName("shortlistSave")
        self.remove_button = QPushButton(self.tr("Retirer de la liste"))
        self.grid_button = QPushButton(self.tr("Reporter l'obtenu dans la grille"))
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)  # the side pane may be narrow
        form.addRow(self.tr("Statut"), self.status)
        form.addRow(self.tr("Date limite visée"), self.target)
        form.addRow(self.tr("Montant demandé"), self.requested)
        form.addRow(self.tr("Montant obtenu"), self.obtained)
        form.addRow(self.tr("Montant versé"), self.paid)
        form.addRow(self.tr("Notes"), self.notes)
        form.addRow(self.tr("Pièces jointes"), self.attachments)
        buttons = QGridLayout()
        buttons.addWidget(self.save_button, 0, 0)
        buttons.addWidget(self.remove_button, 0, 1)
        buttons.addWidget(self.grid_button, 1, 0, 1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.table, 1)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self.table.itemSelectionChanged.connect(self._show_chosen)
        self.save_button.clicked.connect(self._save)
        self.remove_button.clicked.connect(lambda: self._emit(self.remove_requested))
        self.grid_button.clicked.connect(lambda: self._emit(self.to_grid_requested))
        self.attachments.changed.connect(self._attachments_changed)
        self.show_entries(None, [])

    def show_entries(self, fiche_title: str | None, entries: list[ShortlistEntry], chosen: str = "") -> None:
        self.entries = entries
        if fiche_title is None:
            self.heading.setText(self.tr("Choisissez une fiche en haut (« Pour la fiche ») pour voir et suivre ses "
                                         "demandes de financement."))
        else:
            self.heading.setText(self.tr("Financements sollicités pour « {0} » : {1}").format(
                fiche_title, len(entries)))
        self.table.setRowCount(len(entries))
        for row, entry in enumerate(entries):
            texts = [entry.scheme_name, translate_label(ApplicationStatus.label_of(entry.status)),
                     format_date(entry.target_deadline), format_money(entry.amount_obtained, 0)]
            for column, text in enumerate(texts):
                item = QTableWidgetItem(text)
                item.setToolTip(text if column == 0 else "")
                self.table.setItem(row, column, item)
        ids = [entry.id for entry in entries]
        if entries:
            self.table.selectRow(ids.index(chosen) if chosen in ids else 0)
        else:
            self._show_chosen()
        shown = self.chosen()
        self.attachments.set_value(shown.attachments if shown is not None else [])

    def chosen(self) -> ShortlistEntry | None:
        rows = self.table.selectionModel().selectedRows()
        return self.entries[rows[0].row()] if rows else None

    def _show_chosen(self) -> None:
        entry = self.chosen()
        for widget in (self.status, self.target, self.requested, self.obtained, self.paid, self.notes,
                       self.attachments, self.save_button, self.remove_button, self.grid_button):
            widget.setEnabled(entry is not None)
        self.error.clear()
        entry = entry or ShortlistEntry()
        self.status.set_value(entry.status)
        self.target.set_value(entry.target_deadline)
        for field, value in ((self.requested, entry.amount_requested), (self.obtained, entry.amount_obtained),
                             (self.paid, entry.amount_paid)):
            field.set_value(format_decimal(value))
        self.notes.set_value(entry.notes)
        self.attachments.set_value(entry.attachments)
        self.attachments.problems.hide()

    def _save(self) -> None:
        entry = self.chosen()
        if entry is None:
            return
        try:
            amounts = [parse_decimal(field.value()) for field in (self.requested, self.obtained, self.paid)]
        except ValueError as error:
            self.error.setText(str(error))
            return
        target = self.target.value()
        if self.target.input_errors():
            self.error.setText(self.target.input_errors()[0])
            return
        requested, obtained, paid = amounts
        self.save_requested.emit(replace(entry, status=self.status.value(), target_deadline=target,
                                         amount_requested=requested, amount_obtained=obtained, amount_paid=paid,
                                         notes=self.notes.value()))

    def _attachments_changed(self) -> None:
        entry = self.chosen()
        if entry is not None and self.attachments.value() != entry.attachments:
            self.attachments_requested.emit(entry, self.attachments.value())

    def _emit(self, signal: SignalInstance) -> None:
        entry = self.chosen()
        if entry is not None:
            signal.emit(entry)
