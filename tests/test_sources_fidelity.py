"""Issue 16: the vocabulary says what the SGMAP–CGET and Oural reports say; stores and packages written with the
eight scaling models of earlier versions are read into the six, nothing lost."""

from __future__ import annotations

import json
import sqlite3
import uuid
from contextlib import closing
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import delete, text

from app.domain.codec import to_dict
from app.domain.document import Paragraph, Table
from app.domain.economics import Block, GridLine, Scenario, compute, indicator_table
from app.domain.fiche import ADDED_FIELDS, FicheData, validate
from app.domain.fiche_search import FicheQuery
from app.domain.fiche_sections import fiche_sections, sections_as_text
from app.domain.formats import format_partial_date, parse_partial_date
from app.domain.grid_sections import ILLUSTRATIVE_NOTE, MIXED_NOTE, scenario_section
from app.domain.vocabulary import (
    OBJECTIVE_AIMS,
    VARIANT_MODELS,
    EvaluationMethod,
    EvidenceLevel,
    InnovationObject,
    KeySuccessFactor,
    ScalingModel,
    ScalingObjective,
    ScalingVariant,
    StructureType,
    suggested_models,
    variants_of,
)
from app.services import examples, exchange, fiches, grid
from app.services.exchange import PackageRequest, apply_import, export_package, plan_import, record_hash
from app.storage.backup import list_backups
from app.storage.migrations import current_revision, head_revision, upgrade_to
from app.storage.models import StoreInfo
from app.storage.store import Store, store_file
from app.sync.package_reader import read_package
from app.travelling import KINDS
from tests.fiche_factory import full_fiche
from tests.hostile_packages import fiche_record, raw_package, records_bytes

# -- the vocabulary against the seeds ---------------------------------------------------------------------------

SIX_MODELS = [  # 000:344–349: the seed's name, its English name, the start of its « = » definition
    ("approfondissement", "Approfondissement", "scale deep", "Faire mieux ce que l'on fait déjà"),
    ("diversification", "Diversification", "scale out", "Faire autre chose que ce que l'on fait déjà"),
    ("duplication", "Diffusion par duplication, ou déploiement géographique", "scale up",
     "Faire plus de ce que l'on fait déjà"),
    ("fertilisation", "Diffusion par mise à disposition, ou fertilisation", "scale across",
     "Faire faire à d'autres ce que l'on fait déjà"),
    ("cooperation", "Coopération", "scale together", "Faire ensemble pour faire plus et mieux"),
    ("fusion", "Fusion", "scale by mixing", "S'unir pour renforcer le projet"),
]


def test_six_models_with_their_names_english_names_and_definitions() -> None:
    assert [model.value for model in ScalingModel] == [code for code, *_ in SIX_MODELS]
    for code, name, english, definition in SIX_MODELS:
        model = ScalingModel(code)
        assert model.label == f"{name} ({english})"
        assert model.definition.startswith(definition)


def test_the_annex_variants_sit_under_their_model() -> None:
    assert [v.value for v in variants_of("diversification")] == [
        "diversification_horizontale", "diversification_verticale", "diversification_conglomerale"]
    assert [v.label for v in variants_of("duplication")] == [
        "Duplication souple", "Duplication franchisée", "Duplication centralisée"]
    assert ScalingVariant.DUPLICATION_CENTRALISEE.definition == (
        "La maison-mère crée elle-même des antennes (filiales locales).")
    assert [v.value for v in variants_of("fertilisation")] == ["fertilisation_formalisee", "dissemination"]
    assert len(variants_of("cooperation")) == 3 and len(variants_of("fusion")) == 2
    assert variants_of("approfondissement") == []
    assert set(VARIANT_MODELS) == set(ScalingVariant)


def test_five_objectives_under_the_reports_two_aims() -> None:
    assert [o.label for o in ScalingObjective] == [
        "Augmenter l'impact sur chaque bénéficiaire", "Augmenter le nombre de bénéficiaires par territoire",
        "Augmenter le nombre de territoires", "Pérenniser le modèle économique",
        "Accroître l'efficacité (économies d'échelle, gains de productivité)"]
    impact = "Accroître l'impact social du projet"
    survival = "Assurer la survie ou la croissance économique de l'organisme"
    assert [OBJECTIVE_AIMS[o] for o in ScalingObjective] == [impact] * 3 + [survival] * 2


