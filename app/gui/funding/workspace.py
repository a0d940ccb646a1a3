"""Workspace 3 — Financements: the funding finder over the catalogue (search, filters with counts, detail)."""

from __future__ import annotations

import html
from itertools import pairwise
from pathlib import Path

from PySide6.QtCore import QEvent, QItemSelection, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.fiche import Attachment
from app.domain.fiche_search import FicheQuery
from app.domain.formats import format_count, format_date
from app.domain.scheme_finder import SchemeQuery
from app.domain.scheme_match import Match
from app.domain.scheme_sections import scheme_values
from app.domain.schemes import Scheme
from app.domain.shortlist import ShortlistEntry
from app.domain.territories import TerritoryCodeError, load_territories
from app.gui.funding.deadlines_dialog import DeadlinesDialog
from app.gui.funding.filter_panel import FilterPanel
from app.gui.funding.results_model import ResultsModel
from app.gui.funding.shortlist_panel import ShortlistPanel
from app.gui.funding.update_dialog import CatalogueUpdateDialog
from app.gui.metrics import chars_wide
from app.gui.operations import Changes, StoreEvents, run_operation
from app.gui.progress import run_with_progress
from app.gui.workspace_page import WorkspacePage
from app.services import fiches, labs, shortlist
from app.services.app_context import AppContext
from app.services.catalogue_export import export_catalogue
from app.services.funding import Finder
from app.services.funding_catalogue import catalogue_loaded, catalogue_outcome, load_catalogue
from app.storage.changes import Change

TYPING_PAUSE_MS = 200
SORTS = (("pertinence", "Tri : pertinence"), ("date_limite", "Tri : date limite la plus proche"),
         ("montant", "Tri : montant le plus élevé"))


