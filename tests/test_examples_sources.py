"""The example fiches say what their sources say: the checks a reviewer of the errata on the examples would make.

The sources are the Oural report (« L'innovation au pouvoir ! », April 2015, ten case studies) and the SGMAP–CGET
report (« Ensemble, accélérons ! », December 2015). What they do not say is left empty; what is Essaim's reading is
said to be so; every figure of a grid says whether it comes from a source or is an illustration.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from app.domain.economics import Block, Scenario, compute
from app.domain.fiche import FicheData
from app.domain.vocabulary import (
    LEGACY_SCALING_MODELS,
    VARIANT_MODELS,
    InnovationIntensity,
    InnovationNature,
    InnovationObject,
    KeySuccessFactor,
    ScalingModel,
    ScalingObjective,
    ScalingVariant,
    Stage,
    StructureType,
    Theme,
)
from app.services.examples import read_examples

EXAMPLES = read_examples()
FICHES = [fiche for fiche, _ in EXAMPLES]
OURAL_TITLE = "L'innovation au pouvoir ! Pour une action publique réinventée au service des territoires"


def example(title_start: str) -> tuple[FicheData, list[Scenario]]:
    (found,) = [(fiche, scenarios) for fiche, scenarios in EXAMPLES if fiche.title.startswith(title_start)]
    return found


def fiche_of(title_start: str) -> FicheData:
    return example(title_start)[0]


def texts(fiche: FicheData) -> str:
    """Every text of the fiche a reader sees, in one string."""
    parts = [fiche.title, fiche.summary, fiche.need, fiche.target_public, fiche.objectives, fiche.impacts,
             fiche.lessons, fiche.difficulties, fiche.levers_helped, fiche.levers_for_others, fiche.core_concept,
             fiche.room_to_adapt, fiche.readiness_notes, fiche.public_role, fiche.evaluation_findings]
    parts += [step.text for step in fiche.steps] + [factor.comment for factor in fiche.factors]
    parts += [f"{partner.name} {partner.contribution}" for partner in fiche.partners]
    return "\n".join(parts)


def oural_fiches() -> list[FicheData]:
    return [fiche for fiche in FICHES if any("Akim Oural" in source.title for source in fiche.sources)]


def test_the_fourteen_examples_are_ten_oural_case_studies_and_four_sgmap_experiments() -> None:
    assert len(FICHES) == 14
    assert len(oural_fiches()) == 10
    assert sum(any("Ensemble, accélérons" in source.title for source in fiche.sources) for fiche in FICHES) == 4


def test_the_oural_report_is_cited_by_its_title_and_for_whom_it_was_written() -> None:
    for fiche in oural_fiches():
        (oural,) = [source for source in fiche.sources if "Akim Oural" in source.title]
        assert "Premier ministre" not in oural.title, fiche.title
        assert OURAL_TITLE in oural.title, fiche.title
        assert "ministre de la Décentralisation et de la Fonction publique" in oural.title, fiche.title
        assert "avec l'appui du SGMAP" in oural.title and "avril 2015" in oural.title, fiche.title
        assert "étude de cas n°" in oural.title, fiche.title
    case_numbers = sorted(int(source.title.rsplit("n°", 1)[1]) for fiche in oural_fiches()
                          for source in fiche.sources if "Akim Oural" in source.title)
    assert case_numbers == list(range(1, 11))


def test_every_fiche_says_which_fields_are_essaim_s_reading() -> None:
    for fiche in FICHES:
        readings = [source for source in fiche.sources if source.title == "Lecture d'Essaim"]
        assert len(readings) == 1, fiche.title
        note = readings[0].note
        assert readings[0].url == ""
        assert "Lecture d'Essaim" in note and "modèles" in note and "facteurs" in note, fiche.title


def test_codes_are_today_s_vocabulary() -> None:
    for fiche in FICHES:
        assert set(fiche.scaling_models) <= set(ScalingModel), fiche.title
        assert not set(fiche.scaling_models) & {"duplication_souple", "duplication_franchisee",
                                               "duplication_centralisee"}, fiche.title
        assert not set(fiche.scaling_models) & (set(LEGACY_SCALING_MODELS) - set(ScalingModel)), fiche.title
        assert set(fiche.scaling_variants) <= set(ScalingVariant), fiche.title
        for variant in fiche.scaling_variants:
            assert VARIANT_MODELS[variant] in fiche.scaling_models, (fiche.title, variant)
        assert set(fiche.scaling_objectives) <= set(ScalingObjective), fiche.title
        assert set(fiche.themes) <= set(Theme), fiche.title
        assert set(fiche.natures) <= set(InnovationNature) and set(fiche.objects) <= set(InnovationObject)
        assert fiche.intensity in {"", *InnovationIntensity}, fiche.title
        assert fiche.stage in {"", *Stage}, fiche.title
        assert fiche.structure_type in {"", *StructureType}, fiche.title
        assert all(partner.structure_type in {"", *StructureType} for partner in fiche.partners), fiche.title
        assert all(factor.factor in set(KeySuccessFactor) for factor in fiche.factors), fiche.title


def test_the_nesta_evidence_scale_is_not_in_the_sources_so_no_example_has_a_level() -> None:
    assert [fiche.title for fiche in FICHES if fiche.evidence_level] == []


def test_an_evaluation_method_only_where_the_source_names_one() -> None:
    methods = {fiche.title.split(" :")[0]: fiche.evaluation_method for fiche in FICHES if fiche.evaluation_method}
    assert methods == {
        "PACA Lights": "recherche_action",
        "Territoires zéro chômeur de longue durée": "protocole",
        "Loos-en-Gohelle, ville pilote du développement durable et programme « fifty-fifty »": "participative",
    }
    grenoble = fiche_of("Plateforme « précarité énergétique »")
    assert grenoble.evaluation_method == "", "nothing in the source about an evaluation by peers"
    for fiche in FICHES:
        if not fiche.evaluation_method:
            assert not (fiche.evaluation_duration or fiche.evaluation_committee or fiche.evaluator), fiche.title


def test_territoires_zero_chomeur_has_its_five_year_protocol_and_follow_up_committee() -> None:
    tzc = fiche_of("Territoires zéro chômeur")
    assert tzc.evaluation_method == "protocole", "a protocol, not a randomised (« contrôlée ») evaluation"
    assert "cinq ans" in tzc.evaluation_duration
    assert "comité de suivi" in tzc.evaluation_committee.lower()
    assert "evaluer" in {factor.factor for factor in tzc.factors}, "the seed's showcase for factor n°7"
    assert "Sèches-sur-le-Loir" in texts(tzc)
    assert tzc.scaling_variants == [], "the four territories build their own governance: not a centralised duplication"


def test_paca_lights_is_a_recherche_action_with_its_second_stage_and_defis_camps() -> None:
    paca = fiche_of("PACA Lights")
    assert paca.evaluation_method == "recherche_action"
    assert "sociologues" in paca.evaluator
    text = texts(paca)
    assert "10 000 €" in text and "cinq premiers lauréats" in text
    assert "défis camps" in text and "soixantaine" in text
    assert "vingtaine de porteurs accompagnés par édition" not in text, "not an observed result in April 2015"
    assert (paca.start_date, paca.start_precision) == (date(2014, 11, 1), "mois")
    (bpifrance,) = [partner for partner in paca.partners if partner.name == "Bpifrance"]
    assert bpifrance.role == "operationnel", "the Region pays 100 % of the prizes; Bpifrance supports the contest"
    assert paca.initiator_willing is True and paca.materials_ready is True, "documented by the FING to be duplicated"


def test_paca_lights_grid_has_the_50_000_euros_second_stage_and_a_site_of_its_own() -> None:
    _, scenarios = example("PACA Lights")
    (scenario,) = scenarios
    second = [line for line in scenario.lines if line.amount == Decimal(50000)]
    assert len(second) == 1 and second[0].origin == "source" and "10 000" in second[0].label
    result = compute(scenario)
    assert result.one_more_site > 0, "another region would pay its own prizes and animation"
    assert result.total_cost >= Decimal(90000)


def test_champ_commun_s_european_grant_is_not_secured_and_stays_out_of_the_funding() -> None:
    fiche, scenarios = example("Champ Commun")
    (scenario,) = scenarios
    (grant,) = [line for line in scenario.lines if line.amount == Decimal(55000)]
    assert grant.block == Block.FINANCEMENTS and grant.uncertain, "« risque … de ne pas pouvoir être mobilisée »"
    (ulule,) = [line for line in scenario.lines if line.amount == Decimal(36340)]
    assert not ulule.uncertain and ulule.origin == "source"
    result = compute(scenario)
    assert result.exceptional_funding == Decimal(36340)
    assert result.uncertain_funding == Decimal(55000)
    assert result.funding_share == Decimal(36340) / result.total_cost
    assert "prêt à taux zéro" in fiche.public_role, "the PTZ schemes the local administrations blocked"
    assert "commerce_proximite" in fiche.themes
    assert fiche.initiator_willing is None and fiche.materials_ready is None


def test_garage_solidaire_hires_on_permanent_contracts_and_borrowed_at_zero_rate() -> None:
    garage = fiche_of("Garage solidaire du Hainaut")
    steps = " ".join(step.text for step in garage.steps)
    assert "CDI" in steps or "contrat à durée indéterminée" in steps
    assert "CDD" not in texts(garage) and "durée déterminée" not in texts(garage)
    assert "prêt d'honneur" not in texts(garage).lower()
    assert "prêt à taux zéro" in " ".join(factor.comment for factor in garage.factors).lower()
    assert garage.commune != "Denain", "the case is « Valenciennes »; Denain is the guarantor town"
    assert garage.beneficiaries_per_year is None, "500 beneficiaries in 9 months: no yearly figure in the source"
    assert all(site.since_year != 2015 for site in garage.sites), "the second garage was still to open"
    assert {"Nejma Lazreg", "Soufiane Iquioussen"} <= {contact.name for contact in garage.contacts}
    assert garage.initiator_available is None and garage.materials_ready is None


def test_garage_grid_has_no_invented_set_up_days_and_its_staff_costs_are_illustrative() -> None:
    _, scenarios = example("Garage solidaire du Hainaut")
    (scenario,) = scenarios
    assert scenario.block(Block.MONTAGE) == []
    assert scenario.beneficiaries_per_year is None
    assert all(line.origin == "illustrative" for line in scenario.block(Block.FONCTIONNEMENT))
    (insurance,) = scenario.block(Block.AUTRES_DEPENSES)
    assert insurance.amount == Decimal(10200) and insurance.origin == "source"


def test_seinergy_s_running_budget_repeats_on_a_new_site_and_its_equipment_year_is_an_assumption() -> None:
    fiche, scenarios = example("Seinergy Lab")
    (scenario,) = scenarios
    (budget,) = [line for line in scenario.lines if line.amount == Decimal(450000)]
    assert budget.origin == "source" and budget.scope == "par_site"
    (equipment,) = scenario.block(Block.INVESTISSEMENTS)
    assert equipment.origin == "illustrative", "the source says 700 k€ « a financé », not bought in year 1"
    assert compute(scenario).one_more_site > 0
    assert scenario.illustrative
    assert fiche.territory_kind != "qpv"
    assert "Investissements d'avenir" not in {partner.name for partner in fiche.partners}, "promu, not funded by"
    assert "Mov'eo" in texts(fiche) and "instrumentation" in texts(fiche)


def test_tzc_avoided_costs_go_with_the_jobs_of_each_site() -> None:
    _, scenarios = example("Territoires zéro chômeur")
    (scenario,) = scenarios
    scopes = {line.block: line.scope for line in scenario.lines}
    assert scopes[Block.FONCTIONNEMENT] == scopes[Block.COUTS_EVITES] == "par_site"


def test_loos_en_gohelle_starts_at_the_end_of_the_1990s_and_evaluates_with_its_inhabitants() -> None:
    loos = fiche_of("Loos-en-Gohelle")
    assert loos.start_date != date(1998, 1, 1)
    assert loos.start_date is None, "« à la fin des années 1990 »: no year in the source"
    assert "fin des années 1990" in texts(loos)
    assert all(site.since_year != 1998 for site in loos.sites)
    assert loos.evaluation_method == "participative" and "IPBE" in texts(loos) + loos.evaluator
    assert loos.stage != "essaimee", "visitors come, no take-up elsewhere is reported"
    assert "50/50" not in loos.room_to_adapt
    assert "developpement_durable" in loos.themes


def test_dates_say_how_precise_they_are() -> None:
    for fiche in FICHES:
        if fiche.start_date is None:
            assert fiche.start_precision == "", fiche.title
        elif fiche.start_precision == "annee":
            assert (fiche.start_date.month, fiche.start_date.day) == (1, 1), fiche.title
        elif fiche.start_precision == "mois":
            assert fiche.start_date.day == 1, fiche.title
        else:
            assert fiche.start_date.day != 1 or fiche.start_date.month != 1, f"{fiche.title}: a day, or a year?"
    years = {fiche.title.split(" ")[0]: (fiche.start_date, fiche.start_precision) for fiche in FICHES
             if fiche.start_precision == "annee"}
    assert years == {"Champ": (date(2009, 1, 1), "annee"), "Mutinerie": (date(2014, 1, 1), "annee"),
                     "Seinergy": (date(2013, 1, 1), "annee"), "Garage": (date(2014, 1, 1), "annee"),
                     "Autosuffisance": (date(2004, 1, 1), "annee")}


@pytest.mark.parametrize("title_start", ["Mutinerie Village", "Unlimited Cities", "La gare de La Ferté"])
def test_the_three_companies_are_companies(title_start: str) -> None:
    assert fiche_of(title_start).structure_type == "entreprise"


def test_mutinerie_and_cuisine_open_their_own_sites_a_centralised_duplication() -> None:
    for title_start in ("Mutinerie Village", "Cuisine mode d'emploi(s)"):
        fiche = fiche_of(title_start)
        assert "duplication" in fiche.scaling_models and "duplication_centralisee" in fiche.scaling_variants
    mutinerie = fiche_of("Mutinerie Village")
    assert "manager" in {factor.factor for factor in mutinerie.factors}, "the seed cites Mutinerie for factor n°4"


def test_every_oural_fiche_tells_the_role_of_the_public_authorities() -> None:
    for fiche in oural_fiches():
        assert len(fiche.public_role) > 100, fiche.title


def test_call_for_team_has_its_contact_and_both_levers() -> None:
    gare = fiche_of("La gare de La Ferté")
    assert [(contact.name, contact.email) for contact in gare.contacts] == [("Sokha Hin", "")]
    assert "réseaux" in gare.levers_for_others and "appels à projets" in gare.levers_for_others
    assert "Banderole" in " ".join(source.title for source in gare.sources)


def test_omitted_facts_of_the_errata_are_there() -> None:
    assert "70 %" in texts(fiche_of("Autosuffisance 2025")) and "SICAP" in texts(fiche_of("Autosuffisance 2025"))
    assert "FEJ" in texts(fiche_of("Cuisine mode d'emploi(s)"))
    ferme = fiche_of("Ferme d'insertion")
    assert "4 projets en 2015" in texts(ferme) and "justice" in ferme.themes
    assert "héberg" not in texts(ferme).lower(), "the source says « accueillant et employant »"


def test_values_absent_from_the_sources_are_left_empty() -> None:
    assert [fiche.title for fiche in FICHES if fiche.insee_code] == []
    later_names = {"Hauts-de-France", "Occitanie", "Normandie", "Auvergne-Rhône-Alpes", "Centre-Val de Loire",
                   "Nouvelle-Aquitaine", "Grand Est", "Bourgogne-Franche-Comté"}
    assert [fiche.title for fiche in FICHES if fiche.region in later_names] == []
    for title_start in ("Cuisine mode d'emploi(s)", "Enerterre"):
        fiche = fiche_of(title_start)
        assert (fiche.commune, fiche.departement, fiche.region, fiche.territory_kind) == ("", "", "", ""), title_start
    readiness = {fiche.title.split(" ")[0]: fiche.initiator_available for fiche in FICHES}
    assert set(readiness.values()) == {None}, "no source says an initiator has time to pass the initiative on"
    assert all(not contact.email and not contact.phone for fiche in FICHES for contact in fiche.contacts)


def test_every_grid_line_says_where_its_figure_comes_from() -> None:
    scenarios = [scenario for _, found in EXAMPLES for scenario in found]
    assert len(scenarios) >= 6
    for scenario in scenarios:
        for line in scenario.lines:
            assert line.origin in {"source", "illustrative"}, (scenario.name, line.label)
            if line.origin == "source":
                assert line.origin_ref.strip(), (scenario.name, line.label)
            if line.uncertain:
                assert line.block == Block.FINANCEMENTS, (scenario.name, line.label)
        if any(line.origin == "illustrative" for line in scenario.lines):
            assert scenario.illustrative, scenario.name
        if any(line.origin == "source" for line in scenario.lines):
            assert "source" in scenario.notes.lower(), scenario.name
