"""Example fiches built from the source documents, shipped in db/seed/exemples.json."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.codec import from_dict, to_dict
from app.domain.economics import Scenario, validate_scenario
from app.domain.fiche import FicheData, validate
from app.domain.formats import format_count
from app.locations import migrations_dir
from app.services.exchange.common import record_hash
from app.storage import fiche_repository as repo
from app.storage import grid_repository
from app.storage.models import StoreInfo
from app.storage.store import Store

EXAMPLES_NAMESPACE = uuid.UUID("5b0c2f1e-9a57-4e2b-8d7c-2f3a6e1d9c40")


def examples_file() -> Path:
    return migrations_dir() / "seed" / "exemples.json"


def example_id(key: str) -> str:
    """The same id on every workstation, so an example loaded twice (or on two machines) is one fiche."""
    return str(uuid.uuid5(EXAMPLES_NAMESPACE, key))


def read_examples(path: Path | None = None) -> list[tuple[FicheData, list[Scenario]]]:
    """The example fiches, each with the scenarios of its economic grid."""
    raw = json.loads((path or examples_file()).read_text(encoding="utf-8"))
    examples = []
    for entry in raw["fiches"]:
        fiche = from_dict(FicheData, entry)
        fiche.id = example_id(entry["key"])
        fiche.is_example = True
        scenarios = []
        for grid_entry in entry.get("grids", []):
            scenario = from_dict(Scenario, grid_entry)
            scenario.id = example_id(f"{entry['key']}/{scenario.name}")
            scenario.fiche_id = fiche.id
            scenarios.append(scenario)
        problems = validate(fiche) + [p for s in scenarios for p in validate_scenario(s)]
        if problems:
            raise ValueError(f"exemple {entry['key']} invalide : {problems}")
        examples.append((fiche, scenarios))
    return examples


@dataclass(frozen=True)
class ExamplesOutcome:
    added: int
    already_there: int
    """Present and as shipped."""
    updated: int = 0
    """Present as an earlier version shipped them, untouched here: brought up to date."""
    kept: int = 0
    """Changed on this station (or in the trash, or received): left as they are."""


def examples_outcome(outcome: ExamplesOutcome) -> str:
    """« 14 fiches d’exemple ajoutées, 0 déjà à jour. », with what was brought up to date or left alone."""
    parts = [format_count(outcome.added, "fiche d’exemple ajoutée", "fiches d’exemple ajoutées")]
    if outcome.updated:
        parts.append(format_count(outcome.updated, "mise à jour d’après les sources corrigées",
                                  "mises à jour d’après les sources corrigées"))
    if outcome.kept:
        parts.append(format_count(outcome.kept, "modifiée sur ce poste, laissée telle quelle",
                                  "modifiées sur ce poste, laissées telles quelles"))
    parts.append(format_count(outcome.already_there, "déjà à jour", "déjà à jour"))
    return ", ".join(parts) + "."


FINGERPRINT_KEY = "exemple:"
"""store_info key prefix: the fingerprint of each example as it was last loaded, to see whether it was changed."""


def _fingerprint(fiche: FicheData, scenarios: list[Scenario]) -> str:
    return record_hash({"fiche": to_dict(fiche), "scenarios": sorted((to_dict(s) for s in scenarios),
                                                                      key=lambda s: s["id"])})


def _untouched(session: Session, store: Store, fiche_id: str, stored: list[Scenario], shipped: list[Scenario]) -> bool:
    """For an example loaded before fingerprints were kept: never changed here, never received, none of its
    scenarios deleted."""
    if grid_repository.deleted_ids(session, [s.id for s in shipped]):
        return False
    rows = [repo.get_fiche(session, fiche_id), *(grid_repository.get(session, s.id) for s in stored)]
    return all(row is not None and row.revision == 1 and row.workstation_id == store.workstation_id for row in rows)


def load_examples(store: Store) -> ExamplesOutcome:
    """Add the examples the store does not hold yet; bring up to date those an earlier version loaded and nobody
    changed since (their fingerprint, or their first revision made here); leave every other one alone. One
    transaction."""
    examples = read_examples()
    added = updated = kept = current = 0
    with store.transaction() as session:
        recorded = {info.key.removeprefix(FINGERPRINT_KEY): info.value for info in session.scalars(
            select(StoreInfo).where(StoreInfo.key.startswith(FINGERPRINT_KEY)))}
        present = repo.existing_ids(session, (fiche.id for fiche, _ in examples))
        for fiche, scenarios in examples:
            shipped = _fingerprint(fiche, scenarios)
            if fiche.id in present:
                row = repo.get_fiche(session, fiche.id)
                stored = grid_repository.scenarios_of(session, fiche.id)
                fingerprint = _fingerprint(repo.to_domain(row), stored) if row is not None else ""
                if fingerprint == shipped:
                    current += 1
                    session.merge(StoreInfo(key=FINGERPRINT_KEY + fiche.id, value=shipped))
                    continue
                untouched = (recorded.get(fiche.id) == fingerprint if fiche.id in recorded
                             else _untouched(session, store, fiche.id, stored, scenarios))
                if row is None or row.trashed_at is not None or not untouched:
                    kept += 1
                    continue
                for gone in {s.id for s in stored} - {s.id for s in scenarios}:
                    grid_repository.delete(session, gone)
                updated += 1
            else:
                added += 1
            repo.save(session, fiche)
            for scenario in scenarios:
                grid_repository.save(session, scenario)
            session.merge(StoreInfo(key=FINGERPRINT_KEY + fiche.id, value=shipped))
    return ExamplesOutcome(added=added, already_there=current, updated=updated, kept=kept)