# 000:255–260: a cross per (objective, model), models in the table's order deep, out, up, across, together, mixing
SUGGESTION_TABLE = {
    "impact_beneficiaire": "XX..XX",
    "beneficiaires_territoire": ".XX.XX",
    "nombre_territoires": "..XXXX",
    "perenniser": "XX..XX",
    "efficacite": "XXX.XX",
}


def test_the_objectives_suggest_the_models_the_reports_table_crosses() -> None:
    models = list(ScalingModel)
    for objective, crosses in SUGGESTION_TABLE.items():
        assert suggested_models([objective]) == [m for m, cross in zip(models, crosses, strict=True) if cross == "X"]
    assert suggested_models(["impact_beneficiaire", "nombre_territoires"]) == models[:2] + models[2:]
    assert suggested_models([]) == []


def test_the_lever_and_eight_factors_keep_their_full_titles() -> None:
    labels = [factor.label for factor in KeySuccessFactor]
    assert len(labels) == 9 and labels[0].startswith("Levier transversal")
    assert "de l'administration publique et des élus" in labels[0]
    assert "besoins spécifiques du territoire" in labels[1]
    assert labels[2].endswith("dans le cadre d'une démocratie participative renouvelée")
    assert labels[5].endswith("des outils et compétences adaptés")
    assert labels[8].startswith("8. Diffuser massivement")


def test_noovlr_objects_and_evaluation_methods_are_named_as_the_seeds_name_them() -> None:
    assert InnovationObject.PROCEDES.label == "Procédés ou processus"
    assert InnovationObject.COMMERCIALISATION.label == "Marketing ou commercialisation"
    assert "modèle économique" in InnovationObject.COMMERCIALISATION.definition
    assert {method.label for method in EvaluationMethod} == {
        "Auto-évaluation", "Évaluation par les pairs", "Évaluation externe", "Méthodes d'évaluation randomisées",
        "Protocole d'expérimentation", "Recherche-action", "Évaluation participative"}
    assert "Nesta" in (EvidenceLevel.__doc__ or "")


def test_the_structure_types_the_examples_need_exist() -> None:
    assert {"entreprise", "etablissement_public", "protection_sociale", "udccas"} <= set(StructureType)


# -- the new fields -----------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "day", "precision", "shown"), [
    ("2009", date(2009, 1, 1), "annee", "2009"),
    ("11/2014", date(2014, 11, 1), "mois", "novembre 2014"),
    ("Novembre 2014", date(2014, 11, 1), "mois", "novembre 2014"),
    ("aout 2015", date(2015, 8, 1), "mois", "août 2015"),
    ("03/11/2014", date(2014, 11, 3), "", "03/11/2014"),
])
def test_a_date_is_as_precise_as_what_was_typed(text: str, day: date, precision: str, shown: str) -> None:
    assert parse_partial_date(text) == (day, precision)
    assert format_partial_date(day, precision) == shown


@pytest.mark.parametrize("text", ["13/2014", "brumaire 2014", "vers 2010"])
def test_a_date_that_is_none_of_these_is_refused_in_french(text: str) -> None:
    with pytest.raises(ValueError, match="n'est pas une date"):
        parse_partial_date(text)


def test_a_variant_without_its_model_is_refused_with_a_french_message() -> None:
    fiche = replace(full_fiche(), scaling_models=["cooperation"], scaling_variants=["duplication_franchisee"])
    messages = [error.message for error in validate(fiche)]
    assert messages == [("La variante « Duplication franchisée » suppose le modèle « Diffusion par duplication, ou "
                         "déploiement géographique (scale up) » : cochez-le aussi.")]


def test_the_dossier_says_the_new_fields_and_where_the_evidence_scale_comes_from() -> None:
    fiche = replace(full_fiche(), stage="arretee", stop_reason="Le financement s'est arrêté.",
                    start_date=date(2009, 1, 1), start_precision="annee")
    text = sections_as_text(fiche_sections(fiche))
    assert "Stade : Arrêtée" in text and "Pourquoi l'initiative s'est arrêtée : Le financement s'est arrêté." in text
    assert "Date de démarrage : 2009\n" in text
    assert "Rôle de la puissance publique : Le Département finance le camion" in text
    assert "Méthode d'évaluation : Protocole d'expérimentation" in text
    assert "Durée de l'évaluation (protocole) : deux ans" in text and "Comité de suivi : Élus, CIAS, usagers" in text
    assert "Variantes des modèles : Duplication souple" in text
    assert "Référence extérieure aux rapports sources : Nesta" in text


