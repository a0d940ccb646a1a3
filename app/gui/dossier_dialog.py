"""Fichier › Exporter le dossier: choose formats, parts, scenarios, personal data and folder; write with a cancellable
progress dialog; then open the file or its folder."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.economics import Scenario
from app.exports.dossier_files import FORMATS, ExportCancelled, dossier_file_name
from app.gui.i18n import translate_section
from app.gui.metrics import chars_wide, lines_high
from app.gui.operations import run_operation
from app.gui.progress import run_with_progress
from app.services import fiches, grid
from app.services.app_context import AppContext
from app.services.dossier import DossierOptions, part_titles
from app.services.dossier_export import ExportRequest, export_dossier, target_paths


def default_export_dir(context: AppContext) -> Path:
    remembered = Path(context.preferences.export_dir) if context.preferences.export_dir else None
    if remembered and remembered.is_dir():
        return remembered
    documents = Path.home() / "Documents"
    return documents if documents.is_dir() else Path.home()


class DossierExportDialog(QDialog):
    """The choices of one export; `request()` turns them into an ExportRequest."""

    def __init__(self, context: AppContext, fiche_id: str, fiche_title: str, scenarios: Sequence[Scenario] = (),
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.fiche_id = fiche_id
        self.fiche_title = fiche_title
        self.setWindowTitle(self.tr("Exporter le dossier"))
        layout = QVBoxLayout(self)
        title = QLabel(self.tr("Dossier de la fiche « {0} »").format(fiche_title))
        title.setTextFormat(Qt.TextFormat.PlainText)
        title.setWordWrap(True)
        layout.addWidget(title)

        formats_box = QGroupBox(self.tr("Formats"))
        formats_layout = QHBoxLayout(formats_box)
        self.format_boxes: dict[str, QCheckBox] = {}
        for key, spec in FORMATS.items():
            box = QCheckBox(spec.label)
            box.setObjectName(f"format_{key}")
            box.setChecked(True)
            box.toggled.connect(self._update)
            formats_layout.addWidget(box)
            self.format_boxes[key] = box
        layout.addWidget(formats_box)

        parts_box = QGroupBox(self.tr("Parties du dossier"))
        parts_layout = QVBoxLayout(parts_box)
        self.parts = QListWidget()
        self.parts.setObjectName("dossierParts")
        for key, part_title in part_titles():
            item = QListWidgetItem(translate_section(part_title))
            item.setData(Qt.ItemDataRole.UserRole, key)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.parts.addItem(item)
        self.parts.setMinimumHeight(min(self.parts.sizeHintForRow(0) * self.parts.count()
                                        + 2 * self.parts.frameWidth(), lines_high(self, 18)))
        self.parts.itemChanged.connect(self._update)
        parts_layout.addWidget(self.parts)
        self.personal = QCheckBox(self.tr("Inclure les contacts (données personnelles)"))
        self.personal.setObjectName("includePersonal")
        self.personal.setToolTip(self.tr("Noms, e-mails et téléphones des contacts de la fiche. "
                                         "Laissez décoché pour un dossier diffusé largement."))
        parts_layout.addWidget(self.personal)
        choices = QHBoxLayout()
        choices.addWidget(parts_box, 3)
        choices.addWidget(self._scenarios_box(scenarios), 2)
        layout.addLayout(choices)

        form = QFormLayout()
        folder_row = QHBoxLayout()
        self.folder = QLineEdit(str(default_export_dir(context)))
        self.folder.setObjectName("exportFolder")
        self.folder.setMinimumWidth(chars_wide(self, 50))
        self.folder.textChanged.connect(self._update)
        choose = QPushButton(self.tr("Choisir…"))
        choose.clicked.connect(self._choose_folder)
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(choose)
        form.addRow(self.tr("Dossier de destination :"), folder_row)
        self.names = QLabel()
        self.names.setObjectName("fileNames")
        self.names.setTextFormat(Qt.TextFormat.PlainText)
        self.names.setWordWrap(True)
        self.names.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow(self.tr("Fichiers :"), self.names)
        layout.addLayout(form)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.export_button = self.buttons.addButton(self.tr("Exporter"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.export_button.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._update()
        self.resize(self.sizeHint())  # the size from the wrapped labels' height for width leaves the lists short

    def _scenarios_box(self, scenarios: Sequence[Scenario]) -> QGroupBox:
        """The fiche's scenarios, all checked: the ones checked are the ones the « Modèle économique » part shows."""
        box = QGroupBox(self.tr("Scénarios du modèle économique"))
        box_layout = QVBoxLayout(box)
        self.scenarios = QListWidget()
        self.scenarios.setObjectName("dossierScenarios")
        for scenario in scenarios:
            item = QListWidgetItem(scenario.name)
            item.setToolTip(scenario.name)
            item.setData(Qt.ItemDataRole.UserRole, scenario.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.scenarios.addItem(item)
        self.scenarios.itemChanged.connect(self._update)
        widest = self.scenarios.sizeHintForColumn(0) + 2 * self.scenarios.frameWidth() + chars_wide(self, 3)
        self.scenarios.setMinimumWidth(min(max(widest, chars_wide(self, 24)), chars_wide(self, 48)))
        self.scenarios.setVisible(bool(scenarios))
        self.scenario_note = QLabel()
        self.scenario_note.setObjectName("scenarioNote")
        self.scenario_note.setWordWrap(True)
        box_layout.addWidget(self.scenarios, 1)
        box_layout.addWidget(self.scenario_note)
        if not scenarios:
            box_layout.addStretch(1)
        return box

    def chosen_scenarios(self) -> frozenset[str] | None:
        """The ids of the scenarios checked; None when all are (the dossier then shows every scenario)."""
        items = [self.scenarios.item(n) for n in range(self.scenarios.count())]
        checked = frozenset(item.data(Qt.ItemDataRole.UserRole) for item in items
                            if item.checkState() == Qt.CheckState.Checked)
        return None if len(checked) == len(items) else checked

    def _scenario_note(self) -> str:
        """What the scenarios' box says under its list ("" : nothing), the refusal of no scenario included."""
        if not self.scenarios.count():
            return self.tr("Cette fiche n'a pas encore de modèle économique : le dossier n'en aura pas.")
        if "modele" not in self.chosen_parts():
            return self.tr("La partie « Modèle économique » n'est pas cochée : aucun scénario n'est inclus.")
        if self.chosen_scenarios() == frozenset():
            return self.tr("Cochez au moins un scénario, ou décochez la partie « Modèle économique ».")
        return ""

    def formats(self) -> tuple[str, ...]:
        return tuple(key for key, box in self.format_boxes.items() if box.isChecked())

    def chosen_parts(self) -> frozenset[str]:
        return frozenset(self.parts.item(n).data(Qt.ItemDataRole.UserRole) for n in range(self.parts.count())
                         if self.parts.item(n).checkState() == Qt.CheckState.Checked)

    def request(self) -> ExportRequest:
        parts = self.chosen_parts()
        options = DossierOptions(parts=parts, scenario_ids=self.chosen_scenarios() if "modele" in parts else None,
                                 include_personal=self.personal.isChecked(), exported_on=date.today())
        return ExportRequest(self.fiche_id, self.formats(), Path(self.folder.text().strip()).expanduser(), options)

    def _choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Dossier de destination"), self.folder.text())
        if folder:
            self.folder.setText(folder)

    def _update(self) -> None:
        formats = self.formats()
        names = [dossier_file_name(self.fiche_title, date.today(), key) for key in formats]
        self.names.setText("\n".join(names) or self.tr("Choisissez au moins un format."))
        folder = self.folder.text().strip()
        grid_part = "modele" in self.chosen_parts()
        self.scenarios.setEnabled(grid_part)
        note = self._scenario_note()
        self.scenario_note.setText(note)
        self.scenario_note.setVisible(bool(note))
        refused = grid_part and self.chosen_scenarios() == frozenset()
        self.scenario_note.setStyleSheet("color: #b00020" if refused else "")
        self.export_button.setEnabled(bool(formats and self.chosen_parts() and folder and Path(folder).is_absolute())
                                      and not refused)


class ExportDoneDialog(QDialog):
    """The files written, with « Ouvrir le fichier » and « Ouvrir le dossier »."""

    def __init__(self, paths: list[Path], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.paths = paths
        self.setWindowTitle(self.tr("Dossier exporté"))
        layout = QVBoxLayout(self)
        where = QLabel(self.tr("Le dossier a été écrit dans {0} :").format(str(paths[0].parent)))
        where.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(where)
        self.files = QListWidget()
        self.files.setObjectName("writtenFiles")
        for path in paths:
            self.files.addItem(path.name)
        self.files.setCurrentRow(len(paths) - 1)
        self.files.itemDoubleClicked.connect(lambda _item: self.open_file())
        longest = max(self.files.fontMetrics().horizontalAdvance(path.name) for path in paths)
        self.files.setMinimumWidth(min(max(longest + chars_wide(self, 4), chars_wide(self, 60)), chars_wide(self, 130)))
        self.files.setMaximumHeight(lines_high(self, 5))
        layout.addWidget(self.files)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.open_file_button = buttons.addButton(self.tr("Ouvrir le fichier"), QDialogButtonBox.ButtonRole.ActionRole)
        self.open_folder_button = buttons.addButton(self.tr("Ouvrir le dossier"),
                                                    QDialogButtonBox.ButtonRole.ActionRole)
        self.open_file_button.clicked.connect(self.open_file)
        self.open_folder_button.clicked.connect(self.open_folder)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def open_file(self) -> None:
        path = self.paths[max(self.files.currentRow(), 0)]
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def open_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.paths[0].parent)))


