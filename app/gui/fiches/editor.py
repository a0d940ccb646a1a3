"""The fiche editor: sections with a table of contents, inline validation, undo/redo, autosave."""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QFormLayout,
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
    FIELD_HINTS,
    FIELD_LABELS,
    Contact,
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
from app.domain.vocabulary import (
    EVIDENCE_REFERENCE,
    OBJECTIVE_AIMS,
    EvaluationMethod,
    EvidenceLevel,
    FicheStatus,
    InnovationIntensity,
    InnovationNature,
    InnovationObject,
    PartnerRole,
    ProjectPhase,
    ScalingObjective,
    Stage,
    StructureType,
    TerritoryKind,
    Theme,
)
from app.gui.fiches.attachment_panel import AttachmentPanel, accept_file_drag, dropped_files
from app.gui.fiches.factor_grid import FactorGrid
from app.gui.fiches.form_fields import (
    ChoiceField,
    FormField,
    LineField,
    MultiChoiceField,
    ParsedField,
    TagsField,
    TextField,
    TriStateField,
)
from app.gui.fiches.place_fields import PlaceCompletion
from app.gui.fiches.row_table import Column, RowTable
from app.gui.fiches.scaling_fields import ScalingModelsField, ScalingVariantsField
from app.gui.i18n import translate_caption, translate_field, translate_label, translate_section
from app.gui.metrics import chars_wide
from app.gui.snapshot_editor import SnapshotEditor

F = TypeVar("F", bound=QWidget)
SPLIT_FIELDS = {"start_date": ("start_date", "start_precision")}
"""Fields whose one widget edits several fields of the fiche: (date, precision)."""


