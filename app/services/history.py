"""Versions kept aside by imports — replaced by a received version, or received and set aside in a conflict —
and bringing one back as the current version."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from app.domain.codec import from_dict
from app.domain.economics import Scenario
from app.domain.fiche import FicheData
from app.services.errors import NotFoundError
from app.storage import exchange_repository as repo
from app.storage import fiche_repository, grid_repository
from app.storage.errors import StoreError
from app.storage.models import RecordHistory
from app.storage.store import Store

KIND_LABELS = {"fiche": "fiche", "scenario": "scénario"}


@dataclass(frozen=True)
class KeptVersion:
    id: int
    kind: str
    record_id: str
    title: str
    reason: str
    saved_at: datetime
    revision: int
    is_deletion: bool
    """The version kept is a deletion (a tombstone): there is no content to bring back."""


def _title(kind: str, data: dict[str, object] | None) -> str:
    if data is None:
        return "(supprimé)"
    return str(data.get("title") if kind == "fiche" else data.get("name")) or "(sans titre)"


def _kept(row: RecordHistory) -> KeptVersion:
    data = None if row.data is None else json.loads(row.data)
    return KeptVersion(row.id, row.kind, row.record_id, _title(row.kind, data), row.reason, row.saved_at,
                       row.revision, data is None)


def kept_versions(store: Store, record_id: str | None = None) -> list[KeptVersion]:
    """The versions kept, newest first; of one record, or of all."""
    with store.read() as session:
        return [_kept(row) for row in repo.kept(session, record_id)]


def bring_back(store: Store, version_id: int) -> KeptVersion:
    """Make a kept version the current one, in one transaction; the version it replaces is kept in turn.

    This is a change made here: the record gets a new revision from this workstation, so it travels on
    the next exchange like any edit.
    """
    with store.transaction() as session:
        kept = session.get(RecordHistory, version_id)
        if kept is None:
            raise NotFoundError(f"Aucune version conservée n'a le numéro {version_id}.")
        version = _kept(kept)
        if kept.data is None:
            raise StoreError(f"La version choisie de « {version.title} » est une suppression : il n'y a rien à "
                             "rétablir. Supprimez l'enregistrement vous-même si c'est ce que vous voulez.")
        data = json.loads(kept.data)
        current = repo.row(session, kept.kind, kept.record_id)
        current_data = repo.data_of(session, kept.kind, current) if current is not None else None
        if current is not None and current_data is not None:
            repo.keep_in_history(session, kept.kind, kept.record_id, current.revision, current.workstation_id,
                                 current_data, "remplacée par une version rétablie de l'historique")
        if kept.kind == "fiche":
            fiche = from_dict(FicheData, data)
            fiche.id = kept.record_id
            row = fiche_repository.save(session, fiche, new=current is None)
        else:
            scenario = from_dict(Scenario, data)
            scenario.id = kept.record_id
            fiche_row = repo.row(session, "fiche", scenario.fiche_id)
            if fiche_row is None or fiche_row.deleted_at is not None:
                raise StoreError(f"La fiche du scénario « {version.title} » n'existe plus sur ce poste : "
                                 "la version ne peut pas être rétablie.")
            row = grid_repository.save(session, scenario, new=current is None)
        row.deleted_at = None
    return version
