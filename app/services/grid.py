"""Use cases of the economic-model workspace: scenarios of a fiche, their indicators, their workbook."""

from __future__ import annotations

import copy
import uuid
from decimal import Decimal

from app.domain.economics import Indicators, Scenario, compute, validate_scenario
from app.domain.text_checks import unreadable_text_errors
from app.services.errors import NotFoundError, ValidationError
from app.storage import grid_repository as repo
from app.storage.errors import StoreError
from app.storage.store import Store


def scenarios(store: Store, fiche_id: str) -> list[Scenario]:
    with store.read() as session:
        return repo.scenarios_of(session, fiche_id)


def find(store: Store, fiche_id: str, name: str | None = None) -> Scenario:
    """The scenario called `name` (the first one when no name is given)."""
    found = scenarios(store, fiche_id)
    if not found:
        raise NotFoundError("Cette fiche n'a pas encore de modèle économique.")
    if name is None:
        return found[0]
    for scenario in found:
        if scenario.name == name:
            return scenario
    names = ", ".join(f"« {s.name} »" for s in found)
    raise NotFoundError(f"Aucun scénario « {name} » pour cette fiche (scénarios : {names}).")


def _check_unique_name(store: Store, scenario: Scenario) -> None:
    for other in scenarios(store, scenario.fiche_id):
        if other.id != scenario.id and other.name.strip() == scenario.name.strip():
            raise StoreError(f"Un scénario « {scenario.name} » existe déjà pour cette fiche : choisissez un autre nom.")


def save(store: Store, scenario: Scenario) -> Scenario:
    errors = validate_scenario(scenario) + unreadable_text_errors(scenario)
    if errors:
        raise ValidationError(errors, "Le scénario")
    _check_unique_name(store, scenario)
    scenario = copy.deepcopy(scenario)
    with store.transaction() as session:
        repo.save(session, scenario)
    return scenario


def create(store: Store, fiche_id: str, name: str, beneficiaries_per_year: int | None = None) -> Scenario:
    return save(store, Scenario(id=str(uuid.uuid4()), fiche_id=fiche_id, name=name,
                                beneficiaries_per_year=beneficiaries_per_year))


def duplicate(store: Store, scenario: Scenario, name: str) -> Scenario:
    twin = copy.deepcopy(scenario)
    twin.id = str(uuid.uuid4())
    twin.name = name
    return save(store, twin)


def delete(store: Store, scenario_id: str) -> None:
    with store.transaction() as session:
        if not repo.delete(session, scenario_id):
            raise NotFoundError("Ce scénario n'existe plus.")


def indicators(scenario: Scenario) -> Indicators:
    return compute(scenario)


def default_daily_cost(daily_costs: dict[str, str], role: str) -> Decimal | None:
    """The preferred daily cost of `role` (case-insensitive), if the preferences name it."""
    for known, cost in daily_costs.items():
        if known.casefold() == role.strip().casefold():
            return Decimal(cost.replace(",", "."))
    return None
