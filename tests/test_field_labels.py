"""One French label per field: the editors, the dossier sections and the import preview read FIELD_LABELS
(fiches) and SCENARIO_FIELD_LABELS (scenarios), with the optional hint in brackets."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from pathlib import Path

from PySide6.QtWidgets import QLabel, QWidget
from pytestqt.qtbot import QtBot

from app.domain.document import LabelledValue, Table
from app.domain.economics import SCENARIO_FIELD_HINTS, SCENARIO_FIELD_LABELS, Block, GridLine, Scenario
from app.domain.fiche import FIELD_HINTS, FIELD_LABELS, FicheData, field_caption
from app.domain.fiche_sections import fiche_sections
from app.domain.grid_sections import scenario_section
from app.gui.fiches.editor import FicheEditor
from app.gui.grid.scenario_editor import ScenarioEditor
from app.gui.i18n import translate_caption, translate_field
from app.travelling import KINDS
from tests.fiche_factory import full_fiche

SITE_VIEWS = {"Sites où l'initiative fonctionne", "Sites qui ont repris l'initiative"}
"""The dossier shows the sites as two tables, by whether they took the initiative up."""
NOT_EDITED = {"is_example", "start_precision"}
"""Not a field of its own in the editor and the dossier: bookkeeping, or shown with another (the date's precision
is how the date is written: « 2009 », « novembre 2014 »)."""


def test_every_fiche_field_has_a_label_and_hints_label_known_fields() -> None:
    names = {f.name for f in dataclasses.fields(FicheData)} - {"id"}
    assert set(FIELD_LABELS) == names
    assert set(FIELD_HINTS) <= names
    assert set(SCENARIO_FIELD_HINTS) <= set(SCENARIO_FIELD_LABELS)
    assert field_caption("core_concept") == "Cœur du concept (ce qui ne doit pas changer)"


def test_the_dossier_labels_every_fiche_field_from_field_labels() -> None:
    fiche = dataclasses.replace(full_fiche(), materials_ready=True)
    captions = {field_caption(name): name for name in FIELD_LABELS}
    shown: set[str] = set()
    for section in fiche_sections(fiche):
        for item in section.items:
            title = item.label if isinstance(item, LabelledValue) else item.title if isinstance(item, Table) else ""
            if title in SITE_VIEWS:
                shown.add("sites")
                continue
            assert title in captions, f"« {title} » is not the label of a field"
            shown.add(captions[title])
    assert shown == set(FIELD_LABELS) - NOT_EDITED


def test_the_dossier_labels_scenario_values_from_scenario_field_labels() -> None:
    scenario = Scenario(id="s", name="Base", horizon_years=3, beneficiaries_per_year=10,
                        learning_discount=Decimal("0.2"), notes="Notes",
                        lines=[GridLine(block=Block.MONTAGE.value, label="Chef de projet", days=Decimal(5))])
    labels = [item.label for item in scenario_section(scenario, 1).items if isinstance(item, LabelledValue)]
    assert labels == [SCENARIO_FIELD_LABELS[name]
                      for name in ("horizon_years", "beneficiaries_per_year", "learning_discount", "notes")]


def test_the_import_preview_names_changed_fields_from_the_labels() -> None:
    """The preview shows `PlannedRecord.changed_labels` (through translate_field), read from these dictionaries."""
    assert KINDS["fiche"].field_labels is FIELD_LABELS
    assert KINDS["scenario"].field_labels is SCENARIO_FIELD_LABELS


def caption_of(editor: QWidget, field: QWidget) -> str | None:
    """The text of the form caption whose buddy is `field`, without its Alt+letter and required star."""
    for label in editor.findChildren(QLabel):
        if label.buddy() is field:
            return label.text().replace("&", "").removesuffix(" *")
    return None


def test_the_fiche_editor_captions_every_field_from_field_labels(qtbot: QtBot, tmp_path: Path) -> None:
    editor = FicheEditor(tmp_path)
    qtbot.addWidget(editor)
    for name in set(FIELD_LABELS) - NOT_EDITED:
        field = editor.findChild(QWidget, f"field_{name}")
        assert field is not None, f"{name} is not bound"
        caption = caption_of(editor, field)
        if name in ("factors", "attachments"):  # the whole row: the section's title names them
            assert caption is None
        else:
            assert caption == translate_caption(FIELD_LABELS[name], FIELD_HINTS.get(name, ""))
        assert editor.field_label(name) == translate_field(FIELD_LABELS[name])


def test_the_scenario_editor_captions_its_fields_from_scenario_field_labels(qtbot: QtBot) -> None:
    editor = ScenarioEditor(dict)
    qtbot.addWidget(editor)
    for name in ("name", "horizon_years", "beneficiaries_per_year", "learning_discount", "notes"):
        field = editor.findChild(QWidget, f"field_{name}")
        assert field is not None
        expected = translate_caption(SCENARIO_FIELD_LABELS[name], SCENARIO_FIELD_HINTS.get(name, ""), " ")
        assert caption_of(editor, field) == expected
        assert editor.field_label(name) == translate_field(SCENARIO_FIELD_LABELS[name])
    assert editor.illustrative_box.text() == "Valeurs illustratives (non tirées d'une source)"
