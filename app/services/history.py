"""Versions kept aside by imports — replaced by a received version, or received and set aside in a conflict —
and bringing one back as the current version."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from app.services.errors import NotFoundError
from app.services.exchange.comparison import Comparison, compare
from app.storage import exchange_repository as repo
from app.storage.changes import Change, note_change
from app.storage.errors import StoreError
from app.storage.models import RecordHistory
from app.storage.store import Store
from app.travelling import KINDS


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

    @property
    def kind_label(self) -> str:
        """« fiche », « scénario »… (the code itself for a kind this version does not know)."""
        return KINDS[self.kind].label if self.kind in KINDS else self.kind


def _title(kind: str, data: dict[str, object] | None) -> str:
    if data is None:
        return "(supprimé)"
    return KINDS[kind].title(data, "(sans titre)") if kind in KINDS else "(sans titre)"


def _kept(row: RecordHistory) -> KeptVersion:
    data = None if row.data is None else json.loads(row.data)
    return KeptVersion(row.id, row.kind, row.record_id, _title(row.kind, data), row.reason, row.saved_at,
                       row.revision, data is None)


def kept_versions(store: Store, record_id: str | None = None) -> list[KeptVersion]:
    """The versions kept, newest first; of one record, or of all."""
    with store.read() as session:
        return [_kept(row) for row in repo.kept(session, record_id)]


def compared_with_current(store: Store, version_id: int) -> Comparison | None:
    """The record's current version (`local`) beside the kept one (`incoming`), field by field; None for a version of
    a kind this version of Essaim does not know."""
    with store.read() as session:
        kept = session.get(RecordHistory, version_id)
        if kept is None:
            raise NotFoundError(f"Aucune version conservée n'a le numéro {version_id}.")
        if kept.kind not in KINDS:
            return None
        kind = KINDS[kept.kind]
        current = repo.row(session, kind, kept.record_id)
        current_data = repo.data_of(kind, current) if current is not None else None
        kept_data = None if kept.data is None else json.loads(kept.data)
        return compare(kind.name, _title(kind.name, current_data or kept_data), current_data, kept_data)


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
        if kept.kind not in KINDS:
            raise StoreError(f"La version choisie de « {version.title} » est d'un type que cette version d'Essaim "
                             "ne connaît pas : elle ne peut pas être rétablie.")
        kind = KINDS[kept.kind]
        record = kind.decode(json.loads(kept.data), kept.record_id)
        if kind.parent is not None:
            parent = repo.row(session, KINDS[kind.parent], str(getattr(record, str(kind.parent_field))))
            if parent is None or parent.deleted_at is not None:
                raise StoreError(f"La {KINDS[kind.parent].label} du {kind.label} « {version.title} » n'existe plus "
                                 "sur ce poste : la version ne peut pas être rétablie.")
        current = repo.row(session, kind, kept.record_id)
        current_data = repo.data_of(kind, current) if current is not None else None
        if current is not None and current_data is not None:
            repo.keep_in_history(session, kind.name, kept.record_id, current.revision, current.workstation_id,
                                 current_data, "remplacée par une version rétablie de l'historique")
        row = kind.storage.save(session, record, new=current is None)
        row.deleted_at = None
        session.flush()
        kind.storage.after_write(session, [record])
        note_change(session, Change.RECEIVED)
    return version