def run_export(parent: QWidget, context: AppContext, request: ExportRequest) -> list[Path] | None:
    """Write the dossier behind a progress dialog that can be cancelled; None when cancelled or failed."""
    return run_with_progress(parent, parent.tr("Exporter le dossier"), parent.tr("Écriture du dossier…"),
                             lambda report: export_dossier(context.open_store, request, report), ExportCancelled,
                             parent.tr("Export impossible"))


class DossierExporter(QObject):
    """The whole export of one fiche's dossier, from the choices to the files written."""

    def __init__(self, context: AppContext, parent: QWidget) -> None:
        super().__init__(parent)
        self.context = context
        self.window = parent
        self.dialog: DossierExportDialog | None = None
        self.done_dialog: ExportDoneDialog | None = None

    def start(self, fiche_id: str) -> None:
        store = self.context.open_store
        ok, read = run_operation(self.window, lambda: (fiches.load(store, fiche_id), grid.scenarios(store, fiche_id)))
        if not ok or read is None:
            return
        fiche, scenarios = read
        self.dialog = DossierExportDialog(self.context, fiche.id, fiche.title, scenarios, self.window)
        self.dialog.accepted.connect(lambda: self.export(self.dialog.request(), fiche.title))
        self.dialog.open()

    def export(self, request: ExportRequest, title: str) -> list[Path] | None:
        existing = [path for path in target_paths(title, request) if path.exists()]
        if existing:
            answer = QMessageBox.question(
                self.window, self.tr("Remplacer les fichiers ?"),
                self.tr("Ces fichiers existent déjà :\n{0}\n\nLes remplacer ?").format(
                    "\n".join(path.name for path in existing)),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
            if answer != QMessageBox.StandardButton.Yes:
                return None
            request = replace(request, replace=True)
        written = run_export(self.window, self.context, request)
        if written:
            self.context.preferences.export_dir = str(request.folder)
            run_operation(self.window, self.context.save_preferences)
            self.done_dialog = ExportDoneDialog(written, self.window)
            self.done_dialog.open()
        return written
