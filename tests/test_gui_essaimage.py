"""Issue 16 in the fiche editor: the six models with their definitions, the models the chosen objectives suggest,
variants under their model, why a stopped initiative stopped, a start date as precise as the source."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from app.gui.main_window import MainWindow
from app.services import fiches
from tests.test_gui_fiches import new_fiche, wait_saved


def test_objectives_highlight_the_models_the_report_suggests(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = new_fiche(qtbot, window, "Garage solidaire", "Association Solidarauto")
    editor = page.editor
    objectives = editor.findChild(QWidget, "field_scaling_objectives")
    models = editor.models_field
    suggestion = editor.findChild(QLabel, "suggestedModels")
    assert "cochez un objectif" in suggestion.text()
    assert not any(box.font().bold() for box in models.boxes.values())
    objectives.boxes["nombre_territoires"].click()
    bold = [code for code, box in models.boxes.items() if box.font().bold()]
    assert bold == ["duplication", "fertilisation", "cooperation", "fusion"]
    assert "Diffusion par duplication, ou déploiement géographique" in suggestion.text()
    assert "Approfondissement" not in suggestion.text()
    objectives.boxes["impact_beneficiaire"].click()
    assert [code for code, box in models.boxes.items() if box.font().bold()] == list(models.boxes)
    assert models.definitions["fertilisation"].text().startswith("Faire faire à d'autres ce que l'on fait déjà")
    assert "scale across" in models.boxes["fertilisation"].text()


def test_a_variant_is_chosen_under_its_model_and_saved(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = new_fiche(qtbot, window, "Cuisine mode d'emploi(s)", "Association")
    editor = page.editor
    variants = editor.variants_field
    assert not variants.boxes["duplication_centralisee"].isEnabled(), "greyed until its model is ticked"
    assert "Diffusion par duplication" in variants.group_titles["Diffusion par duplication, ou déploiement "
                                                                "géographique (scale up)"].text()
    editor.models_field.boxes["duplication"].click()
    assert variants.boxes["duplication_centralisee"].isEnabled()
    assert not variants.boxes["fusion_creation"].isEnabled()
    assert variants.boxes["duplication_centralisee"].toolTip() == (
        "La maison-mère crée elle-même des antennes (filiales locales).")
    variants.boxes["duplication_centralisee"].click()
    editor.save_now()
    wait_saved(qtbot, page)
    stored = fiches.load(window.context.open_store, editor.fiche_id)
    assert stored.scaling_models == ["duplication"] and stored.scaling_variants == ["duplication_centralisee"]
    editor.models_field.boxes["duplication"].click()
    assert variants.boxes["duplication_centralisee"].isEnabled(), "a ticked variant stays reachable to untick it"
    editor.save_now()
    error = editor.findChild(QLabel, "error_scaling_variants")
    assert error.isVisible() and "suppose le modèle" in error.text()
    assert fiches.load(window.context.open_store, editor.fiche_id).scaling_models == ["duplication"]


def test_a_stopped_initiative_says_why_and_a_year_stays_a_year(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page = new_fiche(qtbot, window, "Cafe citoyen", "Association")
    editor = page.editor
    reason = editor.findChild(QWidget, "field_stop_reason")
    assert not reason.isVisibleTo(editor), "asked only of a stopped initiative"
    stage = editor.findChild(QWidget, "field_stage")
    stage.setCurrentIndex(stage.findData("arretee"))
    assert reason.isVisibleTo(editor)
    reason.insertPlainText("Le local a été repris.")
    start = editor.findChild(QWidget, "field_start_date")
    qtbot.keyClicks(start, "2009")
    editor.save_now()
    wait_saved(qtbot, page)
    stored = fiches.load(window.context.open_store, editor.fiche_id)
    assert (stored.stage, stored.stop_reason) == ("arretee", "Le local a été repris.")
    assert (stored.start_date.isoformat(), stored.start_precision) == ("2009-01-01", "annee")
    editor.load(stored)
    assert start.text() == "2009"
    start.clear()
    qtbot.keyClicks(start, "vers 2010")
    editor.save_now()
    error = editor.findChild(QLabel, "error_start_date")
    assert error.isVisible() and "AAAA, MM/AAAA ou JJ/MM/AAAA" in error.text()
