"""Préférences: data folder, backup retention, default author and structure."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.gui.metrics import chars_wide, lines_high
from app.services.app_context import AppContext


class PreferencesDialog(QDialog):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setWindowTitle(self.tr("Préférences"))
        prefs = context.preferences
        layout = QVBoxLayout(self)
        form = QFormLayout()
        layout.addLayout(form)

        self.data_dir_edit = QLineEdit(prefs.data_dir)
        self.data_dir_edit.setPlaceholderText(str(context.data_dir))
        browse = QPushButton(self.tr("Parcourir…"))
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.data_dir_edit, 1)
        row.addWidget(browse)
        data_label = QLabel(self.tr("&Dossier de données :"))
        data_label.setBuddy(self.data_dir_edit)
        form.addRow(data_label, row)
        hint = QLabel(
            self.tr("Le nouveau dossier est utilisé au prochain lancement d'Essaim. Vide : dossier par défaut."))
        hint.setWordWrap(True)
        form.addRow("", hint)

        self.backup_keep_spin = QSpinBox()
        self.backup_keep_spin.setRange(1, 365)
        self.backup_keep_spin.setValue(prefs.backup_keep)
        self.backup_keep_spin.setSuffix(self.tr(" sauvegardes"))
        form.addRow(self.tr("Sauvegardes &automatiques conservées :"), self.backup_keep_spin)

        self.author_edit = QLineEdit(prefs.default_author)
        self.author_edit.setPlaceholderText(self.tr("Prénom Nom"))
        form.addRow(self.tr("A&uteur par défaut :"), self.author_edit)
        self.structure_edit = QLineEdit(prefs.default_structure)
        self.structure_edit.setPlaceholderText(self.tr("CCAS de …"))
        form.addRow(self.tr("&Structure par défaut :"), self.structure_edit)

        self.daily_costs = QTableWidget(0, 2)
        self.daily_costs.setObjectName("dailyCosts")
        self.daily_costs.setHorizontalHeaderLabels([self.tr("Rôle"), self.tr("Coût journalier (€)")])
        self.daily_costs.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.daily_costs.horizontalHeader().setStretchLastSection(True)
        self.daily_costs.verticalHeader().setVisible(False)
        self.daily_costs.setWordWrap(False)
        for role, cost in prefs.daily_costs.items():
            self._add_cost_row(role, cost)
        # every role read whole: the longest one's width, and room for the cost and a scroll bar
        self.daily_costs.setMinimumSize(max(chars_wide(self, 40), self.daily_costs.sizeHintForColumn(0))
                                        + chars_wide(self, 26), lines_high(self, 16))
        cost_buttons = QHBoxLayout()
        add_role = QPushButton(self.tr("Ajouter un rôle"))
        add_role.clicked.connect(lambda: self._add_cost_row("", ""))
        remove_role = QPushButton(self.tr("Retirer"))
        remove_role.clicked.connect(lambda: self.daily_costs.removeRow(self.daily_costs.currentRow()))
        cost_buttons.addWidget(add_role)
        cost_buttons.addWidget(remove_role)
        cost_buttons.addStretch(1)
        costs_holder = QWidget()
        costs_layout = QVBoxLayout(costs_holder)
        costs_layout.setContentsMargins(0, 0, 0, 0)
        costs_layout.addWidget(self.daily_costs)
        costs_layout.addLayout(cost_buttons)
        form.addRow(self.tr("Coûts journaliers par rôle\n(pré-remplissent le modèle économique) :"), costs_holder)

        self.setMinimumWidth(chars_wide(self, 100))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _add_cost_row(self, role: str, cost: str) -> None:
        row = self.daily_costs.rowCount()
        self.daily_costs.insertRow(row)
        self.daily_costs.setItem(row, 0, QTableWidgetItem(role))
        self.daily_costs.setItem(row, 1, QTableWidgetItem(cost))

    def _costs(self) -> dict[str, str]:
        costs = {}
        for row in range(self.daily_costs.rowCount()):
            role, cost = (self.daily_costs.item(row, c) for c in (0, 1))
            role_text = role.text().strip() if role else ""
            cost_text = cost.text().strip() if cost else ""
            if role_text or cost_text:
                costs[role_text] = cost_text
        return costs

    def _browse(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, self.tr("Choisir le dossier de données"),
                                                  self.data_dir_edit.text() or str(self.context.data_dir))
        if chosen:
            self.data_dir_edit.setText(chosen)

    def accept(self) -> None:
        data_dir = self.data_dir_edit.text().strip()
        updated = replace(
            self.context.preferences,
            data_dir=str(Path(data_dir).expanduser()) if data_dir else "",
            backup_keep=self.backup_keep_spin.value(),
            default_author=self.author_edit.text().strip(),
            default_structure=self.structure_edit.text().strip(),
            daily_costs=self._costs(),
        )
        problems = updated.validate()
        if problems:
            QMessageBox.warning(self, self.tr("Préférences invalides"), "\n".join(problems))
            return
        moved = updated.data_dir != self.context.preferences.data_dir
        self.context.preferences = updated
        self.context.save_preferences()
        if moved:
            QMessageBox.information(
                self, self.tr("Dossier de données"),
                self.tr("Le nouveau dossier de données sera utilisé au prochain lancement d'Essaim."),
            )
        super().accept()