class FicheEditor(SnapshotEditor):
    """Edits one `FicheData`. `save_requested` asks the owner to store it; `saved()` tells it was stored.

    Every field of the fiche is a `FormField` bound by its name: its caption comes from `FIELD_LABELS`
    (and `FIELD_HINTS`), `collect()` and `show_state()` read and fill them all alike.
    """

    def __init__(self, data_dir: Path, parent: QWidget | None = None) -> None:
        self.data_dir = data_dir
        self._fields: dict[str, FormField] = {}
        self._error_labels: dict[str, QLabel] = {}
        self._holders: dict[str, QWidget] = {}
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
        widest = max(self.toc.fontMetrics().horizontalAdvance(box.title()) for box in self._sections.values())
        self.toc.setFixedWidth(widest + chars_wide(self, 4))
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidget(body)
        self.scroll_area.setWidgetResizable(True)
        self.toc.currentRowChanged.connect(self._jump_to_section)
        panes = QHBoxLayout()
        panes.addWidget(self.toc)
        panes.addWidget(self.scroll_area, 1)
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

    def _bind(self, form: QFormLayout, key: str, widget: F, *, shortcut: bool = False, required: bool = False,
              whole_row: bool = False) -> F:
        """Add the field widget of `key` (a `FormField`) to `form`, captioned with its label unless it takes the
        `whole_row` (the section's title names it); `shortcut` gives the caption an Alt+letter, `required` a star."""
        assert isinstance(widget, FormField)
        self._fields[key] = widget
        widget.changed.connect(lambda: self.edited(key))
        self._labels[key] = translate_field(FIELD_LABELS[key])
        error = QLabel()
        error.setObjectName(f"error_{key}")
        error.setStyleSheet("color: #b00020")
        error.setWordWrap(True)
        error.hide()
        self._error_labels[key] = error
        holder = QWidget()
        self._holders[key] = holder
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(widget)
        column.addWidget(error)
        if whole_row:
            form.addRow(holder)
        else:
            caption = QLabel(("&" if shortcut else "") + translate_caption(FIELD_LABELS[key], FIELD_HINTS.get(key, ""))
                             + (" *" if required else ""))
            caption.setBuddy(widget)
            form.addRow(caption, holder)
        widget.setObjectName(f"field_{key}")
        for text_input in (widget, *widget.findChildren(QLineEdit), *widget.findChildren(QPlainTextEdit)):
            if isinstance(text_input, (QLineEdit, QPlainTextEdit)):
                self.watch_text_input(key, text_input)
        return widget

    def _table(self, form: QFormLayout, key: str, row_type: type, columns: list[Column]) -> RowTable:
        return self._bind(form, key, RowTable(row_type, columns))

    def _build_identite(self) -> None:
        form = self._section("identite")
        self.title_edit = self._bind(form, "title", LineField(self.tr("Nom court de l'initiative")),
                                     shortcut=True, required=True)
        self._bind(form, "summary", TextField(3))
        self._bind(form, "status", ChoiceField(FicheStatus))
        self._bind(form, "tags", TagsField())

    def _build_porteur(self) -> None:
        form = self._section("porteur")
        self.structure_edit = self._bind(form, "structure_name", LineField(), shortcut=True, required=True)
        self._bind(form, "structure_type", ChoiceField(StructureType))
        commune = self._bind(form, "commune", LineField(self.tr("tapez un nom ou un code INSEE, puis choisissez")))
        insee_code = self._bind(form, "insee_code", LineField(self.tr("ex. 38185")))
        self.places = PlaceCompletion(commune, insee_code)
        self.places.chosen.connect(self._fill_place)
        self._bind(form, "departement", LineField())
        self._bind(form, "region", LineField())
        self._bind(form, "territory_kind", ChoiceField(TerritoryKind))
        self._table(form, "contacts", Contact, [
            Column("name", self.tr("Nom"), stretch=True), Column("role", self.tr("Rôle")),
            Column("email", self.tr("E-mail")), Column("phone", self.tr("Téléphone"))])
        self.erase_personal_button = QPushButton(self.tr("Effacer les données personnelles de cette fiche…"))
        form.addRow("", self.erase_personal_button)

    def _build_besoin(self) -> None:
        form = self._section("besoin")
        self._bind(form, "need", TextField(3))
        self._bind(form, "target_public", TextField(2))
        self._bind(form, "beneficiaries_per_year", ParsedField("int", "ex. 250"))
        self._bind(form, "themes", MultiChoiceField(Theme))

    def _build_dispositif(self) -> None:
        form = self._section("dispositif")
        self.stage_field = self._bind(form, "stage", ChoiceField(Stage))
        self.stop_reason_field = self._bind(form, "stop_reason", TextField(3))
        self.stage_field.changed.connect(self._show_stop_reason)
        self.stop_reason_field.setPlaceholderText(self.tr(
            "Ce qui a conduit à l'arrêt ; ce qu'il a appris va dans « Enseignements » (section Résultats)."))
        self._dispositif_form = form
        self._bind(form, "start_date", ParsedField("partial_date", self.tr("AAAA, MM/AAAA ou JJ/MM/AAAA")))
        self._table(form, "steps", Step, [Column("text", self.tr("Ce qui est fait"), stretch=True)])
        self._table(form, "human_means", HumanMean, [
            Column("role", self.tr("Rôle"), stretch=True), Column("fte", self.tr("ETP"), "decimal")])
        self._table(form, "sites", Site, [
            Column("name", self.tr("Site"), stretch=True), Column("commune", self.tr("Commune")),
            Column("since_year", self.tr("Depuis (année)"), "int"),
            Column("taken_up", self.tr("Reprise par essaimage"), "bool")])

    def _build_partenaires(self) -> None:
        form = self._section("partenaires")
        self._table(form, "partners", Partner, [
            Column("name", self.tr("Nom"), stretch=True),
            Column("structure_type", self.tr("Type"), "choice", StructureType),
            Column("role", self.tr("Rôle"), "choice", PartnerRole),
            Column("contribution", self.tr("Apport"), stretch=True),
            Column("phase", self.tr("Phase"), "choice", ProjectPhase)])
        self._bind(form, "public_role", TextField(3)).setPlaceholderText(self.tr(
            "Ce que les collectivités et l'État ont fait pour l'initiative, ou ce qui a freiné leur soutien."))

    def _build_caracterisation(self) -> None:
        form = self._section("caracterisation")
        self._bind(form, "natures", MultiChoiceField(InnovationNature, 4))
        self._bind(form, "objects", MultiChoiceField(InnovationObject))
        self._bind(form, "intensity", ChoiceField(InnovationIntensity))

    def _build_resultats(self) -> None:
        form = self._section("resultats")
        self._bind(form, "objectives", TextField(2))
        self._bind(form, "impacts", TextField(3))
        self._table(form, "indicators", Indicator, [
            Column("name", self.tr("Indicateur"), stretch=True), Column("unit", self.tr("Unité")),
            Column("baseline", self.tr("Départ"), "decimal"), Column("target", self.tr("Cible"), "decimal"),
            Column("measured", self.tr("Mesure"), "decimal"), Column("measured_on", self.tr("Date"), "date")])
        self._bind(form, "evaluation_method", ChoiceField(EvaluationMethod))
        self._bind(form, "evaluation_duration", LineField(self.tr("ex. cinq ans")))
        self._bind(form, "evaluation_committee", TextField(2))
        self._bind(form, "evaluator", LineField(self.tr("ex. un laboratoire de sociologie, la structure elle-même")))
        self._bind(form, "evaluation_findings", TextField(3))
        evidence = self._bind(form, "evidence_level", ChoiceField(EvidenceLevel))
        evidence.setToolTip(translate_label(EVIDENCE_REFERENCE))
        self._bind(form, "lessons", TextField(3))

    def _build_facteurs(self) -> None:
        form = self._section("facteurs")
        self._bind(form, "factors", FactorGrid(), whole_row=True)
        self._bind(form, "difficulties", TextField(3))
        self._bind(form, "levers_helped", TextField(3))
        self._bind(form, "levers_for_others", TextField(3))

    def _build_essaimage(self) -> None:
        form = self._section("essaimage")
        objectives = self._bind(form, "scaling_objectives",
                                MultiChoiceField(ScalingObjective, 1, groups=OBJECTIVE_AIMS))
        self.models_field = self._bind(form, "scaling_models", ScalingModelsField())
        self.variants_field = self._bind(form, "scaling_variants", ScalingVariantsField())
        objectives.changed.connect(lambda: self.models_field.show_suggestions(objectives.value()))
        self.models_field.changed.connect(lambda: self.variants_field.follow_models(self.models_field.value()))
        self._bind(form, "core_concept", TextField(3))
        self._bind(form, "room_to_adapt", TextField(3))
        self._bind(form, "initiator_willing", TriStateField())
        self._bind(form, "initiator_available", TriStateField())
        self._bind(form, "materials_ready", TriStateField())
        self._bind(form, "readiness_notes", TextField(2))

    def _build_ressources(self) -> None:
        form = self._section("ressources")
        self.attachments = self._bind(form, "attachments", AttachmentPanel(self.data_dir), whole_row=True)
        self.attachment_list = self.attachments.list

    def _build_sources(self) -> None:
        form = self._section("sources")
        self._table(form, "sources", Source, [
            Column("title", self.tr("Titre"), stretch=True), Column("url", self.tr("Lien")),
            Column("note", self.tr("Note"))])

    def _fill_place(self, fields: dict[str, str]) -> None:
        """A commune chosen fills its fields as one undo step."""
        def fill() -> None:
            for key, value in fields.items():
                self._fields[key].set_value(value)

        self.edit_together("commune", fill)

    # -- state ---------------------------------------------------------------------------------
    def blank_state(self) -> FicheData:
        return FicheData()

    def collect(self) -> FicheData:
        data = FicheData(id=self._state.id, is_example=self._state.is_example)
        for key, field in self._fields.items():
            value = field.value()
            for name, part in zip(SPLIT_FIELDS[key], value, strict=True) if key in SPLIT_FIELDS else [(key, value)]:
                setattr(data, name, part)
        return data

    def show_state(self, data: FicheData) -> None:
        for key, field in self._fields.items():
            field.set_value(tuple(getattr(data, name) for name in SPLIT_FIELDS[key]) if key in SPLIT_FIELDS
                            else getattr(data, key))
        self.models_field.show_suggestions(data.scaling_objectives)
        self.variants_field.follow_models(data.scaling_models)
        self._show_stop_reason()

    def _show_stop_reason(self) -> None:
        """Why it stopped: asked of a stopped initiative, and shown whenever it says something."""
        shown = self.stage_field.value() == Stage.ARRETEE or bool(self.stop_reason_field.value())
        self._dispositif_form.setRowVisible(self._holders["stop_reason"], shown)

    def state_shown(self) -> None:
        self.heading.setText(self._state.title or self.tr("(sans titre)"))

    def find_errors(self, data: FicheData) -> list[FieldError]:
        errors = validate(data)
        for key, field in self._fields.items():
            errors += [FieldError(key, message) for message in field.input_errors()]
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
        self.scroll_area.verticalScrollBar().setValue(box.y())

    def show_section(self, key: str) -> None:
        self.toc.setCurrentRow(list(self._sections).index(key))

    # -- files dropped on the fiche ------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        accept_file_drag(self, event)

    def dropEvent(self, event: QDropEvent) -> None:
        paths = dropped_files(event)
        if paths:
            self.attachments.add_files(paths)
            self.show_section("ressources")
            event.acceptProposedAction()