def test_unsecured_funding_is_shown_apart_and_left_out_of_the_share() -> None:
    scenario = Scenario(name="Base", horizon_years=3, lines=[
        GridLine(Block.AUTRES_DEPENSES.value, "Loyer", amount=Decimal(10000)),
        GridLine(Block.FINANCEMENTS.value, "Région", amount=Decimal(6000), year=1, origin="source",
                 origin_ref="Rapport, p. 3"),
        GridLine(Block.FINANCEMENTS.value, "Fonds européens", amount=Decimal(55000), year=2, uncertain=True)])
    result = compute(scenario)
    assert result.exceptional_funding == Decimal(6000)
    assert result.uncertain_funding == Decimal(55000)
    assert result.funding_share == Decimal("0.2")
    shown = {label: value for _key, label, value in indicator_table(scenario, result)}
    assert shown["Financements espérés, non acquis"] == "55\u202f000,00\u00a0€"
    assert shown["Part des financements exceptionnels"] == "20,0\u00a0%"


# -- stores and packages of the previous version ------------------------------------------------------------------

OLD_FICHE = "0a0b0c0d-0000-4000-8000-000000000001"
OTHER_FICHE = "0a0b0c0d-0000-4000-8000-000000000002"


def old_store(data_dir: Path) -> Path:
    """A store at revision 0006 holding two fiches with the eight-model codes, and a grid line."""
    data_dir.mkdir()
    db = store_file(data_dir)
    upgrade_to(db, "0006")
    with closing(sqlite3.connect(db)) as conn:
        conn.execute("INSERT INTO store_info(key, value) VALUES ('workstation_id', ?)", (str(uuid.uuid4()),))
        for fiche_id, title in ((OLD_FICHE, "Garage solidaire"), (OTHER_FICHE, "Épicerie")):
            conn.execute("INSERT INTO fiche (id, created_at, updated_at, revision, workstation_id, title, summary, "
                         "status, structure_name, evaluation_method) VALUES (?, '2026-01-01 00:00:00', "
                         "'2026-01-01 00:00:00', 4, 'w', ?, '', 'brouillon', 'CCAS', 'controlee')", (fiche_id, title))
        choices = [(OLD_FICHE, "themes", "mobilite"), (OLD_FICHE, "scaling_models", "duplication_franchisee"),
                   (OLD_FICHE, "scaling_objectives", "nombre_territoires"),
                   (OLD_FICHE, "scaling_models", "fertilisation"), (OLD_FICHE, "scaling_models", "duplication_souple"),
                   (OLD_FICHE, "scaling_models", "cooperation"), (OTHER_FICHE, "scaling_models", "fusion")]
        conn.executemany("INSERT INTO fiche_choice (fiche_id, position, field, code) VALUES (?, ?, ?, ?)",
                         [(fiche_id, n, field, code) for n, (fiche_id, field, code) in enumerate(choices)])
        conn.execute("INSERT INTO fiche_search (fiche_id, body) VALUES (?, 'Garage solidaire')", (OLD_FICHE,))
        conn.execute("INSERT INTO grid_scenario (id, created_at, updated_at, revision, workstation_id, fiche_id, name, "
                     "horizon_years, illustrative, notes) VALUES ('s1', '2026-01-01 00:00:00', '2026-01-01 00:00:00', "
                     "1, 'w', ?, 'Base', 3, 0, '')", (OLD_FICHE,))
        conn.execute("INSERT INTO grid_line (scenario_id, position, block, label, scope, amount, year, nature, "
                     "beneficiary, method, confidence, funding_ref) VALUES ('s1', 0, 'financements', 'Région', "
                     "'unique', '30000', 1, '', '', '', '', '')")
        conn.commit()
    return db