class FundingWorkspace(WorkspacePage):
    def __init__(self, context: AppContext, events: StoreEvents, parent: QWidget | None = None) -> None:
        super().__init__(context, events, parent)
        self._finder: Finder | None = None
        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("fundingSearch")
        self.search_edit.setPlaceholderText(self.tr("Rechercher un dispositif : nom, financeur, objet, conditions…"))
        self.search_edit.setClearButtonEnabled(True)
        self.sort_combo = QComboBox()
        self.sort_combo.setObjectName("fundingSort")
        for code, label in SORTS:
            self.sort_combo.addItem(self.tr(label), code)
        self.fiche_combo = QComboBox()
        self.fiche_combo.setObjectName("fundingFiche")
        self.fiche_combo.setMinimumContentsLength(32)
        self.fiche_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self._proposed: str | None = events.selected_fiche
        self._matches: dict[str, Match] = {}
        self._auto_selected = False
        self.count_label = QLabel()
        self.count_label.setObjectName("fundingCount")
        self._pinned: frozenset[str] | None = None
        """Only these schemes are shown (those a lab item names), until « Tout afficher »."""
        self.pinned_label = QLabel()
        self.pinned_label.setObjectName("fundingPinned")
        self.pinned_label.setWordWrap(True)
        self.unpin_button = QPushButton(self.tr("Tout afficher"))
        self.unpin_button.setObjectName("fundingUnpin")
        self.filters = FilterPanel()
        self.filters.setObjectName("fundingFilters")
        self.model = ResultsModel()
        self.table = QTableView()
        self.table.setObjectName("fundingResults")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(2, chars_wide(self, 14))
        header.setMinimumSectionSize(chars_wide(self, 6))
        self.detail = QTextBrowser()
        self.detail.setObjectName("fundingDetail")
        self.detail.setOpenExternalLinks(True)
        self.shortlist_panel = ShortlistPanel(context.data_dir)
        self.side = QTabWidget()
        self.side.setObjectName("fundingSide")
        self.side.addTab(self.detail, self.tr("Dispositif"))
        self.side.addTab(self.shortlist_panel, self.tr("Financements sollicités"))
        self.add_button = QPushButton(self.tr("Ajouter à la &liste de la fiche"))
        self.add_button.setObjectName("fundingAdd")
        self.add_button.setEnabled(False)
        top = QHBoxLayout()
        top.addWidget(self.search_edit, 1)
        fiche_label = QLabel(self.tr("Pour la fic&he :"))
        fiche_label.setBuddy(self.fiche_combo)
        top.addWidget(fiche_label)
        top.addWidget(self.fiche_combo)
        top.addWidget(self.sort_combo)
        self.deadlines_button = QPushButton(self.tr("É&chéances…"))
        self.deadlines_button.setObjectName("fundingDeadlines")
        top.addWidget(self.deadlines_button)
        self.catalogue_button = QToolButton()
        self.catalogue_button.setObjectName("fundingCatalogue")
        self.catalogue_button.setText(self.tr("Catalo&gue"))
        self.catalogue_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.catalogue_button)
        self.update_action = menu.addAction(self.tr("Mettre à jour depuis un fichier…"), self.choose_update)
        self.update_action.setToolTip(self.tr("JSON d'Aides-territoires, modèle de tableur d'Essaim (.xlsx), schéma "
                                              "dispositif-aide (.csv, .json)"))
        menu.addSeparator()
        for label, kind in (("Exporter en tableur (.xlsx)…", "xlsx"),
                            ("Exporter au schéma dispositif-aide (.csv)…", "dispositif-aide"),
                            ("Exporter en paquet .essaim…", "paquet")):
            menu.addAction(self.tr(label), lambda kind=kind: self.choose_export(kind))
        self.catalogue_button.setMenu(menu)
        top.addWidget(self.catalogue_button)
        middle = QWidget()
        middle_layout = QVBoxLayout(middle)
        middle_layout.setContentsMargins(0, 0, 0, 0)
        counts = QHBoxLayout()
        counts.addWidget(self.count_label, 1)
        counts.addWidget(self.add_button)
        pinned = QHBoxLayout()
        pinned.addWidget(self.pinned_label, 1)
        pinned.addWidget(self.unpin_button)
        self.pinned_bar = QWidget()
        self.pinned_bar.setLayout(pinned)
        self.pinned_bar.hide()
        middle_layout.addWidget(self.pinned_bar)
        middle_layout.addLayout(counts)
        middle_layout.addWidget(self.table, 1)
        splitter = self.splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.filters)
        splitter.addWidget(middle)
        splitter.addWidget(self.side)
        splitter.setStretchFactor(1, 3)
        splitter.setStretchFactor(2, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        chain = (self.search_edit, self.fiche_combo, self.sort_combo, self.deadlines_button, self.catalogue_button,
                 *self.filters.fields(),
                 self.table, self.add_button, self.side)
        for before, after in pairwise(chain):
            QWidget.setTabOrder(before, after)
        self.search_edit.installEventFilter(self)
        self.setFocusProxy(self.search_edit)

        self._typing = QTimer(self)
        self._typing.setSingleShot(True)
        self._typing.setInterval(TYPING_PAUSE_MS)
        self._typing.timeout.connect(self.refresh)
        self.search_edit.textChanged.connect(lambda _t: self._typing.start())
        self.search_edit.returnPressed.connect(self.refresh)
        self.sort_combo.currentIndexChanged.connect(lambda _i: self.refresh())
        self.fiche_combo.activated.connect(lambda _i: self.refresh())
        self.events.fiche_selected.connect(self._fiche_selected)
        self.events.schemes_wanted.connect(self.show_schemes)
        self.unpin_button.clicked.connect(lambda: self.show_schemes(None, ""))
        self.filters.changed.connect(self.refresh)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.add_button.clicked.connect(self.add_to_shortlist)
        self.deadlines_button.clicked.connect(self.show_deadlines)
        self.shortlist_panel.save_requested.connect(self._save_entry)
        self.shortlist_panel.remove_requested.connect(self._remove_entry)
        self.shortlist_panel.to_grid_requested.connect(self._entry_to_grid)
        self.shortlist_panel.attachments_requested.connect(self._save_attachments)

    def first_shown(self) -> None:
        """The catalogue is read now, not at start-up; the shipped one is loaded the first time."""
        store = self.context.open_store
        if not catalogue_loaded(store):
            ok, outcome = run_operation(self, lambda: load_catalogue(store), self.events,
                                        self.tr("Catalogue des financements"))
            if ok and outcome is not None:
                self.notify.emit(catalogue_outcome(outcome), None)
        self._finder = Finder(store)
        self.filters.know_territories(load_territories())
        self.reload_fiches()
        self.refresh()
        QTimer.singleShot(0, self._share_width)

    def _share_width(self) -> None:
        """The filters as wide as their longest value when the window allows it, the detail a quarter, the
        results the rest (once laid out: the widths are known then)."""
        total = self.splitter.width()
        least = chars_wide(self, 34)
        filters = min(self.filters.preferred_width(), max(least, total * 22 // 100))
        side = max(least, total // 4)
        self.splitter.setSizes([filters, total - filters - side, side])

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._finder is not None and self._proposed is not None:
            self._propose()

    def focus_search(self) -> bool:
        self.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_edit.selectAll()
        return True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """In the search field, ↓ goes down to the results and Échap empties the field."""
        if watched is self.search_edit and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if event.key() == Qt.Key.Key_Down and self.model.rowCount():
                self.table.setFocus()
                if not self.table.selectionModel().hasSelection():
                    self.table.selectRow(0)
                return True
            if event.key() == Qt.Key.Key_Escape and self.search_edit.text():
                self.search_edit.clear()
                self.refresh()
                return True
        return super().eventFilter(watched, event)

    def _fiche_selected(self, fiche_id: str) -> None:
        self._proposed = fiche_id
        if self.isVisible() and self._finder is not None:
            self._propose()

    def _propose(self) -> None:
        """The fiche opened elsewhere is proposed for the match (once: the user may go back to « aucune »)."""
        index = self.fiche_combo.findData(self._proposed)
        self._proposed = None
        if index > 0 and index != self.fiche_combo.currentIndex():
            self.fiche_combo.setCurrentIndex(index)
            self.refresh()

    def reload_fiches(self) -> None:
        current = self.fiche_combo.currentData()
        self.fiche_combo.blockSignals(True)
        self.fiche_combo.clear()
        self.fiche_combo.addItem(self.tr("— aucune : recherche libre —"), None)
        for row in fiches.search(self.context.open_store, FicheQuery()):
            self.fiche_combo.addItem(row.title, row.id)
        self.fiche_combo.setCurrentIndex(max(0, self.fiche_combo.findData(current)) if current else 0)
        self.fiche_combo.blockSignals(False)

    def current_fiche_id(self) -> str | None:
        fiche_id = self.fiche_combo.currentData()
        return str(fiche_id) if fiche_id else None

    def store_changed(self, changes: Changes) -> None:
        if self._finder is None:
            return
        if changes & {Change.FICHE, Change.STORE}:
            self.reload_fiches()
        if changes & {Change.SHORTLIST, Change.STORE, Change.FICHE}:
            self._show_shortlist()
        if changes & {Change.SCHEME, Change.STORE, Change.FICHE, Change.SCENARIO}:
            if changes & {Change.SCHEME, Change.STORE}:
                self._finder = Finder(self.context.open_store)
            self.refresh()

    def query(self) -> SchemeQuery:
        query = SchemeQuery(text=self.search_edit.text(), sort=self.sort_combo.currentData())
        self.filters.fill(query)
        if self.filters.news_only.isChecked() and self._finder is not None:
            query.only = frozenset(self._finder.news())
        if self._pinned is not None:
            query.only = self._pinned if query.only is None else query.only & self._pinned
        return query

    def show_schemes(self, keys: list[str] | None, why: str) -> None:
        """Only the schemes of the shipped catalogue named by `keys` (a lab item's links, `why` its title), whatever
        their state, until « Tout afficher » (`keys` None)."""
        from app.services.funding_catalogue import scheme_id

        if keys is None:
            self._pinned = None
            self.pinned_bar.hide()
        else:
            self.wants_focus.emit()
            self.search_edit.clear()
            self.filters.reset()
            self.fiche_combo.setCurrentIndex(0)
            self._pinned = frozenset(scheme_id(key) for key in keys)
            self.pinned_label.setText(self.tr("Dispositifs liés à « {0} » (Labo)").format(why))
            self.pinned_bar.show()
        self.refresh()

    def refresh(self) -> None:
        if self._finder is None:
            return
        self._typing.stop()
        chosen = self._chosen()
        fiche_id = self.current_fiche_id()
        try:
            if fiche_id is not None:
                page, self._matches = self._finder.match_page(fiches.load(self.context.open_store, fiche_id),
                                                              self.query())
            else:
                page, self._matches = self._finder.search(self.query()), {}
        except TerritoryCodeError as error:
            self.filters.territory.setStyleSheet("color: #b00020")
            self.count_label.setText(str(error))
            return
        self.filters.territory.setStyleSheet("")
        self.model.show(page.results, self._matches, self._finder.news())
        self.filters.show_counts(page.counts)
        self.count_label.setText(format_count(page.total, self.tr("dispositif trouvé"), self.tr("dispositifs trouvés")))
        self._show_shortlist()
        row = self.model.row_of(chosen.id) if chosen is not None else -1
        if row < 0 and self.model.rowCount():
            row = 0
        if row >= 0:
            self._auto_selected = True  # not the user's choice: a new scheme shown first stays new
            self.table.selectRow(row)
            self._auto_selected = False
        else:
            self.detail.clear()

    def _chosen(self) -> Scheme | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.scheme_at(rows[0].row()) if rows else None

    def _show_shortlist(self, chosen: str = "") -> None:
        fiche_id = self.current_fiche_id()
        if fiche_id is None:
            self.shortlist_panel.show_entries(None, [])
            return
        fiche = fiches.load(self.context.open_store, fiche_id)
        current = self.shortlist_panel.chosen()
        self.shortlist_panel.show_entries(fiche.title, shortlist.entries(self.context.open_store, fiche_id),
                                          chosen or (current.id if current else ""))

    def show_deadlines(self) -> DeadlinesDialog | None:
        """The deadlines of the next days, marked ★ when on the chosen fiche's list."""
        if self._finder is None:
            return None
        fiche_id = self.current_fiche_id()
        store = self.context.open_store
        listed = {entry.scheme_id for entry in shortlist.entries(store, fiche_id)} if fiche_id else set()
        title = fiches.load(store, fiche_id).title if fiche_id else None
        dialog = DeadlinesDialog(self._finder.schemes(), listed, title, self, lab_tasks=labs.tasks(store))
        dialog.open()
        return dialog

    def add_to_shortlist(self) -> None:
        scheme, fiche_id = self._chosen(), self.current_fiche_id()
        if scheme is None or fiche_id is None:
            return
        ok, entry = run_operation(self, lambda: shortlist.add(self.context.open_store, fiche_id, scheme.id),
                                  self.events, self.tr("Ajouter à la liste"))
        if ok and entry is not None:
            self._show_shortlist(entry.id)
            self.side.setCurrentWidget(self.shortlist_panel)
            self.notify.emit(self.tr("« {0} » ajouté aux financements sollicités.").format(entry.scheme_name), None)

    def _save_entry(self, entry: ShortlistEntry) -> None:
        ok, _saved = run_operation(self, lambda: shortlist.save(self.context.open_store, entry), self.events,
                                   self.tr("Enregistrer la demande"))
        if ok:
            self._show_shortlist(entry.id)

    def _save_attachments(self, entry: ShortlistEntry, attachments: list[Attachment]) -> None:
        """The files added or removed in the panel, saved alone (the form's unsaved values stay in the form); on a
        refusal, the panel shows again what is stored."""
        run_operation(self, lambda: shortlist.set_attachments(self.context.open_store, entry.id, attachments),
                      self.events, self.tr("Pièces jointes de la demande"))
        self._show_shortlist(entry.id)

    def _remove_entry(self, entry: ShortlistEntry) -> None:
        ok, _none = run_operation(self, lambda: shortlist.remove(self.context.open_store, entry.id), self.events,
                                  self.tr("Retirer de la liste"))
        if ok:
            self.notify.emit(self.tr("« {0} » retiré de la liste.").format(entry.scheme_name), None)

    def _entry_to_grid(self, entry: ShortlistEntry) -> None:
        ok, _line = run_operation(self, lambda: shortlist.to_grid(self.context.open_store, entry), self.events,
                                  self.tr("Reporter dans la grille"))
        if ok:
            self.notify.emit(self.tr("Montant obtenu de « {0} » reporté dans la grille de la fiche.").format(
                entry.scheme_name), None)

    def _selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        scheme = self._chosen()
        self.add_button.setEnabled(scheme is not None and self.current_fiche_id() is not None)
        if scheme is None or self._finder is None:
            self.detail.setHtml("")
            return
        news = self._finder.news().get(scheme.id, "")
        gone = self._finder.unpublished().get(scheme.id)
        notes = [NEWS_NOTES[news]] if news else []
        if gone is not None:
            notes.append(f"Plus publié par sa source depuis le {format_date(gone)} (gardé ici).")
        self.detail.setHtml(detail_html(scheme, self._matches.get(scheme.id), notes))
        if news and not self._auto_selected:
            self._finder.seen(scheme.id)
            self.model.row_changed(self.model.row_of(scheme.id))

    def choose_update(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, self.tr("Mettre à jour le catalogue"), "",
            self.tr("Catalogues (*.json *.xlsx *.csv *.essaim);;Tous les fichiers (*)"))
        if path:
            self.update_from(Path(path))

    def update_from(self, path: Path) -> CatalogueUpdateDialog | None:
        """Read the file and preview what it would change (behind a progress dialog); the dialog applies it."""
        from app.imports.detect import is_package
        from app.services import catalogue_update

        if is_package(path):
            QMessageBox.information(self, self.tr("Paquet de catalogue"), self.tr(
                "Un paquet .essaim s'importe dans l'espace Échanges (Ctrl+5) : glissez-le sur la fenêtre ou "
                "choisissez « Importer un paquet… »."))
            return None
        store = self.context.open_store
        result = run_with_progress(
            self, self.tr("Mettre à jour le catalogue"), self.tr("Lecture de « {0} »…").format(path.name),
            lambda report: catalogue_update.preview_file(store, path, progress=report),
            catalogue_update.UpdateCancelled, self.tr("Fichier refusé"))
        if result is None:
            return None
        dialog = CatalogueUpdateDialog(result, self)
        dialog.accepted.connect(lambda: self._apply_update(dialog))
        self.update_dialog = dialog
        dialog.open()
        return dialog

    def _apply_update(self, dialog: CatalogueUpdateDialog) -> None:
        from app.services import catalogue_update

        store = self.context.open_store
        outcome = run_with_progress(
            self, self.tr("Mettre à jour le catalogue"), self.tr("Mise à jour du catalogue…"),
            lambda report: catalogue_update.apply(store, dialog.preview, dialog.decisions(), progress=report),
            catalogue_update.UpdateCancelled, self.tr("Mise à jour impossible"), self.events)
        if outcome is not None:
            self.notify.emit(self.tr("Catalogue mis à jour : {0} ajoutés, {1} mis à jour, {2} liés, {3} plus publiés.")
                             .format(outcome.added, outcome.updated, outcome.linked, outcome.unpublished), None)

    def choose_export(self, kind: str) -> None:
        suffix = {"xlsx": "xlsx", "dispositif-aide": "csv", "paquet": "essaim"}[kind]
        path, _filter = QFileDialog.getSaveFileName(self, self.tr("Exporter le catalogue"), f"catalogue.{suffix}",
                                                    f"*.{suffix}")
        if path:
            self.export_to(kind, Path(path))

    def export_to(self, kind: str, path: Path) -> None:
        """What the search and filters show (local variants included) written as `kind`."""
        if self._finder is None:
            return
        page = self._finder.search(self.query())
        schemes = page.schemes()
        ok, _done = run_operation(self, lambda: export_catalogue(self.context.open_store, kind, schemes, path), None,
                                  self.tr("Exporter le catalogue"))
        if ok:
            self.notify.emit(self.tr("{0} dispositifs exportés dans {1}.").format(len(schemes), path.name), None)


NEWS_NOTES = {"nouveau": "Nouveau depuis la dernière mise à jour du catalogue.",
              "modifie": "Modifié par la dernière mise à jour du catalogue."}


def detail_html(scheme: Scheme, match: Match | None = None, notes: list[str] | None = None) -> str:
    """The scheme's values as a small HTML page for the detail pane (addresses clickable), after `notes` (new
    since the last update, no longer published) and why it fits the fiche of the match, what does not fit and
    what is unknown."""
    rows = [f"<p><i>{html.escape(note)}</i></p>" for note in notes or []]
    if match is not None:
        for title, lines in (("Pourquoi il convient", match.reasons), ("Ce qui ne convient pas", match.misfits),
                             ("Ce qu'on ne sait pas", match.unknowns)):
            if lines:
                items = "".join(f"<li>{html.escape(line)}</li>" for line in lines)
                rows.append(f"<p><b>{html.escape(title)}</b></p><ul>{items}</ul>")
    for value in scheme_values(scheme):
        text = html.escape(value.value).replace("\n", "<br>")
        if value.value.startswith(("http://", "https://")):
            text = f'<a href="{html.escape(value.value, quote=True)}">{text}</a>'
        rows.append(f"<p><b>{html.escape(value.label)}</b><br>{text}</p>")
    return f"<h3>{html.escape(scheme.name)}</h3>" + "".join(rows)
