"""Example fiches built from the source documents, shipped in db/seed/exemples.json."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from pathlib import Path

from app.domain.codec import from_dict
from app.domain.economics import Scenario, validate_scenario
from app.domain.fiche import FicheData, validate
from app.domain.formats import format_count
from app.locations import migrations_dir
from app.storage import fiche_repository as repo
from app.storage import grid_repository
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


def examples_outcome(added: int, already_there: int) -> str:
    """« 14 fiches d'exemple ajoutées, 0 déjà présente »."""
    return (f"{format_count(added, 'fiche d’exemple ajoutée', 'fiches d’exemple ajoutées')}, "
            f"{format_count(already_there, 'déjà présente', 'déjà présentes')}.")


def load_examples(store: Store) -> ExamplesOutcome:
    """Add the examples the store does not hold yet (even in the trash), in one transaction."""
    examples = read_examples()
    with store.transaction() as session:
        present = repo.existing_ids(session, (fiche.id for fiche, _ in examples))
        for fiche, scenarios in examples:
            if fiche.id not in present:
                repo.save(session, fiche)
                for scenario in scenarios:
                    grid_repository.save(session, scenario)
    return ExamplesOutcome(added=len(examples) - len(present), already_there=len(present))