def test_a_store_of_the_previous_version_keeps_every_model_as_a_model_and_a_variant(data_dir: Path) -> None:
    db = old_store(data_dir)
    store = Store.open(data_dir)
    try:
        assert current_revision(db) == head_revision()
        (backup,) = list_backups(data_dir)
        assert current_revision(backup.path) == "0006", "the backup holds the store as it was before"
        fiche = fiches.load(store, OLD_FICHE)
        assert fiche.scaling_models == ["duplication", "fertilisation", "cooperation"]
        assert fiche.scaling_variants == ["duplication_franchisee", "dissemination", "duplication_souple"]
        assert fiche.themes == ["mobilite"] and fiche.scaling_objectives == ["nombre_territoires"]
        assert fiche.evaluation_method == "controlee" and fiche.title == "Garage solidaire"
        assert validate(fiche) == []
        assert fiches.load(store, OTHER_FICHE).scaling_models == ["fusion"]
        with store.read() as session:
            revision = session.execute(text("SELECT revision FROM fiche WHERE id = :id"), {"id": OLD_FICHE})
            assert revision.scalar_one() == 4, "a migration is not an edit: no new revision to send"
        found = fiches.search(store, FicheQuery(text="mise à disposition"))
        assert [summary.id for summary in found] == [OLD_FICHE], "the search index speaks the new labels"
        (scenario,) = grid.scenarios(store, OLD_FICHE)
        assert scenario.lines[0].amount == Decimal(30000) and not scenario.lines[0].uncertain
        assert scenario.lines[0].origin == ""
    finally:
        store.close()


def test_a_package_of_format_1_1_is_read_into_the_six_models(data_dir: Path, tmp_path: Path) -> None:
    record = fiche_record(scaling_models=["duplication_centralisee", "fertilisation", "fusion"])
    for name in ADDED_FIELDS:
        record.data.pop(name)
    path = raw_package(tmp_path / "ancien.essaim", {"records/fiches.json": records_bytes(record)}, version="1.1")
    store = Store.open(data_dir)
    try:
        plan = plan_import(store, read_package(path, tmp_path))
        try:
            apply_import(store, data_dir, plan)
        finally:
            plan.package.cleanup()
        fiche = fiches.load(store, record.id)
        assert fiche.scaling_models == ["duplication", "fertilisation", "fusion"]
        assert fiche.scaling_variants == ["duplication_centralisee", "dissemination"]
        assert fiche.title == record.data["title"]
    finally:
        store.close()


def test_a_package_of_format_1_2_keeps_fertilisation_as_it_is(tmp_path: Path) -> None:
    record = fiche_record(scaling_models=["fertilisation"], scaling_variants=[])
    path = raw_package(tmp_path / "neuf.essaim", {"records/fiches.json": records_bytes(record)}, version="1.2")
    received = read_package(path, tmp_path)
    try:
        (read,) = received.records
        assert read.data["scaling_models"] == ["fertilisation"] and read.data["scaling_variants"] == []
    finally:
        received.cleanup()


def test_a_version_agreed_before_the_new_fields_existed_is_still_recognised(tmp_path: Path) -> None:
    """A correspondent's agreed hash was taken on content without the new fields: empty, they change nothing."""
    kind = KINDS["fiche"]
    data = to_dict(replace(full_fiche(), start_precision="", stop_reason="", public_role="", evaluation_duration="",
                           evaluation_committee="", evaluator="", evaluation_findings="", scaling_variants=[]))
    before = {key: value for key, value in data.items() if key not in ADDED_FIELDS}
    assert record_hash(kind.hashed(data)) == record_hash(before)
    assert record_hash(kind.hashed({**data, "public_role": "La commune"})) != record_hash(before)
    scenario_kind = KINDS["scenario"]
    line = to_dict(GridLine(Block.MONTAGE.value, "Chef de projet", days=Decimal(3)))
    old_line = {key: value for key, value in line.items() if key not in ("uncertain", "origin", "origin_ref")}
    assert record_hash(scenario_kind.hashed({"lines": [line]})) == record_hash({"lines": [old_line]})


def test_the_new_fields_travel(tmp_path: Path) -> None:
    a, b = Store.open(tmp_path / "a"), Store.open(tmp_path / "b")
    try:
        fiche = full_fiche(str(uuid.uuid4()))
        fiche.attachments = []
        fiches.save(a, fiche)
        path = tmp_path / "envoi.essaim"
        export_package(a, a.data_dir, PackageRequest("all"), path)
        plan = exchange.open_package(b, path)
        try:
            apply_import(b, b.data_dir, plan)
        finally:
            plan.package.cleanup()
        received = fiches.load(b, fiche.id)
        assert received == fiches.load(a, fiche.id)
        assert (received.public_role, received.evaluation_duration, received.start_precision,
                received.scaling_variants) == (fiche.public_role, "deux ans", "mois", ["duplication_souple"])
    finally:
        a.close()
        b.close()


