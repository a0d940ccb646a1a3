"""The grid's indicators: hand-computed cases and properties."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from app.domain.economics import (
    INDICATOR_EXPLANATIONS,
    INDICATOR_FORMULAS,
    Block,
    GridLine,
    Scenario,
    compute,
    indicator_labels,
    indicator_table,
    replication_cost,
    validate_scenario,
)


def line(block: str, label: str = "x", **values) -> GridLine:  # type: ignore[no-untyped-def]
    return GridLine(block=block, label=label, **values)


def reference() -> Scenario:
    """A grid computed by hand in the comments below."""
    return Scenario(name="Base", horizon_years=3, beneficiaries_per_year=100, lines=[
        line("montage", "Chef de projet", days=Decimal(20), daily_cost=Decimal(300)),                  # 6 000
        line("fonctionnement", "Agent", days=Decimal(50), daily_cost=Decimal(200), scope="par_site"),  # 10 000 / an
        line("investissements", "Camion", amount=Decimal(30000), year=1, depreciation_years=5,
             scope="par_site"),                                                                        # 6 000 / an
        line("autres_depenses", "Carburant", amount=Decimal(5000), scope="par_site"),                  # 5 000 / an
        line("financements", "Département", amount=Decimal(20000), year=1),
        line("couts_evites", "Hospitalisations évitées", amount=Decimal(25000)),
    ])


def test_reference_grid_by_hand() -> None:
    result = compute(reference())
    assert result.setup_cost == Decimal(6000)
    assert result.running_cost_per_year == Decimal(15000)
    assert result.depreciation_by_year == (Decimal(6000),) * 3
    assert result.full_cost_by_year == (Decimal(21000),) * 3
    assert result.average_full_cost_per_year == Decimal(21000)
    assert result.total_cost == Decimal(69000)                       # 6 000 + 3 × 21 000
    assert result.cost_per_beneficiary == Decimal(230)               # 69 000 / (100 × 3)
    assert result.avoided_total == Decimal(75000)
    assert result.net_cost == Decimal(-6000)
    assert result.exceptional_funding == Decimal(20000)
    assert result.remaining_cost == Decimal(49000)
    assert result.funding_share == Decimal(20000) / Decimal(69000)
    assert result.cumulated_costs == (Decimal(27000), Decimal(48000), Decimal(69000))
    assert result.cumulated_avoided == (Decimal(25000), Decimal(50000), Decimal(75000))
    assert result.break_even_year == 2
    assert result.one_more_site == Decimal(63000)                    # 3 × (10 000 + 6 000 + 5 000)
    assert replication_cost(result, 4) == Decimal(252000)


def test_zero_beneficiaries_cannot_give_a_cost_per_beneficiary() -> None:
    scenario = reference()
    scenario.beneficiaries_per_year = 0
    assert compute(scenario).cost_per_beneficiary is None
    scenario.beneficiaries_per_year = None
    assert compute(scenario).cost_per_beneficiary is None


def test_no_avoided_costs_never_break_even() -> None:
    scenario = reference()
    scenario.lines = [grid_line for grid_line in scenario.lines if grid_line.block != Block.COUTS_EVITES]
    result = compute(scenario)
    assert result.avoided_total == 0 and result.net_cost == result.total_cost
    assert result.break_even_year is None


def test_horizon_of_one_year() -> None:
    scenario = reference()
    scenario.horizon_years = 1
    result = compute(scenario)
    assert result.total_cost == Decimal(27000)
    assert result.cost_per_beneficiary == Decimal(270)
    assert result.break_even_year is None                      # 25 000 < 27 000


def test_investment_outside_the_horizon_costs_nothing_within_it() -> None:
    scenario = reference()
    scenario.lines.append(line("investissements", "Extension", amount=Decimal(9000), year=5, depreciation_years=3))
    scenario.lines.append(line("financements", "Versé trop tard", amount=Decimal(1000), year=9))
    result = compute(scenario)
    assert result.total_cost == Decimal(69000)
    assert result.exceptional_funding == Decimal(20000)
    scenario.horizon_years = 6             # year 5: camion 6 000 + extension 3 000; year 6: extension 3 000
    assert compute(scenario).depreciation_by_year[4:] == (Decimal(9000), Decimal(3000))


def test_investment_without_duration_is_charged_in_its_year() -> None:
    scenario = Scenario(name="x", horizon_years=2, lines=[line("investissements", amount=Decimal(1200), year=2)])
    assert compute(scenario).full_cost_by_year == (Decimal(0), Decimal(1200))


def test_learning_discount_makes_each_further_set_up_cheaper() -> None:
    scenario = reference()
    scenario.lines.append(line("montage", "Adapter au site", days=Decimal(10), daily_cost=Decimal(100),
                               scope="par_site"))
    result = compute(scenario)
    assert result.site_setup_cost == Decimal(1000)
    assert replication_cost(result, 2, Decimal("0.5")) == Decimal(1000) + Decimal(500) + 2 * result.site_recurring_cost
    assert replication_cost(result, 0) == 0


def test_bad_values_are_refused_in_french() -> None:
    scenario = reference()
    scenario.name = " "
    scenario.horizon_years = 0
    scenario.learning_discount = Decimal("1.5")
    scenario.lines.append(line("montage", days=Decimal(-2)))
    scenario.lines.append(line("investissements", year=0, depreciation_years=0))
    messages = [error.message for error in validate_scenario(scenario)]
    assert "Le nom du scénario est obligatoire." in messages
    assert "L'horizon va de 1 à 50 ans." in messages
    assert "La remise d'apprentissage va de 0 à 99 %." in messages
    assert any("ne peut pas être négatif" in m for m in messages)
    assert any("l'année du projet commence à 1" in m for m in messages)
    assert any("durée d'amortissement" in m for m in messages)


amounts = st.decimals(min_value=0, max_value=10**7, places=2, allow_nan=False, allow_infinity=False)
blocks = st.sampled_from([b.value for b in Block])
lines_strategy = st.lists(st.builds(
    GridLine, block=blocks, label=st.just("l"), scope=st.sampled_from(["unique", "par_site"]),
    days=st.none() | amounts, daily_cost=st.none() | amounts, amount=st.none() | amounts,
    year=st.none() | st.integers(1, 12), depreciation_years=st.none() | st.integers(1, 10),
), max_size=25)
scenarios = st.builds(Scenario, name=st.just("s"), horizon_years=st.integers(1, 10),
                      beneficiaries_per_year=st.none() | st.integers(0, 5000), lines=lines_strategy)


@given(scenarios)
def test_totals_are_the_sum_of_their_parts(scenario: Scenario) -> None:
    result = compute(scenario)
    horizon = scenario.horizon_years
    assert result.total_cost == result.setup_cost + sum(result.full_cost_by_year)
    assert result.total_cost == sum(result.cost_by_block.values())
    assert sum(result.full_cost_by_year) == horizon * result.running_cost_per_year + sum(result.depreciation_by_year)
    assert result.net_cost == result.total_cost - result.avoided_total
    assert result.remaining_cost + result.exceptional_funding == result.total_cost
    assert result.cumulated_costs[-1] == result.total_cost
    assert result.one_more_site == result.site_setup_cost + result.site_recurring_cost


@given(scenarios, st.integers(1, 30))
def test_replication_is_linear_without_discount(scenario: Scenario, sites: int) -> None:
    result = compute(scenario)
    assert replication_cost(result, sites) == sites * replication_cost(result, 1)
    assert replication_cost(result, 1) == result.one_more_site


@given(scenarios)
def test_depreciation_never_exceeds_what_was_bought(scenario: Scenario) -> None:
    result = compute(scenario)
    bought = sum((grid_line.amount or 0) for grid_line in scenario.lines if grid_line.block == Block.INVESTISSEMENTS)
    assert 0 <= sum(result.depreciation_by_year) <= bought


def test_a_calendar_year_is_refused_not_counted_as_zero() -> None:
    scenario = reference()
    scenario.lines.append(line("investissements", "Camion", amount=Decimal(30000), year=2026, depreciation_years=5))
    scenario.lines.append(line("financements", "Fondation", amount=Decimal(5000), year=4))
    messages = [error.message for error in validate_scenario(scenario)]
    assert ("Investissements, ligne 2 : l'année d'achat 2026 est hors de l'horizon. Indiquez l'année du projet, "
            "de 1 à 3 (1 = la première année).") in messages
    assert ("Financements exceptionnels mobilisés, ligne 2 : l'année 4 est hors de l'horizon. Indiquez l'année "
            "du projet, de 1 à 3 (1 = la première année).") in messages


def test_errors_name_the_line_as_numbered_in_its_block() -> None:
    scenario = reference()
    scenario.lines.append(line("investissements", "Ordinateur", amount=Decimal(-900)))
    errors = validate_scenario(scenario)
    assert [error.message for error in errors] == [
        "Investissements, ligne 2 : le montant ne peut pas être négatif."]
    assert errors[0].field == "lines.6.amount", "the field still points at the line in the scenario"


def test_labels_name_the_horizon_with_its_agreement_or_stay_neutral() -> None:
    scenario = reference()
    labels = {key: label for key, label, _value in indicator_table(scenario, compute(scenario))}
    assert labels["total_cost"] == "Coût total sur 3 ans"
    scenario.horizon_years = 1
    labels = {key: label for key, label, _value in indicator_table(scenario, compute(scenario))}
    assert labels["avoided_total"] == "Coûts évités sur 1 an"
    assert indicator_labels()["total_cost"] == "Coût total sur l'horizon"
    assert list(indicator_labels()) == list(labels)


def test_every_indicator_is_explained_in_french_with_its_formula_in_words() -> None:
    keys = list(indicator_labels())
    assert list(INDICATOR_EXPLANATIONS) == keys and list(INDICATOR_FORMULAS) == keys
    for key in keys:
        explanation, formula = INDICATOR_EXPLANATIONS[key], INDICATOR_FORMULAS[key]
        assert len(explanation) > 40 and len(formula) > 30, key
        assert explanation.endswith(".") and formula.endswith("."), key
    assert INDICATOR_FORMULAS["cost_per_beneficiary"].startswith(
        "Coût total divisé par le nombre de bénéficiaires")
    assert INDICATOR_FORMULAS["net_cost"] == "Coût total moins les coûts évités sur l'horizon."
    assert INDICATOR_FORMULAS["remaining_cost"] == "Coût total moins les financements exceptionnels acquis."
    assert "divisés par le coût total" in INDICATOR_FORMULAS["funding_share"]
    assert "non acquis" in INDICATOR_FORMULAS["exceptional_funding"]
