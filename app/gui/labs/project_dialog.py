"""The questions a lab project answers before its checklist is drawn up (and may answer again later): create or join,
which of the study's two models, how many inhabitants, which template."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.domain.formats import format_count, format_decimal
from app.domain.lab_template import LabAnswers, LabModel, LabPath, LabTemplate, not_applicable_reason
from app.gui.i18n import translate_label
from app.gui.metrics import chars_wide, lines_high

SMALL_CCAS = 20_000
"""The study advises a CCAS of this size to join a lab rather than create one (UNCCAS, « Fabriquer »)."""


class LabProjectDialog(QDialog):
    """A new project's questions (`templates` to choose from), or an existing one's answers to change (`answers`
    given: the name and template are then fixed)."""

    def __init__(self, templates: list[LabTemplate], parent: QWidget | None = None,
                 answers: LabAnswers | None = None, name: str = "", structure: str = "") -> None:
        super().__init__(parent)
        self.templates = templates
        editing = answers is not None
        self.setWindowTitle(self.tr("Réponses du projet de lab") if editing else self.tr("Nouveau projet de lab"))
        answers = answers or LabAnswers()
        self.name = QLineEdit(name)
        self.name.setObjectName("labName")
        self.name.setPlaceholderText(self.tr("ex. Lab d'innovation sociale du CCAS de Vif"))
        self.structure = QLineEdit(structure)
        self.structure.setObjectName("labStructure")
        self.structure.setPlaceholderText(self.tr("ex. CCAS de Vif"))
        self.template = QComboBox()
        self.template.setObjectName("labTemplate")
        for template in templates:
            self.template.addItem(template.title, template.id)
        self.template.setEnabled(not editing and len(templates) > 1)
        self.path_group, path_box = self._choices("labPath", self.tr("Créer ou rejoindre ?"), LabPath, answers.path)
        self.model_group, model_box = self._choices("labModel", self.tr("Quel modèle de lab ?"), LabModel,
                                                    answers.model)
        self.population = QSpinBox()
        self.population.setObjectName("labPopulation")
        self.population.setRange(0, 100_000_000)
        self.population.setSingleStep(1000)
        self.population.setGroupSeparatorShown(True)
        self.population.setSpecialValueText(self.tr("non renseigné"))
        self.population.setValue(answers.population or 0)
        self.model_note = QLabel()
        self.model_note.setObjectName("labModelNote")
        self.model_note.setWordWrap(True)
        self.model_note.setStyleSheet("color: #505050")
        self.advice = QLabel()
        self.advice.setObjectName("labAdvice")
        self.advice.setWordWrap(True)
        self.advice.setStyleSheet("color: #8a5a00")
        self.count = QLabel()
        self.count.setObjectName("labCount")
        self.count.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("&Nom du projet"), self.name)
        form.addRow(self.tr("&Structure"), self.structure)
        form.addRow(self.tr("&Habitants de la commune ou de l'intercommunalité"), self.population)
        form.addRow(self.tr("&Modèle de liste"), self.template)
        self.name.setEnabled(not editing)
        self.structure.setEnabled(not editing)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(
            self.tr("Appliquer les réponses") if editing else self.tr("Commencer le projet"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr(
            "La liste suit l'étude de l'UNCCAS « Fabriquer ». Innover n'exige pas de créer un lab : rejoindre un lab "
            "existant est une issue valable. Les éléments qui ne s'appliquent pas à vos réponses restent visibles, "
            "marqués « sans objet » avec leur raison ; vous pourrez changer ces réponses plus tard."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(path_box)
        layout.addWidget(model_box)
        layout.addWidget(self.model_note)
        layout.addWidget(self.advice)
        layout.addWidget(self.count)
        layout.addWidget(self.buttons)
        for widget in (self.name, self.structure):
            widget.textChanged.connect(self._update)
        self.population.valueChanged.connect(self._update)
        self.template.currentIndexChanged.connect(self._update)
        self.path_group.buttonToggled.connect(lambda *_args: self._update())
        self.model_group.buttonToggled.connect(lambda *_args: self._update())
        self.setMinimumWidth(chars_wide(self, 90))
        self.setMinimumHeight(lines_high(self, 33))  # room for the wrapped texts, which the size hint ignores
        self._update()

    def _choices(self, name: str, title: str, vocabulary: type[LabPath] | type[LabModel],
                 chosen: str) -> tuple[QButtonGroup, QGroupBox]:
        box = QGroupBox(title)
        column = QVBoxLayout(box)
        group = QButtonGroup(self)
        for member in vocabulary:
            button = QRadioButton(translate_label(member.label))
            button.setObjectName(f"{name}_{member.value}")
            button.setProperty("code", member.value)
            button.setChecked(member.value == chosen)
            group.addButton(button)
            column.addWidget(button)
            button.setToolTip(translate_label(member.definition))
        return group, box

    def answers(self) -> LabAnswers:
        path, model = (group.checkedButton() for group in (self.path_group, self.model_group))
        population = self.population.value() or None
        return LabAnswers(str(model.property("code")) if model else LabModel.INTEGRE.value,
                          str(path.property("code")) if path else LabPath.CREER.value, population)

    def template_id(self) -> str:
        return str(self.template.currentData() or "")

    def _update(self) -> None:
        answers = self.answers()
        self.model_note.setText(translate_label(LabModel(answers.model).definition))
        small = answers.population is not None and answers.population < SMALL_CCAS
        if small and answers.path == LabPath.CREER:
            self.advice.setText(self.tr(
                "L'étude conseille à une commune de moins de {0} habitants de rejoindre un lab existant (un lab "
                "métropolitain ou régional, un réseau) plutôt que d'en créer un.").format(format_decimal(SMALL_CCAS)))
        else:
            self.advice.setText("")
        self.advice.setVisible(bool(self.advice.text()))
        template = next((found for found in self.templates if found.id == self.template_id()), None)
        if template is not None:
            items = template.items()
            left_out = sum(bool(not_applicable_reason(item, answers)) for _phase, item in items)
            self.count.setText(self.tr("{0}, dont {1} pour ces réponses.").format(
                format_count(len(items), self.tr("élément"), self.tr("éléments")),
                format_count(left_out, self.tr("sans objet"), self.tr("sans objet"))))
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(bool(self.name.text().strip()) and template is not None)