def test_an_example_kind_of_fiche_with_only_a_year_is_valid() -> None:
    year_only = FicheData(title="T", structure_name="S", start_date=date(2009, 1, 1), start_precision="annee")
    assert validate(year_only) == []
    assert [e.field for e in validate(FicheData(title="T", structure_name="S", start_precision="siecle"))] == [
        "start_date"]


# -- examples loaded by an earlier version ----------------------------------------------------------------------

def older_examples(tmp_path: Path) -> Path:
    """The shipped examples as an earlier version had them: every title says « (ancienne version) »."""
    raw = json.loads(examples.examples_file().read_text(encoding="utf-8"))
    for entry in raw["fiches"]:
        entry["title"] += " (ancienne version)"
    path = tmp_path / "exemples-anciens.json"
    path.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.mark.parametrize("fingerprints", [True, False], ids=["fingerprints", "loaded-before-fingerprints"])
def test_loading_the_examples_again_corrects_those_nobody_changed(store: Store, tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch,
                                                                  fingerprints: bool) -> None:
    shipped, older = examples.examples_file(), older_examples(tmp_path)
    monkeypatch.setattr(examples, "examples_file", lambda: older)
    first = examples.load_examples(store)
    assert first.added == 14
    if not fingerprints:  # as Essaim loaded them before it kept the examples' fingerprints
        with store.transaction() as session:
            session.execute(delete(StoreInfo).where(StoreInfo.key.startswith(examples.FINGERPRINT_KEY)))
    edited_id = examples.example_id("oural-champ-commun")
    edited = fiches.load(store, edited_id)
    edited.summary = "Notre résumé, revu après une visite."
    fiches.save(store, edited)
    trashed_id = examples.example_id("oural-mutinerie-village")
    fiches.move_to_trash(store, trashed_id)
    monkeypatch.setattr(examples, "examples_file", lambda: shipped)
    outcome = examples.load_examples(store)
    assert (outcome.added, outcome.updated, outcome.kept, outcome.already_there) == (0, 12, 2, 0)
    assert examples.examples_outcome(outcome) == ("0 fiche d’exemple ajoutée, 12 mises à jour d’après les sources "
                                                  "corrigées, 2 modifiées sur ce poste, laissées telles quelles, "
                                                  "0 déjà à jour.")
    titles = {summary.id: summary.title for summary in fiches.search(store, FicheQuery())}
    assert not any(title.endswith("(ancienne version)") for fiche_id, title in titles.items()
                   if fiche_id != edited_id)
    assert fiches.load(store, edited_id).summary == "Notre résumé, revu après une visite.", "an edit is never lost"
    assert fiches.load(store, edited_id).title.endswith("(ancienne version)")
    again = examples.load_examples(store)
    assert (again.added, again.updated, again.kept, again.already_there) == (0, 0, 2, 12)


def test_the_dossier_says_which_figures_come_from_a_source() -> None:
    sourced = GridLine(Block.AUTRES_DEPENSES.value, "Primes", amount=Decimal(40000), scope="par_site",
                       origin="source", origin_ref="Rapport Oural 2015, étude de cas n°4")
    guessed = GridLine(Block.FONCTIONNEMENT.value, "Animation", days=Decimal(40), daily_cost=Decimal(350),
                       origin="illustrative")
    mixed = scenario_section(Scenario(name="Une édition", illustrative=True, lines=[sourced, guessed]), 1)
    notes = [item.text for item in mixed.items if isinstance(item, Paragraph)]
    assert notes == [MIXED_NOTE]
    tables = {item.title: item for item in mixed.items if isinstance(item, Table)}
    expenses = tables["Autres dépenses de fonctionnement"]
    assert expenses.headers == ["Objet", "Montant par an (€)", "Portée", "Origine du chiffre"]
    assert expenses.rows[0][3] == "Tirée d'une source (Rapport Oural 2015, étude de cas n°4)"
    assert tables["Temps agent de fonctionnement"].rows[0][4] == "Illustrative"
    guessed_only = scenario_section(Scenario(name="Hypothèses", illustrative=True, lines=[guessed]), 1)
    assert [item.text for item in guessed_only.items if isinstance(item, Paragraph)] == [ILLUSTRATIVE_NOTE]
    own = scenario_section(Scenario(name="Nos chiffres", lines=[replace(sourced, origin="", origin_ref="")]), 1)
    assert not [item for item in own.items if isinstance(item, Paragraph)]
    assert "Origine du chiffre" not in {h for item in own.items if isinstance(item, Table) for h in item.headers}
