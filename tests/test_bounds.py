"""The domain's validation refuses what Essaim cannot store, compute or print: numbers that are not numbers or
are out of all proportion, texts and lists beyond their bounds, dates out of range; the editor and an import
refuse them alike, in French, without echoing a huge value."""

from __future__ import annotations

import re
import uuid
from datetime import date
from decimal import Decimal

import pytest

from app.domain.economics import Block, GridLine, Scenario, validate_scenario
from app.domain.fiche import HumanMean, Indicator, validate
from app.domain.formats import shorten
from tests.fiche_factory import full_fiche

UNUSABLE = ["NaN", "-NaN", "sNaN", "Infinity", "-Infinity", "1e999999999", "-1e999999999", "1e-999999999",
            "1" * 5000, "0." + "1" * 5000]

FICHE_DECIMALS = [("human_means", HumanMean, "fte"), ("indicators", Indicator, "baseline"),
                  ("indicators", Indicator, "target"), ("indicators", Indicator, "measured")]
LINE_DECIMALS = ["days", "daily_cost", "amount"]


def messages(errors: list) -> str:  # type: ignore[type-arg]
    text = " ".join(error.message for error in errors)
    assert not re.search(r"(.)\1{40}", text), "a huge value is never echoed whole"
    return text


@pytest.mark.parametrize("value", UNUSABLE)
@pytest.mark.parametrize(("field", "row", "attr"), FICHE_DECIMALS)
def test_every_decimal_of_a_fiche_refuses_unusable_numbers(field: str, row: type, attr: str, value: str) -> None:
    fiche = full_fiche(str(uuid.uuid4()))
    setattr(fiche, field, [row(**{attr: Decimal(value)})])
    assert messages(validate(fiche))


@pytest.mark.parametrize("value", UNUSABLE)
@pytest.mark.parametrize("attr", LINE_DECIMALS)
def test_every_decimal_of_a_scenario_refuses_unusable_numbers(attr: str, value: str) -> None:
    scenario = Scenario(id=str(uuid.uuid4()), fiche_id=str(uuid.uuid4()), name="Base",
                        lines=[GridLine(Block.AUTRES_DEPENSES.value, "Loyer", **{attr: Decimal(value)})])
    assert messages(validate_scenario(scenario))


@pytest.mark.parametrize("value", UNUSABLE)
def test_the_learning_discount_refuses_unusable_numbers(value: str) -> None:
    scenario = Scenario(id=str(uuid.uuid4()), fiche_id=str(uuid.uuid4()), learning_discount=Decimal(value))
    assert messages(validate_scenario(scenario))


def test_reasonable_numbers_pass() -> None:
    fiche = full_fiche(str(uuid.uuid4()))
    fiche.human_means = [HumanMean("Chef de projet", Decimal("0.123456"))]
    fiche.indicators = [Indicator("Montant", "€", Decimal("999999999999.99"), Decimal("1.5E+3"), Decimal(0))]
    assert validate(fiche) == []


def test_sizes_counts_and_dates_of_a_fiche_have_bounds() -> None:
    fiche = full_fiche(str(uuid.uuid4()))
    fiche.title = "É" * 301
    fiche.tags = [f"mot {n}" for n in range(1001)]
    fiche.summary = "x" * 100_001
    fiche.beneficiaries_per_year = 10**12
    fiche.start_date = date(1, 1, 1)
    fiche.indicators[0].measured_on = date(9999, 12, 31)
    fiche.attachments[0].size = -1
    text = messages(validate(fiche))
    assert {error.field for error in validate(fiche)} >= {"title", "tags", "summary", "beneficiaries_per_year",
                                                          "start_date", "indicators", "attachments.0.size"}
    assert "Titre : texte trop long (301 caractères ; au plus 300)." in text
    assert "Mots-clés : trop d'éléments (1\u202f001 éléments ; au plus 1\u202f000)." in text
    assert "Date de démarrage : date hors de la période 1900–2100 (« 0001-01-01 »)." in text
    assert "Indicateurs : ligne 1, date hors de la période 1900–2100 (« 9999-12-31 »)." in text


def test_a_scenario_has_bounds_too() -> None:
    scenario = Scenario(id=str(uuid.uuid4()), fiche_id=str(uuid.uuid4()), name="Base " * 100,
                        beneficiaries_per_year=2**63,
                        lines=[GridLine(Block.MONTAGE.value, "Chef", days=Decimal(1))] * 1001)
    fields = {error.field for error in validate_scenario(scenario)}
    assert fields >= {"name", "beneficiaries_per_year", "lines"}


def test_shorten_cuts_long_values_only() -> None:
    assert shorten("court") == "court"
    assert shorten("x" * 100) == "x" * 39 + "…"
    assert len(shorten("y" * 10**6, 10)) == 10
