"""The match of a fiche against schemes, on hand-built cases: why each fits, what does not, what is unknown."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from app.domain.fiche import FicheData
from app.domain.scheme_match import match_all, match_scheme
from app.domain.schemes import Deadline, Scheme

TODAY = date(2026, 11, 26)
CCAS_ISERE = FicheData(id="f", title="Visites à domicile énergie", structure_name="CCAS de Vif", structure_type="ccas",
                       themes=["precarite_energetique"], stage="experimentation", scaling_models=["duplication"])


def scheme(name: str, **values: Any) -> Scheme:
    return Scheme(id=name, name=name, **values)


ENERGY = scheme("Fonds énergie Isère", audiences=["ccas", "commune"], themes=["precarite_energetique"],
                stages=["experimentation"], supports_scaling=True, kinds=["subvention"], amount_max=Decimal(40000),
                territories=["D38"], deadlines=[Deadline(date(2027, 2, 1))])
ASSOCIATIONS = scheme("Prix associatif", audiences=["association"], themes=["precarite_energetique"],
                      kinds=["prix"], amount_max=Decimal(5000))
PASSED = scheme("Appel passé très adapté", audiences=["ccas"], themes=["precarite_energetique"],
                stages=["experimentation"], supports_scaling=True, kinds=["subvention"], amount_max=Decimal(900000),
                territories=["D38"], deadlines=[Deadline(date(2026, 10, 1))])
SUPPORT = scheme("Accompagnement local", audiences=["public-org"], kinds=["accompagnement"], without_money=True)


def covers_isere(found: Scheme) -> str:
    return {"D38": "couvre", "R93": "hors"}.get(found.territories[0], "inconnu") if found.territories else "inconnu"


def test_a_rural_ccas_on_energy_poverty_at_the_experimentation_stage() -> None:
    match = match_scheme(CCAS_ISERE, ENERGY, TODAY, remaining=Decimal(30000), territory_fit=covers_isere)
    assert match.reasons == (
        "Ouvert aux structures comme la vôtre (CCAS).", "Couvre le territoire de la fiche.",
        "Thématique : Précarité énergétique.", "Soutient les projets au stade « Expérimentation ».",
        "Soutient l'essaimage, que la fiche prévoit.",
        "Jusqu'à 40\u202f000\u00a0€ : de quoi couvrir le reste à charge (30\u202f000\u00a0€).")
    assert match.misfits == () and match.unknowns == ()
    other = match_scheme(CCAS_ISERE, ASSOCIATIONS, TODAY, remaining=Decimal(30000), territory_fit=covers_isere)
    assert other.misfits == ("Réservé à d'autres structures que « CCAS » (Association).",)
    assert "Territoire du dispositif ou de la fiche non renseigné." in other.unknowns
    assert "Jusqu'à 5\u202f000\u00a0€ : 17\u00a0% du reste à charge." in other.reasons
    assert other.score < match.score


def test_a_passed_deadline_never_outranks_an_open_scheme() -> None:
    ranked = match_all(CCAS_ISERE, [PASSED, ASSOCIATIONS, ENERGY, SUPPORT], TODAY, Decimal(30000), covers_isere)
    names = [m.scheme.name for m in ranked]
    assert names[-1] == "Appel passé très adapté", "the best fit on paper, but closed to applications"
    assert names[0] == "Fonds énergie Isère"
    passed = ranked[-1]
    assert not passed.open and passed.score >= ranked[0].score, "it scores as well as the first"
    assert passed.misfits[-1].startswith("On ne peut pas y candidater aujourd'hui")


def test_a_cias_fits_what_intercommunalities_and_public_bodies_may_get() -> None:
    cias = FicheData(id="c", title="Mobilité", structure_name="CIAS", structure_type="cias")
    for audiences, fits in ((["epci"], True), (["public-org"], True), (["commune"], False), (["cias"], True)):
        match = match_scheme(cias, scheme("S", audiences=audiences), TODAY)
        assert bool(match.misfits) is not fits, audiences
    support = match_scheme(cias, SUPPORT, TODAY)
    assert "Un appui sans apport d'argent." in support.reasons


def test_a_call_for_projects_brings_money_unless_it_says_it_does_not() -> None:
    funded = scheme("Fonds d'expérimentation", kinds=["appel_projets"], amount_max=Decimal(50000))
    assert "Un appui sans apport d'argent." not in match_scheme(CCAS_ISERE, funded, TODAY).reasons
    assert any(reason.startswith("Jusqu'à 50") for reason in
               match_scheme(CCAS_ISERE, funded, TODAY, remaining=Decimal(30000)).reasons)
    unfunded = scheme("Appel non subventionné", kinds=["appel_projets"], without_money=True)
    assert "Un appui sans apport d'argent." in match_scheme(CCAS_ISERE, unfunded, TODAY).reasons
    unknown = match_scheme(CCAS_ISERE, scheme("AMI", kinds=["ami"]), TODAY, remaining=Decimal(30000))
    assert "Montant non précisé." in unknown.unknowns
