"""Labo (workspace 4): lab projects followed with their checklist, phase by phase.

At the top, the project followed (several may be) and what can be done with it; under it, its answers and progress;
then the checklist as a tree of phases (progress of each) and items (a box to tick when done, late or blocked items
said), and the chosen item in an editor with undo and autosave. Every change goes through `run_operation`.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from html import escape
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QBrush, QColor, QFont, QUndoStack
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QStyle,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.fiche_search import FicheQuery
from app.domain.formats import format_date, format_decimal
from app.domain.lab import ItemStatus, LabItem, LabProject, PhaseTally, alerts
from app.domain.lab_sections import progress_text
from app.domain.lab_template import LabModel, LabPath, LabTemplate
from app.gui.i18n import translate_label
from app.gui.labs.item_editor import LabItemEditor
from app.gui.labs.project_dialog import LabProjectDialog
from app.gui.metrics import chars_wide
from app.gui.operations import Changes, StoreEvents, run_operation
from app.gui.snapshot_editor import flush_or_ask
from app.gui.workspace_page import WorkspacePage
from app.services import fiches, labs
from app.services.app_context import AppContext
from app.storage.changes import Change

COLUMNS = ("N°", "Élément", "État", "Responsable", "Échéance", "Alerte")
LEFT_OUT = QColor("#808080")
LATE = QColor("#b00020")
EMPTY = ("Aucun projet de lab pour l'instant. « Nouveau projet… » pose d'abord trois questions (créer ou rejoindre un "
         "lab, quel modèle, combien d'habitants) et dresse la liste qui convient, d'après l'étude de l'UNCCAS "
         "« Fabriquer ». Rejoindre un lab existant est une issue valable.")


class LabWorkspace(WorkspacePage):
    def __init__(self, context: AppContext, events: StoreEvents, parent: QWidget | None = None) -> None:
        super().__init__(context, events, parent)
        self.view: labs.ProjectView | None = None
        self.template: LabTemplate | None = None
        self.today = date.today()
        self._filling = False
        self.projects = QComboBox()
        self.projects.setObjectName("labProjects")
        self.projects.setMinimumContentsLength(30)
        self.new_button = QPushButton(self.tr("&Nouveau projet…"))
        self.new_button.setObjectName("labNew")
        self.answers_button = QPushButton(self.tr("&Réponses…"))
        self.answers_button.setObjectName("labAnswers")
        self.fiches_button = QPushButton(self.tr("&Fiches liées…"))
        self.fiches_button.setObjectName("labFiches")
        self.export_button = QToolButton()
        self.export_button.setObjectName("labExport")
        self.export_button.setText(self.tr("&Exporter"))
        self.export_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.export_button)
        for key, title in (("pdf", self.tr("Plan d'action en PDF…")), ("docx", self.tr("Plan d'action en Word…")),
                           ("xlsx", self.tr("Liste en Excel…"))):
            menu.addAction(title).triggered.connect(lambda _checked=False, key=key: self.choose_export(key))
        self.export_button.setMenu(menu)
        self.delete_button = QPushButton(self.tr("Supprimer"))
        self.delete_button.setObjectName("labDelete")
        self.template_button = QPushButton(self.tr("Importer un modèle…"))
        self.template_button.setObjectName("labImportTemplate")
        self.template_button.setToolTip(self.tr("Une nouvelle version du modèle de liste, ou le modèle d'une UDCCAS "
                                                "(fichier .json) : vos états, notes et pièces sont gardés."))
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Projet :")))
        top.addWidget(self.projects, 1)
        for button in (self.new_button, self.answers_button, self.fiches_button, self.export_button,
                       self.delete_button, self.template_button):
            top.addWidget(button)
        self.header = QLabel()
        self.header.setObjectName("labHeader")
        self.header.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setObjectName("labProgress")
        self.progress.setRange(0, 100)
        self.empty = QLabel(self.tr(EMPTY))
        self.empty.setObjectName("labEmpty")
        self.empty.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setObjectName("labTree")
        self.tree.setColumnCount(len(COLUMNS))
        self.tree.setHeaderLabels([self.tr(title) for title in COLUMNS])
        self.tree.setUniformRowHeights(True)
        header = self.tree.header()
        header.setStretchLastSection(False)
        for column in range(len(COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.editor = LabItemEditor(context.data_dir)
        self.splitter = QSplitter()
        self.splitter.addWidget(self.tree)
        self.splitter.addWidget(self.editor)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.header)
        layout.addWidget(self.progress)
        layout.addWidget(self.empty)
        layout.addWidget(self.splitter, 1)
        self.setFocusProxy(self.tree)
        self.projects.currentIndexChanged.connect(lambda _index: self._project_chosen())
        self.new_button.clicked.connect(self.new_project)
        self.answers_button.clicked.connect(self.change_answers)
        self.fiches_button.clicked.connect(self.choose_fiches)
        self.delete_button.clicked.connect(self.delete_project)
        self.template_button.clicked.connect(self.choose_template_file)
        self.tree.currentItemChanged.connect(lambda current, _previous: self._item_chosen(current))
        self.tree.itemChanged.connect(self._ticked)
        self.editor.save_requested.connect(self._save_item)
        self.editor.schemes_requested.connect(lambda keys, why: self.events.schemes_wanted.emit(keys, why))
        events.add_flusher(self.flush)
        self._new_action = QAction(self.tr("Nouveau projet de lab…"), self)
        self._new_action.triggered.connect(self.new_project)

    # -- WorkspacePage -------------------------------------------------------------------------
    def first_shown(self) -> None:
        total = max(self.splitter.width(), 1)
        self.splitter.setSizes([total * 64 // 100, total - total * 64 // 100])
        self.reload()

    @property
    def undo_stack(self) -> QUndoStack:
        return self.editor.undo_stack

    def file_actions(self) -> list[QAction]:
        return [self._new_action]

    def flush(self) -> bool:
        return flush_or_ask(self.editor, self.tr("Élément incomplet"), self.tr("L'élément de la liste"))

    def store_changed(self, changes: Changes) -> None:
        if self._shown_once and changes & {Change.LAB, Change.STORE}:
            self.reload()

    # -- projects ------------------------------------------------------------------------------
    def reload(self, chosen: str | None = None) -> None:
        """The projects again (keeping the one followed), then its checklist."""
        store = self.context.open_store
        chosen = chosen or self.current_lab_id()
        self._filling = True
        self.projects.clear()
        for project, tally in labs.overview(store):
            self.projects.addItem(f"{project.name} — {tally.percent} %", project.id)
        index = self.projects.findData(chosen) if chosen else -1
        self.projects.setCurrentIndex(index if index >= 0 else (0 if self.projects.count() else -1))
        self._filling = False
        self._project_chosen(keep_item=True)

    def current_lab_id(self) -> str | None:
        data = self.projects.currentData()
        return str(data) if data else None

    def _project_chosen(self, keep_item: bool = False) -> None:
        if self._filling:
            return
        lab_id = self.current_lab_id()
        has = lab_id is not None
        for widget in (self.answers_button, self.fiches_button, self.export_button, self.delete_button,
                       self.header, self.progress, self.splitter):
            widget.setVisible(has)
        self.empty.setVisible(not has)
        if not has:
            self.view = None
            self.editor.clear()
            return
        assert lab_id is not None
        kept = self.editor.record_id if keep_item else ""
        if not keep_item and not self.flush():
            return
        self.view = labs.load(self.context.open_store, lab_id)
        self.template = labs.template(self.context.open_store, self.view.project.template_id)
        self._show_header(self.view)
        self._fill_tree(self.view, kept)

    def _show_header(self, view: labs.ProjectView) -> None:
        project = view.project
        parts = [translate_label(LabPath.label_of(project.path)), translate_label(LabModel.label_of(project.model))]
        if project.population is not None:
            parts.append(self.tr("{0} habitants").format(format_decimal(project.population)))
        linked = len(project.fiche_ids)
        if linked:
            parts.append(self.tr("{0} fiche(s) liée(s)").format(linked))
        structure = f" — {project.structure_name}" if project.structure_name else ""
        self.header.setText(f"<b>{escape(project.name)}</b>{escape(structure)}<br>"
                            + escape(" · ".join(parts)) + "<br>"
                            + escape(self.tr("Modèle : {0} (version {1})").format(project.template_title,
                                                                                    project.template_revision)))
        self.progress.setValue(view.tally.percent)
        self.progress.setFormat(progress_text(view.tally))

    def _fill_tree(self, view: labs.ProjectView, chosen_item: str) -> None:
        """Show the checklist; when the tree already shows these items (an item saved, a change from elsewhere that
        moved no item), its rows are updated in place: nothing is deleted under the user, or under a signal being
        handled (a box being ticked)."""
        if self._shown_ids() == [item.id for item in view.items]:
            self._update_rows(view)
            return
        self._filling = True
        tops = [self.tree.topLevelItem(n) for n in range(self.tree.topLevelItemCount())]
        expanded = {top.data(0, Qt.ItemDataRole.UserRole) for top in tops if top is not None and top.isExpanded()}
        first_fill = self.tree.topLevelItemCount() == 0
        self.tree.clear()
        current: QTreeWidgetItem | None = None
        bold = QFont(self.tree.font())
        bold.setBold(True)
        for phase in view.phases:
            top = QTreeWidgetItem([self._phase_text(phase)])
            top.setData(0, Qt.ItemDataRole.UserRole, phase.phase_id)
            top.setFont(0, bold)
            top.setFlags(top.flags() & ~Qt.ItemFlag.ItemIsUserCheckable)
            self.tree.addTopLevelItem(top)
            top.setFirstColumnSpanned(True)
            for record in (item for item in view.items if item.phase_id == phase.phase_id):
                row = self._row(record, view.items)
                top.addChild(row)
                if record.id == chosen_item:
                    current = row
            holds_current = current is not None and current.parent() is top
            top.setExpanded(first_fill or phase.phase_id in expanded or holds_current)
        for column in (2, 3, 4, 5):
            self.tree.resizeColumnToContents(column)
        box = self.tree.style().pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth)
        self.tree.setColumnWidth(0, self.tree.indentation() + box + chars_wide(self.tree, 9))
        for column, most in ((3, 16), (5, 16)):
            self.tree.setColumnWidth(column, min(self.tree.columnWidth(column), chars_wide(self.tree, most)))
        self._filling = False
        if current is None and view.items:
            first = self.tree.topLevelItem(0)
            current = first.child(0) if first is not None and first.childCount() else None
        if current is not None:
            self.tree.setCurrentItem(current)
            self._item_chosen(current)

    def _rows(self) -> list[QTreeWidgetItem]:
        tops = [self.tree.topLevelItem(n) for n in range(self.tree.topLevelItemCount())]
        return [top.child(m) for top in tops if top is not None for m in range(top.childCount())]

    def _shown_ids(self) -> list[str]:
        return [row.data(0, Qt.ItemDataRole.UserRole) for row in self._rows()]

    def _phase_text(self, phase: PhaseTally) -> str:
        """A phase's row, across the columns: « 1. Faut-il créer un lab ? — 2/6 faits · 33 % »."""
        return self.tr("{0}. {1} — {2}/{3} faits · {4} %").format(
            phase.number, phase.title, phase.tally.done, phase.tally.applicable, phase.tally.percent)

    def _update_rows(self, view: labs.ProjectView) -> None:
        self._filling = True
        for row, record in zip(self._rows(), view.items, strict=True):
            self._dress(row, record, view.items)
        for n, phase in enumerate(view.phases):
            top = self.tree.topLevelItem(n)
            if top is not None:
                top.setText(0, self._phase_text(phase))
        self._filling = False

    def _row(self, record: LabItem, items: list[LabItem]) -> QTreeWidgetItem:
        row = QTreeWidgetItem()
        self._dress(row, record, items)
        return row

    def _dress(self, row: QTreeWidgetItem, record: LabItem, items: list[LabItem]) -> None:
        """Show `record` in `row`: its texts, its box (none when « sans objet »), greyed, late or blocked."""
        alert = " ; ".join(alerts(record, items, self.today))
        title = record.title + (self.tr(" (retiré du modèle)") if record.removed_from_template else "")
        texts = [record.number, title, translate_label(ItemStatus.label_of(record.status)), record.owner,
                 format_date(record.due_on), alert]
        for column, text in enumerate(texts):
            row.setText(column, text)
            row.setForeground(column, QBrush())
        row.setData(0, Qt.ItemDataRole.UserRole, record.id)
        row.setToolTip(1, record.title)
        row.setToolTip(5, alert)
        left_out = record.status == ItemStatus.SANS_OBJET
        row.setToolTip(2, record.not_applicable_reason if left_out else "")
        if left_out:
            row.setData(0, Qt.ItemDataRole.CheckStateRole, None)
            row.setFlags(row.flags() & ~Qt.ItemFlag.ItemIsUserCheckable)
            for column in range(len(COLUMNS)):
                row.setForeground(column, QBrush(LEFT_OUT))
        else:
            row.setFlags(row.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            row.setCheckState(0, Qt.CheckState.Checked if record.status == ItemStatus.FAIT else Qt.CheckState.Unchecked)
        if alert:
            row.setForeground(5, QBrush(LATE))
        font = row.font(1)
        font.setItalic(record.removed_from_template)
        row.setFont(1, font)

    def _record(self, row: QTreeWidgetItem | None) -> LabItem | None:
        if row is None or row.parent() is None or self.view is None:
            return None
        wanted = row.data(0, Qt.ItemDataRole.UserRole)
        return next((item for item in self.view.items if item.id == wanted), None)

    def _item_chosen(self, row: QTreeWidgetItem | None) -> None:
        if self._filling:
            return
        record = self._record(row)
        if record is None or self.view is None or record.id == self.editor.record_id:
            return
        if not self.flush():
            return
        template_item = self.template.item(record.item_id) if self.template is not None else None
        source = ""
        if template_item is not None and self.template is not None:
            where = ", ".join(text for text in (template_item.source.part, self.tr("lignes {0}").format(
                template_item.source.lines) if template_item.source.lines else "") if text)
            source = self.tr("Source : {0}").format(self.template.source_title(template_item.source.document)) + (
                f" — {where}" if where else "")
        self.editor.show_item(record, template_item, source, " ; ".join(alerts(record, self.view.items, self.today)))

    def _ticked(self, row: QTreeWidgetItem, column: int) -> None:
        """A box ticked or unticked in the list: the item is done (or to do again), as one undo step, stored."""
        if self._filling or column != 0:
            return
        record = self._record(row)
        if record is None or record.status == ItemStatus.SANS_OBJET:
            return
        done = row.checkState(0) == Qt.CheckState.Checked
        if done == (record.status == ItemStatus.FAIT):
            return
        if record.id != self.editor.record_id:
            self.tree.setCurrentItem(row)
            if record.id != self.editor.record_id:
                return
        self.editor.set_status(ItemStatus.FAIT.value if done else ItemStatus.A_FAIRE.value)

    def _save_item(self, record: LabItem) -> None:
        run_operation(self, lambda: labs.save_item(self.context.open_store, record), self.events,
                      self.tr("Élément non enregistré"), self.editor.saved)

    # -- actions -------------------------------------------------------------------------------
    def new_project(self) -> LabProjectDialog | None:
        if not self.flush():
            return None
        dialog = LabProjectDialog(labs.templates(self.context.open_store), self)
        dialog.accepted.connect(lambda: self._start(dialog))
        dialog.open()
        return dialog

    def _start(self, dialog: LabProjectDialog) -> None:
        store = self.context.open_store
        ok, view = run_operation(self, lambda: labs.start(store, dialog.name.text(), dialog.structure.text(),
                                                          dialog.answers(), dialog.template_id()),
                                 self.events, self.tr("Projet non créé"))
        if ok and view is not None:
            self.reload(view.project.id)
            self.notify.emit(self.tr("Projet de lab « {0} » commencé.").format(view.project.name), None)

    def change_answers(self) -> LabProjectDialog | None:
        if self.view is None or not self.flush():
            return None
        project = self.view.project
        dialog = LabProjectDialog(labs.templates(self.context.open_store), self, project.answers, project.name,
                                  project.structure_name)
        dialog.accepted.connect(lambda: self._apply_answers(project, dialog))
        dialog.open()
        return dialog

    def _apply_answers(self, project: LabProject, dialog: LabProjectDialog) -> None:
        answers = dialog.answers()
        changed = dataclasses.replace(project, model=answers.model, path=answers.path, population=answers.population)
        run_operation(self, lambda: labs.save_project(self.context.open_store, changed), self.events,
                      self.tr("Réponses non enregistrées"))

    def choose_fiches(self) -> QDialog | None:
        if self.view is None:
            return None
        project = self.view.project
        dialog = QDialog(self)
        dialog.setWindowTitle(self.tr("Fiches portées par le lab"))
        listing = QListWidget()
        listing.setObjectName("labFicheList")
        for row in fiches.search(self.context.open_store, FicheQuery()):
            item = QListWidgetItem(row.title)
            item.setData(Qt.ItemDataRole.UserRole, row.id)
            item.setCheckState(Qt.CheckState.Checked if row.id in project.fiche_ids else Qt.CheckState.Unchecked)
            listing.addItem(item)
        note = QLabel(self.tr("Les innovations que porte le lab : sa liste devient une partie de leurs dossiers."))
        note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(dialog.accept)
        buttons.rejected.connect(dialog.reject)
        column = QVBoxLayout(dialog)
        column.addWidget(note)
        column.addWidget(listing, 1)
        column.addWidget(buttons)
        dialog.resize(chars_wide(self, 70), dialog.sizeHint().height())

        def apply() -> None:
            chosen = [str(listing.item(n).data(Qt.ItemDataRole.UserRole)) for n in range(listing.count())
                      if listing.item(n).checkState() == Qt.CheckState.Checked]
            changed = dataclasses.replace(project, fiche_ids=chosen)
            run_operation(self, lambda: labs.save_project(self.context.open_store, changed), self.events,
                          self.tr("Fiches non liées"))

        dialog.accepted.connect(apply)
        dialog.open()
        return dialog

    def choose_export(self, format_key: str) -> None:
        if self.view is None:
            return
        suffix = {"pdf": "pdf", "docx": "docx", "xlsx": "xlsx"}[format_key]
        path, _filter = QFileDialog.getSaveFileName(self, self.tr("Exporter le plan d'action"),
                                                    str(Path.home() / f"plan-action-lab.{suffix}"), f"*.{suffix}")
        if path:
            self.export_to(format_key, Path(path))

    def export_to(self, format_key: str, path: Path) -> None:
        if self.view is None or not self.flush():
            return
        lab_id = self.view.project.id
        ok, written = run_operation(self, lambda: labs.export(self.context.open_store, lab_id, format_key, path),
                                    None, self.tr("Export impossible"))
        if ok and written is not None:
            self.notify.emit(self.tr("Écrit : {0}").format(written), None)

    def delete_project(self) -> None:
        if self.view is None:
            return
        project = self.view.project
        answer = QMessageBox.question(self, self.tr("Supprimer le projet de lab"), self.tr(
            "Supprimer « {0} » et toute sa liste (états, notes, pièces) ? Une sauvegarde automatique permet de "
            "revenir en arrière.").format(project.name))
        if answer == QMessageBox.StandardButton.Yes:
            self.editor.clear()
            run_operation(self, lambda: labs.delete(self.context.open_store, project.id), self.events,
                          self.tr("Suppression impossible"))

    def choose_template_file(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, self.tr("Importer un modèle de liste"), "",
                                                    self.tr("Modèles de liste (*.json);;Tous les fichiers (*)"))
        if path:
            self.import_template(Path(path))

    def import_template(self, path: Path) -> None:
        """Show what the template file changes, then apply it when the user agrees."""
        from app.services import lab_templates

        if not self.flush():
            return
        store = self.context.open_store
        ok, update = run_operation(self, lambda: lab_templates.preview(store, path), None,
                                   self.tr("Modèle refusé"))
        if not ok or update is None:
            return
        if update.same:
            QMessageBox.information(self, self.tr("Importer un modèle"), update.summary())
            return
        details = [*(f"+ {item.number} {item.title}" for item in update.new),
                   *(f"~ {item.number} {item.title} ({', '.join(what)})" for item, what in update.changed),
                   *(f"− {item.number} {item.title}" for item in update.removed)]
        projects = [self.tr("« {0} » : {1} ajouté(s), {2} gardé(s) comme « retiré du modèle », {3} supprimé(s)")
                    .format(effect.name, effect.added, effect.kept_removed, effect.dropped)
                    for effect in update.projects]
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Importer un modèle"),
                          update.summary() + "\n\n" + "\n".join(projects) + "\n\n" + self.tr(
                              "Vos états, responsables, échéances, notes et pièces sont gardés ; un élément où "
                              "vous avez noté quelque chose n'est jamais supprimé. Appliquer ?"),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        box.setObjectName("labTemplatePreview")
        box.setDetailedText("\n".join(details))
        box.accepted.connect(lambda: run_operation(self, lambda: lab_templates.apply(store, update), self.events,
                                                   self.tr("Modèle non appliqué")))
        box.open()

