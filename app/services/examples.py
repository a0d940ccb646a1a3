"""Example fiches built from the source documents, shipped in db/seed/exemples.json."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from pathlib import Path

from app.domain.codec import from_dict
from app.domain.fiche import FicheData, validate
from app.locations import migrations_dir
from app.storage import fiche_repository as repo
from app.storage.store import Store

EXAMPLES_NAMESPACE = uuid.UUID("5b0c2f1e-9a57-4e2b-8d7c-2f3a6e1d9c40")


def examples_file() -> Path:
    return migrations_dir() / "seed" / "exemples.json"


def example_id(key: str) -> str:
    """The same id on every workstation, so an example loaded twice (or on two machines) is one fiche."""
    return str(uuid.uuid5(EXAMPLES_NAMESPACE, key))


def read_examples(path: Path | None = None) -> list[FicheData]:
    raw = json.loads((path or examples_file()).read_text(encoding="utf-8"))
    fiches = []
    for entry in raw["fiches"]:
        fiche = from_dict(FicheData, entry)
        fiche.id = example_id(entry["key"])
        fiche.is_example = True
        problems = validate(fiche)
        if problems:
            raise ValueError(f"exemple {entry['key']} invalide : {problems}")
        fiches.append(fiche)
    return fiches


@dataclass(frozen=True)
class ExamplesOutcome:
    added: int
    already_there: int


def load_examples(store: Store) -> ExamplesOutcome:
    """Add the examples the store does not hold yet (even in the trash), in one transaction."""
    fiches = read_examples()
    with store.transaction() as session:
        present = repo.existing_ids(session, (fiche.id for fiche in fiches))
        for fiche in fiches:
            if fiche.id not in present:
                repo.save(session, fiche)
    return ExamplesOutcome(added=len(fiches) - len(present), already_there=len(present))
