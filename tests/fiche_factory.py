"""Fiches for tests: one with every field filled, and a Hypothesis strategy."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from hypothesis import strategies as st

from app.domain.fiche import (
    Attachment,
    Contact,
    FactorRating,
    FicheData,
    HumanMean,
    Indicator,
    Partner,
    Site,
    Source,
    Step,
)
from app.domain.vocabulary import (
    VARIANT_MODELS,
    DatePrecision,
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
    ScalingVariant,
    Stage,
    StructureType,
    TerritoryKind,
    Theme,
)


def full_fiche(fiche_id: str = "0f6c7c1e-3b8a-4d7e-9f10-2a3b4c5d6e7f") -> FicheData:
    return FicheData(
        id=fiche_id, title="Épicerie sociale itinérante", summary="Un camion qui dessert les hameaux.",
        status="validee", tags=["épicerie", "itinérance"],
        structure_name="CIAS du Pays de Bray", structure_type="cias", commune="Forges-les-Eaux", insee_code="76276",
        departement="Seine-Maritime", region="Normandie", territory_kind="rural",
        contacts=[Contact("Louise Bernard", "Directrice", "louise.bernard@cias-bray.fr", "02 35 00 00 00")],
        need="Isolement des personnes âgées sans voiture.", target_public="Personnes âgées et familles modestes",
        beneficiaries_per_year=340, themes=["alimentation", "lien_social"],
        steps=[Step("Tournée hebdomadaire"), Step("Permanence sociale dans le camion")],
        human_means=[HumanMean("Chauffeur-vendeur", Decimal("1")), HumanMean("Travailleur social", Decimal("0.3"))],
        start_date=date(2021, 3, 1), start_precision="mois", stage="consolidee",
        stop_reason="La tournée du mardi s'est arrêtée en 2023, faute de chauffeur.",
        sites=[Site("Canton de Forges", "Forges-les-Eaux", 2021, False), Site("Canton d'Aumale", "Aumale", 2024, True)],
        partners=[Partner("Banque alimentaire", "association", "operationnel", "Denrées", "emergence"),
                  Partner("Département", "departement", "financier", "Subvention de 20 000 €", "consolidation")],
        public_role="Le Département finance le camion ; la commune prête un local.",
        natures=["sociale", "usage"], objects=["produits_services"], intensity="adaptation",
        objectives="Rompre l'isolement", impacts="Moins de renoncements aux courses",
        indicators=[Indicator("Foyers servis", "foyers", Decimal("0"), Decimal("400"), Decimal("340.5"),
                              date(2025, 12, 31))],
        evaluation_method="protocole", evaluation_duration="deux ans", evaluation_committee="Élus, CIAS, usagers",
        evaluator="Un laboratoire de sociologie", evaluation_findings="Les renoncements baissent d'un tiers.",
        evidence_level="2", lessons="Les tournées fixes rassurent.",
        factors=[FactorRating("connaitre", 3, "Diagnostic des hameaux"), FactorRating("financer", 1, "")],
        difficulties="Coût du carburant", levers_helped="Élus engagés", levers_for_others="Mutualiser le camion",
        scaling_objectives=["nombre_territoires"], scaling_models=["duplication", "cooperation"],
        scaling_variants=["duplication_souple"],
        core_concept="La tournée régulière avec permanence sociale", room_to_adapt="Produits vendus",
        initiator_willing=True, initiator_available=False, materials_ready=None, readiness_notes="Guide en cours",
        attachments=[Attachment("a" * 64, "plaquette.pdf", 1234, "Plaquette")],
        sources=[Source("Rapport d'activité 2024", "https://example.org/rapport", "p. 12")],
    )


def _with_variant_models(fiche: FicheData) -> FicheData:
    """A variant goes with its model: tick the models of the generated variants."""
    fiche.scaling_models += [VARIANT_MODELS[v] for v in fiche.scaling_variants
                             if VARIANT_MODELS[v] not in fiche.scaling_models]
    fiche.scaling_models = list(dict.fromkeys(fiche.scaling_models))
    return fiche


def codes(vocabulary) -> st.SearchStrategy[str]:  # type: ignore[no-untyped-def]
    return st.sampled_from([member.value for member in vocabulary])


def code_lists(vocabulary) -> st.SearchStrategy[list[str]]:  # type: ignore[no-untyped-def]
    return st.lists(codes(vocabulary), unique=True, max_size=4)


texts = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=40)
required = texts.filter(lambda t: t.strip() != "")
decimals = st.none() | st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False)
dates = st.none() | st.dates(min_value=date(1990, 1, 1), max_value=date(2040, 12, 31))
flags = st.none() | st.booleans()

fiches = st.builds(
    FicheData,
    id=st.uuids().map(str), title=required, summary=texts, status=codes(FicheStatus), tags=st.lists(texts, max_size=3),
    structure_name=required, structure_type=codes(StructureType), commune=texts, departement=texts, region=texts,
    territory_kind=codes(TerritoryKind),
    contacts=st.lists(st.builds(Contact, name=texts, role=texts), max_size=2),
    need=texts, target_public=texts, beneficiaries_per_year=st.none() | st.integers(0, 10**6), themes=code_lists(Theme),
    steps=st.lists(st.builds(Step, text=texts), max_size=3),
    human_means=st.lists(st.builds(HumanMean, role=texts, fte=decimals), max_size=2),
    start_date=dates, stage=codes(Stage),
    sites=st.lists(st.builds(Site, name=texts, commune=texts, since_year=st.none() | st.integers(1950, 2050),
                             taken_up=st.booleans()), max_size=2),
    partners=st.lists(st.builds(Partner, name=texts, structure_type=codes(StructureType), role=codes(PartnerRole),
                                contribution=texts, phase=codes(ProjectPhase)), max_size=3),
    natures=code_lists(InnovationNature), objects=code_lists(InnovationObject), intensity=codes(InnovationIntensity),
    objectives=texts, impacts=texts,
    indicators=st.lists(st.builds(Indicator, name=texts, unit=texts, baseline=decimals, target=decimals,
                                  measured=decimals, measured_on=dates), max_size=2),
    evaluation_method=codes(EvaluationMethod), evidence_level=codes(EvidenceLevel), lessons=texts,
    factors=st.lists(st.builds(FactorRating, factor=codes(KeySuccessFactor), rating=st.none() | st.integers(0, 3),
                               comment=texts), max_size=3),
    difficulties=texts, levers_helped=texts, levers_for_others=texts,
    scaling_objectives=code_lists(ScalingObjective), scaling_models=code_lists(ScalingModel),
    core_concept=texts, room_to_adapt=texts, initiator_willing=flags, initiator_available=flags, materials_ready=flags,
    readiness_notes=texts,
    sources=st.lists(st.builds(Source, title=texts, url=texts, note=texts), max_size=2),
    start_precision=st.sampled_from(["", *DatePrecision]), stop_reason=texts, public_role=texts,
    evaluation_duration=texts, evaluation_committee=texts, evaluator=texts, evaluation_findings=texts,
    scaling_variants=code_lists(ScalingVariant),
).map(_with_variant_models)
