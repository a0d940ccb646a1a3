"""The funding catalogue shipped with Essaim (db/seed/catalogue.json): read it, load it, keep the user's edits.

Each shipped scheme has a stable key; its id is derived from it, so that the same scheme is one record on every
workstation. Loading again adds nothing; when a new version of Essaim ships a scheme changed, the fields the user
left as shipped take the new values and those the user edited stay as they are (`schemes.merge_update`).
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.domain.codec import from_dict, to_dict
from app.domain.formats import format_count
from app.domain.schemes import Scheme, SchemeOrigin, merge_update, validate_scheme
from app.locations import migrations_dir
from app.storage import scheme_repository as repo
from app.storage.models import StoreInfo
from app.storage.store import Store

CATALOGUE_NAMESPACE = uuid.UUID("9e1d7c52-4a0b-4f7e-b3a8-6c2e5d1f0a37")
LOADED_KEY = "catalogue_charge"
"""store_info: set once the shipped catalogue was loaded (the workspace loads it when first shown)."""


def catalogue_file() -> Path:
    return migrations_dir() / "seed" / "catalogue.json"


def scheme_id(key: str) -> str:
    return str(uuid.uuid5(CATALOGUE_NAMESPACE, key))


def read_catalogue(path: Path | None = None) -> list[Scheme]:
    """The shipped schemes, with their ids, origin and parent set; a scheme that breaks a rule is a bug."""
    raw = json.loads((path or catalogue_file()).read_text(encoding="utf-8"))
    schemes = []
    for entry in raw["schemes"]:
        scheme = from_dict(Scheme, entry)
        scheme.id = scheme_id(entry["key"])
        scheme.origin, scheme.origin_key = SchemeOrigin.CATALOGUE.value, entry["key"]
        scheme.parent_id = scheme_id(entry["parent_key"]) if entry.get("parent_key") else ""
        problems = validate_scheme(scheme)
        if problems:
            raise ValueError(f"dispositif {entry['key']} invalide : {problems}")
        schemes.append(scheme)
    return schemes


@dataclass(frozen=True)
class CatalogueOutcome:
    added: int
    updated: int
    unchanged: int
    kept: int
    """Schemes where an edit of the user was kept against the new shipped version."""
    deleted_here: int
    """Shipped schemes the user deleted: not brought back."""


def catalogue_outcome(outcome: CatalogueOutcome) -> str:
    """« 124 dispositifs ajoutés, 0 mis à jour, 0 inchangé. », and what was kept of the user's."""
    parts = [format_count(outcome.added, "dispositif ajouté", "dispositifs ajoutés"),
             format_count(outcome.updated, "mis à jour", "mis à jour"),
             format_count(outcome.unchanged, "inchangé", "inchangés")]
    if outcome.kept:
        parts.append(format_count(outcome.kept, "dont vos modifications ont été gardées",
                                  "dont vos modifications ont été gardées"))
    if outcome.deleted_here:
        parts.append(format_count(outcome.deleted_here, "supprimé sur ce poste, laissé supprimé",
                                  "supprimés sur ce poste, laissés supprimés"))
    return ", ".join(parts) + "."


def load_catalogue(store: Store, path: Path | None = None) -> CatalogueOutcome:
    """Add the shipped schemes this store lacks and bring the others up to date, keeping the user's edits; one
    transaction."""
    shipped = read_catalogue(path)
    added = updated = unchanged = kept = deleted_here = 0
    with store.transaction() as session:
        present = repo.by_origin(session, SchemeOrigin.CATALOGUE.value)
        for scheme in shipped:
            now = to_dict(scheme)
            row = present.get(scheme.origin_key)
            if row is None:
                repo.save(session, scheme, shipped=now)
                added += 1
                continue
            if row.deleted_at is not None:
                deleted_here += 1
                continue
            merged = merge_update(to_dict(repo.to_domain(row)), repo.shipped_of(row), now)
            kept += bool(merged.kept)
            if merged.taken:
                repo.save(session, _scheme(merged.data), shipped=now)
                updated += 1
            else:
                repo.remember_shipped(row, now)
                unchanged += 1
        session.merge(StoreInfo(key=LOADED_KEY, value="1"))
    return CatalogueOutcome(added, updated, unchanged, kept, deleted_here)


def _scheme(data: dict[str, Any]) -> Scheme:
    scheme: Scheme = from_dict(Scheme, data)
    scheme.id = str(data["id"])
    return scheme


def catalogue_loaded(store: Store) -> bool:
    with store.read() as session:
        return session.get(StoreInfo, LOADED_KEY) is not None
