"""The Essaimage section's scaling models: the six of the SGMAP–CGET report with their definitions, the models
its table suggests for the chosen objectives, and each model's variants."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QGridLayout, QLabel, QWidget

from app.domain.vocabulary import VARIANT_MODELS, ScalingModel, ScalingVariant, suggested_models
from app.gui.fiches.form_fields import MultiChoiceField, ReadsAnyInput
from app.gui.i18n import translate_label


class ScalingModelsField(ReadsAnyInput, QWidget):
    """The six models as check boxes, each with its « = » definition under it; `show_suggestions` marks the models
    the report suggests for the objectives ticked above."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.suggestion = QLabel()
        self.suggestion.setObjectName("suggestedModels")
        self.suggestion.setWordWrap(True)
        layout.addWidget(self.suggestion, 0, 0)
        self.boxes: dict[str, QCheckBox] = {}
        self.definitions: dict[str, QLabel] = {}
        for n, model in enumerate(ScalingModel):
            box = QCheckBox(f"{n + 1}. {translate_label(model.label)}")
            box.toggled.connect(lambda _on: self.changed.emit())
            definition = QLabel(translate_label(model.definition))
            definition.setWordWrap(True)
            definition.setStyleSheet("color: palette(placeholder-text); margin-left: 24px")
            layout.addWidget(box, 1 + 2 * n, 0)
            layout.addWidget(definition, 2 + 2 * n, 0)
            self.boxes[model.value] = box
            self.definitions[model.value] = definition
        self.show_suggestions([])

    def value(self) -> list[str]:
        return [code for code, box in self.boxes.items() if box.isChecked()]

    def set_value(self, codes: list[str]) -> None:
        for code, box in self.boxes.items():
            box.setChecked(code in codes)

    def show_suggestions(self, objectives: list[str]) -> None:
        suggested = suggested_models(objectives)
        if suggested:
            names = ", ".join(translate_label(model.label).split(" (")[0] for model in suggested)
            self.suggestion.setText(self.tr("<b>Modèles suggérés par vos objectifs</b> (tableau du rapport "
                                            "SGMAP–CGET) : {0}.").format(names))
        else:
            self.suggestion.setText(self.tr("<b>Modèles suggérés par vos objectifs</b> : cochez un objectif ci-dessus, "
                                            "Essaim marque les modèles que le rapport SGMAP–CGET suggère pour lui."))
        for code, box in self.boxes.items():
            font = box.font()
            font.setBold(code in suggested)
            box.setFont(font)
            box.setToolTip(self.tr("Suggéré pour les objectifs cochés") if code in suggested else "")


class ScalingVariantsField(MultiChoiceField):
    """The annex's variants, grouped under their model; those of a model not ticked are greyed (unless ticked)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        groups = {variant.value: ScalingModel(VARIANT_MODELS[variant]).label for variant in ScalingVariant}
        super().__init__(ScalingVariant, 2, parent, groups=groups)
        self.changed.connect(self._keep_ticked_enabled)
        self._models: list[str] = []

    def follow_models(self, models: list[str]) -> None:
        self._models = list(models)
        self._keep_ticked_enabled()

    def _keep_ticked_enabled(self) -> None:
        for code, box in self.boxes.items():
            box.setEnabled(VARIANT_MODELS[code] in self._models or box.isChecked())
