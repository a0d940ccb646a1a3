"""The fiche editor: sections with a table of contents, inline validation, undo/redo, autosave."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.domain.fiche import (
    FACTOR_RATING_LABELS,
    Attachment,
    Contact,
    FactorRating,
    FicheData,
    FieldError,
    HumanMean,
    Indicator,
    Partner,
    Site,
    Source,
    Step,
    validate,
)
from app.domain.fiche_sections import SECTION_TITLES
from app.domain.formats import format_decimal
from app.domain.vocabulary import (
    EvaluationMethod,
    EvidenceLevel,
    FicheStatus,
    InnovationIntensity,
    InnovationNature,
    InnovationObject,
    KeySuccessFactor,
    PartnerRole,
    ProjectPhase,
    ScalingModel,
    ScalingObjective,
    Stage,
    StructureType,
    TerritoryKind,
    Theme,
)
from app.gui.fiches.form_fields import ChoiceField, LineField, MultiChoiceField, ParsedField, TextField, TriStateField
from app.gui.fiches.row_table import Column, RowTable
from app.gui.i18n import translate_label, translate_section
from app.gui.metrics import chars_wide
from app.gui.snapshot_editor import SnapshotEditor
from app.services.attachments import blob_path, import_file



class FicheEditor(SnapshotEditor):
    """Edits one `FicheData`. `save_requested` asks the owner to store it; `saved()` tells it was stored."""

    def __init__(self, data_dir: Path, parent: QWidget | None = None) -> None:
        self.data_dir = data_dir
        self._bindings: dict[str, tuple[Callable[[], Any], Callable[[Any], None]]] = {}
        self._error_labels: dict[str, QLabel] = {}
        self._parsed: list[ParsedField] = []
        self._tables: dict[str, RowTable] = {}
        self._sections: dict[str, QGroupBox] = {}
        super().__init__(parent)
        self.setAcceptDrops(True)
        self._build()
        self.setEnabled(False)

    # -- building ------------------------------------------------------------------------------
    def _build(self) -> None:
        self.toc = QListWidget()
        self.toc.setObjectName("tableOfContents")
        self.toc.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        body = QWidget()
        self.body_layout = QVBoxLayout(body)
        self._build_identite()
        self._build_porteur()
        self._build_besoin()
        self._build_dispositif()
        self._build_partenaires()
        self._build_caracterisation()
        self._build_resultats()
        self._build_facteurs()
        self._build_essaimage()
        self._build_ressources()
        self._build_sources()
        self.body_layout.addStretch(1)
        widest = max(self.toc.fontMetrics().horizontalAdvance(title) for title in (b.title() for b in self._sections.values()))
        self.toc.setFixedWidth(widest + chars_wide(self, 4))
        self.scroll = QScrollArea()
        self.scroll.setWidget(body)
        self.scroll.setWidgetResizable(True)
        self.toc.currentRowChanged.connect(self._jump_to_section)
        panes = QHBoxLayout()
        panes.addWidget(self.toc)
        panes.addWidget(self.scroll, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.heading = QLabel()
        self.heading.setObjectName("editorHeading")
        font = self.heading.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.25)
        self.heading.setFont(font)
        self.heading.setWordWrap(True)
        layout.addWidget(self.heading)
        layout.addWidget(self.save_state)
        layout.addLayout(panes, 1)

    def _section(self, key: str) -> QFormLayout:
        box = QGroupBox(translate_section(SECTION_TITLES[key]))
        box.setObjectName(f"section_{key}")
        form = QFormLayout(box)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.body_layout.addWidget(box)
        self._sections[key] = box
        self.toc.addItem(QListWidgetItem(box.title()))
        return form

    def _bind(self, form: QFormLayout, key: str, label: str, widget: QWidget,
              getter: Callable[[], Any] | None = None, setter: Callable[[Any], None] | None = None) -> QWidget:
        self._labels[key] = label
        error = QLabel()
        error.setObjectName(f"error_{key}")
        error.setStyleSheet("color: #b00020")
        error.setWordWrap(True)
        error.hide()
        self._error_labels[key] = error
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(widget)
        column.addWidget(error)
        caption = QLabel(label)
        caption.setBuddy(widget)
        form.addRow(caption, holder)
        self._bindings[key] = (getter or widget.value, setter or widget.set_value)  # type: ignore[attr-defined]
        widget.changed.connect(lambda: self.edited(key))  # type: ignore[attr-defined]
        if isinstance(widget, ParsedField):
            self._parsed.append(widget)
        if isinstance(widget, RowTable):
            self._tables[key] = widget
        if isinstance(widget, (QLineEdit, QPlainTextEdit)):
            widget.installEventFilter(self)
        widget.setObjectName(f"field_{key}")
        return widget

    def _table(self, form: QFormLayout, key: str, label: str, row_type: type, columns: list[Column]) -> RowTable:
        table = RowTable(row_type, columns)
        self._bind(form, key, label, table, table.rows, table.set_rows)
        return table

    def _build_identite(self) -> None:
        form = self._section("identite")
        self.title_edit = self._bind(form, "title", self.tr("&Titre *"), LineField(self.tr("Nom court de l'initiative")))
        self._bind(form, "summary", self.tr("Résumé"), TextField(3))
        self._bind(form, "status", self.tr("Statut"), ChoiceField(FicheStatus))
        tags = LineField(self.tr("mots-clés séparés par des virgules"))
        self._bind(form, "tags", self.tr("Mots-clés"), tags,
                   lambda: [t.strip() for t in tags.value().split(",") if t.strip()],
                   lambda values: tags.set_value(", ".join(values)))

    def _build_porteur(self) -> None:
        form = self._section("porteur")
        self.structure_edit = self._bind(form, "structure_name", self.tr("&Structure porteuse *"), LineField())
        self._bind(form, "structure_type", self.tr("Type de structure"), ChoiceField(StructureType))
        self._bind(form, "commune", self.tr("Commune"), LineField())
        self._bind(form, "insee_code", self.tr("Code INSEE"), LineField(self.tr("ex. 38185")))
        self._bind(form, "departement", self.tr("Département"), LineField())
        self._bind(form, "region", self.tr("Région"), LineField())
        self._bind(form, "territory_kind", self.tr("Type de territoire"), ChoiceField(TerritoryKind))
        self._table(form, "contacts", self.tr("Contacts\n(données personnelles)"), Contact, [
            Column("name", self.tr("Nom"), stretch=True), Column("role", self.tr("Rôle")),
            Column("email", self.tr("E-mail")), Column("phone", self.tr("Téléphone"))])
        self.erase_personal_button = QPushButton(self.tr("Effacer les données personnelles de cette fiche…"))
        form.addRow("", self.erase_personal_button)

    def _build_besoin(self) -> None:
        form = self._section("besoin")
        self._bind(form, "need", self.tr("Besoin social"), TextField(3))
        self._bind(form, "target_public", self.tr("Public visé"), TextField(2))
        self._bind(form, "beneficiaries_per_year", self.tr("Bénéficiaires par an"), ParsedField("int", "ex. 250"))
        self._bind(form, "themes", self.tr("Thématiques"), MultiChoiceField(Theme))

    def _build_dispositif(self) -> None:
        form = self._section("dispositif")
        self._bind(form, "stage", self.tr("Stade"), ChoiceField(Stage))
        self._bind(form, "start_date", self.tr("Date de démarrage"), ParsedField("date", self.tr("JJ/MM/AAAA")))
        self._table(form, "steps", self.tr("Étapes"), Step, [Column("text", self.tr("Ce qui est fait"), stretch=True)])
        self._table(form, "human_means", self.tr("Moyens humains"), HumanMean, [
            Column("role", self.tr("Rôle"), stretch=True), Column("fte", self.tr("ETP"), "decimal")])
        self._table(form, "sites", self.tr("Sites"), Site, [
            Column("name", self.tr("Site"), stretch=True), Column("commune", self.tr("Commune")),
            Column("since_year", self.tr("Depuis (année)"), "int"),
            Column("taken_up", self.tr("Reprise par essaimage"), "bool")])

    def _build_partenaires(self) -> None:
        form = self._section("partenaires")
        self._table(form, "partners", self.tr("Partenaires"), Partner, [
            Column("name", self.tr("Nom"), stretch=True),
            Column("structure_type", self.tr("Type"), "choice", StructureType),
            Column("role", self.tr("Rôle"), "choice", PartnerRole),
            Column("contribution", self.tr("Apport"), stretch=True),
            Column("phase", self.tr("Phase"), "choice", ProjectPhase)])

    def _build_caracterisation(self) -> None:
        form = self._section("caracterisation")
        self._bind(form, "natures", self.tr("Nature"), MultiChoiceField(InnovationNature, 4))
        self._bind(form, "objects", self.tr("Objets"), MultiChoiceField(InnovationObject))
        self._bind(form, "intensity", self.tr("Intensité"), ChoiceField(InnovationIntensity))

    def _build_resultats(self) -> None:
        form = self._section("resultats")
        self._bind(form, "objectives", self.tr("Objectifs"), TextField(2))
        self._bind(form, "impacts", self.tr("Impacts observés"), TextField(3))
        self._table(form, "indicators", self.tr("Indicateurs"), Indicator, [
            Column("name", self.tr("Indicateur"), stretch=True), Column("unit", self.tr("Unité")),
            Column("baseline", self.tr("Départ"), "decimal"), Column("target", self.tr("Cible"), "decimal"),
            Column("measured", self.tr("Mesure"), "decimal"), Column("measured_on", self.tr("Date"), "date")])
        self._bind(form, "evaluation_method", self.tr("Méthode d'évaluation"), ChoiceField(EvaluationMethod))
        self._bind(form, "evidence_level", self.tr("Niveau de preuve (Nesta)"), ChoiceField(EvidenceLevel))
        self._bind(form, "lessons", self.tr("Enseignements"), TextField(3))

    def _build_facteurs(self) -> None:
        form = self._section("facteurs")
        grid_holder = QWidget()
        grid = QGridLayout(grid_holder)
        grid.setContentsMargins(0, 0, 0, 0)
        self._factor_widgets: dict[str, tuple[ChoiceFieldRating, LineField]] = {}
        for n, factor in enumerate(KeySuccessFactor):
            caption = QLabel(translate_label(factor.label))
            caption.setWordWrap(True)
            rating = ChoiceFieldRating()
            comment = LineField(self.tr("commentaire"))
            for widget in (rating, comment):
                widget.changed.connect(lambda: self.edited("factors"))
            comment.installEventFilter(self)
            grid.addWidget(caption, n, 0)
            grid.addWidget(rating, n, 1)
            grid.addWidget(comment, n, 2)
            self._factor_widgets[factor.value] = (rating, comment)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(2, 2)
        form.addRow(grid_holder)
        self._labels["factors"] = self.tr("Facteurs clés")
        self._bindings["factors"] = (self._factors_value, self._set_factors)
        self._bind(form, "difficulties", self.tr("Difficultés rencontrées"), TextField(3))
        self._bind(form, "levers_helped", self.tr("Leviers qui ont aidé"), TextField(3))
        self._bind(form, "levers_for_others", self.tr("Leviers pour d'autres territoires"), TextField(3))

    def _factors_value(self) -> list[FactorRating]:
        result = []
        for code, (rating, comment) in self._factor_widgets.items():
            if rating.value() is not None or comment.value().strip():
                result.append(FactorRating(code, rating.value(), comment.value()))
        return result

    def _set_factors(self, factors: list[FactorRating]) -> None:
        by_code = {factor.factor: factor for factor in factors}
        for code, (rating, comment) in self._factor_widgets.items():
            factor = by_code.get(code)
            rating.set_value(factor.rating if factor else None)
            comment.set_value(factor.comment if factor else "")

    def _build_essaimage(self) -> None:
        form = self._section("essaimage")
        self._bind(form, "scaling_objectives", self.tr("Objectifs"), MultiChoiceField(ScalingObjective, 1))
        self._bind(form, "scaling_models", self.tr("Modèles"), MultiChoiceField(ScalingModel))
        self._bind(form, "core_concept", self.tr("Cœur du concept\n(ce qui ne change pas)"), TextField(3))
        self._bind(form, "room_to_adapt", self.tr("Marges d'adaptation"), TextField(3))
        self._bind(form, "initiator_willing", self.tr("Porteur prêt à transmettre"), TriStateField())
        self._bind(form, "initiator_available", self.tr("Porteur disponible"), TriStateField())
        self._bind(form, "materials_ready", self.tr("Supports réutilisables prêts"), TriStateField())
        self._bind(form, "readiness_notes", self.tr("Précisions"), TextField(2))

    def _build_ressources(self) -> None:
        form = self._section("ressources")
        self.attachment_list = QListWidget()
        self.attachment_list.setObjectName("attachments")
        self.attachment_list.setMinimumHeight(self.fontMetrics().lineSpacing() * 5)
        hint = QLabel(self.tr("Glissez des fichiers ici ou sur la fiche (supports, maquettes, conventions, budgets…)."))
        hint.setWordWrap(True)
        buttons = QHBoxLayout()
        add = QPushButton(self.tr("Ajouter des fichiers…"))
        add.clicked.connect(self._choose_attachments)
        self.open_attachment_button = QPushButton(self.tr("Ouvrir"))
        self.open_attachment_button.clicked.connect(self.open_selected_attachment)
        remove = QPushButton(self.tr("Retirer"))
        remove.clicked.connect(self._remove_attachment)
        for button in (add, self.open_attachment_button, remove):
            buttons.addWidget(button)
        buttons.addStretch(1)
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(hint)
        column.addWidget(self.attachment_list)
        column.addLayout(buttons)
        self.attachment_error = QLabel()
        self.attachment_error.setStyleSheet("color: #b00020")
        self.attachment_error.setWordWrap(True)
        self.attachment_error.hide()
        column.addWidget(self.attachment_error)
        form.addRow(holder)
        self._labels["attachments"] = self.tr("Pièces jointes")
        self._bindings["attachments"] = (self._attachments_value, self._set_attachments)
        self.attachment_list.itemDoubleClicked.connect(lambda _item: self.open_selected_attachment())

    def _attachments_value(self) -> list[Attachment]:
        return [self.attachment_list.item(n).data(Qt.ItemDataRole.UserRole)
                for n in range(self.attachment_list.count())]

    def _set_attachments(self, attachments: list[Attachment]) -> None:
        self.attachment_list.clear()
        for attachment in attachments:
            text = f"{attachment.file_name} ({format_decimal(attachment.size)} octets)"
            if attachment.label:
                text += f" — {attachment.label}"
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, copy.deepcopy(attachment))
            self.attachment_list.addItem(item)

    def _build_sources(self) -> None:
        form = self._section("sources")
        self._table(form, "sources", self.tr("Sources"), Source, [
            Column("title", self.tr("Titre"), stretch=True), Column("url", self.tr("Lien")),
            Column("note", self.tr("Note"))])

    # -- state ---------------------------------------------------------------------------------
    def blank_state(self) -> FicheData:
        return FicheData()

    def collect(self) -> FicheData:
        data = FicheData(id=self._state.id, is_example=self._state.is_example)
        for key, (getter, _setter) in self._bindings.items():
            setattr(data, key, getter())
        return data

    def show_state(self, data: FicheData) -> None:
        for key, (_getter, setter) in self._bindings.items():
            setter(getattr(data, key))

    def state_shown(self) -> None:
        self.heading.setText(self._state.title or self.tr("(sans titre)"))

    def find_errors(self, data: FicheData) -> list[FieldError]:
        errors = validate(data)
        for field in self._parsed:
            if field.error:
                errors.append(FieldError(field.objectName().removeprefix("field_"), field.error))
        for key, table in self._tables.items():
            errors += [FieldError(key, message) for message in table.parse_errors]
        return errors

    def show_errors(self, errors: list[FieldError]) -> None:
        by_field: dict[str, list[str]] = {}
        for error in errors:
            by_field.setdefault(error.field.split(".")[0], []).append(error.message)
        for key, label in self._error_labels.items():
            messages = by_field.get(key, [])
            label.setText("\n".join(messages))
            label.setVisible(bool(messages))

    @property
    def fiche_id(self) -> str:
        return self.record_id

    # -- table of contents ---------------------------------------------------------------------
    def _jump_to_section(self, row: int) -> None:
        if row < 0:
            return
        box = list(self._sections.values())[row]
        self.scroll.verticalScrollBar().setValue(box.y())

    def show_section(self, key: str) -> None:
        self.toc.setCurrentRow(list(self._sections).index(key))

    # -- attachments ---------------------------------------------------------------------------
    def add_attachment_files(self, paths: list[Path]) -> None:
        """Copy the files into the store and attach them; refused files are said in French."""
        problems = []
        for path in paths:
            try:
                attachment = import_file(self.data_dir, path)
            except Exception as error:  # noqa: BLE001 - AttachmentError and OS errors are told the same way
                problems.append(str(error))
                continue
            self._set_attachments([*self._attachments_value(), attachment])
        self.attachment_error.setText("\n".join(problems))
        self.attachment_error.setVisible(bool(problems))
        self.edited("attachments")

    def _choose_attachments(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, self.tr("Ajouter des pièces jointes"))
        if paths:
            self.add_attachment_files([Path(p) for p in paths])

    def _remove_attachment(self) -> None:
        row = self.attachment_list.currentRow()
        if row >= 0:
            self.attachment_list.takeItem(row)
            self.edited("attachments")

    def open_selected_attachment(self) -> None:
        item = self.attachment_list.currentItem()
        if item is not None:
            attachment: Attachment = item.data(Qt.ItemDataRole.UserRole)
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(blob_path(self.data_dir, attachment.sha256))))

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        urls = event.mimeData().urls()
        if self.isEnabled() and urls and not any(url.toLocalFile().lower().endswith(".essaim") for url in urls):
            event.acceptProposedAction()
        else:
            event.ignore()  # an .essaim package goes to the main window, which imports it

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        paths = [Path(url.toLocalFile()) for url in event.mimeData().urls() if url.isLocalFile()]
        if paths:
            self.add_attachment_files(paths)
            self.show_section("ressources")
            event.acceptProposedAction()


class ChoiceFieldRating(QComboBox):
    """The weight of a key success factor: not rated, or 0 to 3."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.addItem(self.tr("— non noté —"), None)
        for rating, text in FACTOR_RATING_LABELS.items():
            self.addItem(f"{rating} – {self.tr(text)}", rating)
        self.currentIndexChanged.connect(lambda _i: self.changed.emit())

    def value(self) -> int | None:
        return self.currentData()

    def set_value(self, value: int | None) -> None:
        self.setCurrentIndex(max(0, self.findData(value)) if value is not None else 0)
