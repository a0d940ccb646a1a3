"""Exchange state in the store: records as they travel, correspondents, agreed versions, replaced versions."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session, selectinload

from app.domain.codec import from_dict, to_dict
from app.domain.economics import Scenario
from app.domain.fiche import FicheData
from app.storage import fiche_repository, grid_repository
from app.storage.models import (
    ExchangePeer,
    ExchangeRecord,
    Fiche,
    GridScenario,
    RecordHistory,
    StoreInfo,
    TravellingRecord,
)

MODELS: dict[str, type[TravellingRecord]] = {"fiche": Fiche, "scenario": GridScenario}


def row(session: Session, kind: str, record_id: str) -> TravellingRecord | None:
    """The stored row, tombstones included."""
    return session.get(MODELS[kind], record_id)


def rows(session: Session, kind: str, record_ids: list[str], chunk: int = 500) -> dict[str, TravellingRecord]:
    """The stored rows (tombstones included) with their lists loaded, read in a few queries."""
    model = MODELS[kind]
    options = fiche_repository._with_children() if kind == "fiche" else [selectinload(GridScenario.lines)]
    found: dict[str, TravellingRecord] = {}
    for start in range(0, len(record_ids), chunk):
        part = record_ids[start:start + chunk]
        found.update((r.id, r) for r in session.scalars(select(model).options(*options).where(model.id.in_(part))))
    return found


def data_of(session: Session, kind: str, record: TravellingRecord) -> dict[str, Any] | None:
    """The record's content as a JSON-ready dict; None for a tombstone."""
    if record.deleted_at is not None:
        return None
    if kind == "fiche":
        return to_dict(fiche_repository.to_domain(record))  # type: ignore[arg-type]
    return to_dict(grid_repository.to_domain(record))  # type: ignore[arg-type]


def ids(session: Session, kind: str) -> list[str]:
    """Every record of this kind that may travel: tombstones included, fiches in the trash left out (the trash
    is a local, reversible choice; emptying it makes the tombstones that carry the deletion)."""
    model = MODELS[kind]
    return list(session.scalars(select(model.id).where(*_outside_trash(model))))


def _outside_trash(model: type) -> list[Any]:
    """The condition that keeps fiches in the local trash from travelling (other kinds have no trash)."""
    return [Fiche.trashed_at.is_(None)] if model is Fiche else []


def scenario_ids_of(session: Session, fiche_ids: list[str]) -> list[str]:
    return list(session.scalars(select(GridScenario.id).where(GridScenario.fiche_id.in_(fiche_ids))))


def write(session: Session, kind: str, data: dict[str, Any] | None, *, revision: int, created_at: datetime | None,
          updated_at: datetime, workstation_id: str, deleted_at: datetime | None, record_id: str,
          existing: TravellingRecord | None) -> FicheData | None:
    """Store a record exactly as received: content, or a tombstone, with its own metadata.

    The session must have KEEP_METADATA_KEY set, so that the stamping hook leaves these columns alone.
    Nothing is flushed; a fiche to index is returned (see `fiche_repository.reindex_many`).
    """
    stored: TravellingRecord
    to_index = None
    if deleted_at is not None:
        if existing is None:
            return None  # nothing here to delete
        if existing.deleted_at is None:
            if kind == "fiche":
                fiche_repository.make_tombstone(session, record_id)
            else:
                grid_repository.delete(session, record_id)
        stored = existing
    elif kind == "fiche":
        fiche = from_dict(FicheData, data)
        fiche.id = record_id
        stored = fiche_repository.save(session, fiche, new=existing is None, flush=False, index=False)
        to_index = fiche
    else:
        scenario = from_dict(Scenario, data)
        scenario.id = record_id
        stored = grid_repository.save(session, scenario, new=existing is None, flush=False)
    stored.revision = revision
    stored.updated_at = updated_at
    stored.created_at = created_at or stored.created_at or updated_at
    stored.workstation_id = workstation_id
    stored.deleted_at = deleted_at
    return to_index


def write_many(session: Session, kind: str, records: list[tuple[dict[str, Any], dict[str, object]]], *,
               stored: bool) -> list[FicheData]:
    """Write received records, each (content, travelling columns), in a few statements: created when absent,
    overwritten when `stored` (those rows must not be loaded in this session).

    Far quicker than `write` for an import of many; returns the fiches to index (see `fiche_repository.reindex_many`).
    """
    metadata = [meta for _data, meta in records]
    if kind == "fiche":
        fiches = [from_dict(FicheData, data) for data, _meta in records]
        (fiche_repository.replace_many if stored else fiche_repository.insert_many)(session, fiches, metadata)
        return fiches
    scenarios = [from_dict(Scenario, data) for data, _meta in records]
    (grid_repository.replace_many if stored else grid_repository.insert_many)(session, scenarios, metadata)
    return []


def live_ids(session: Session, kind: str, record_ids: list[str], chunk: int = 500) -> set[str]:
    """Those of the given records that may be sent: stored, not tombstones, fiches not in the trash."""
    model = MODELS[kind]
    live = [model.deleted_at.is_(None), *_outside_trash(model)]
    found: set[str] = set()
    for start in range(0, len(record_ids), chunk):
        found.update(session.scalars(select(model.id).where(model.id.in_(record_ids[start:start + chunk]), *live)))
    return found


def versions(session: Session, kind: str, record_ids: list[str], chunk: int = 500) -> dict[str, tuple[int, str]]:
    """record id → (revision, workstation id) of the stored rows, without loading them."""
    model = MODELS[kind]
    found: dict[str, tuple[int, str]] = {}
    for start in range(0, len(record_ids), chunk):
        statement = select(model.id, model.revision, model.workstation_id).where(
            model.id.in_(record_ids[start:start + chunk]))
        found.update((record_id, (revision, workstation)) for record_id, revision, workstation in session.execute(statement))
    return found


# -- correspondents -------------------------------------------------------------------------------

def peer_by_name(session: Session, name: str) -> ExchangePeer | None:
    return session.scalars(select(ExchangePeer).where(ExchangePeer.name == name)).first()


def peer_by_workstation(session: Session, workstation_id: str) -> ExchangePeer | None:
    return session.scalars(select(ExchangePeer).where(ExchangePeer.workstation_id == workstation_id)).first()


def peers(session: Session) -> list[ExchangePeer]:
    return list(session.scalars(select(ExchangePeer).order_by(ExchangePeer.name)))


def rename_peer(session: Session, name: str, new_name: str) -> bool:
    peer = peer_by_name(session, name)
    if peer is None:
        return False
    peer.name = new_name
    return True


def peer_by_id(session: Session, peer_id: str) -> ExchangePeer | None:
    return session.get(ExchangePeer, peer_id)


def add_peer(session: Session, name: str, workstation_id: str | None = None,
             peer_id: str | None = None) -> ExchangePeer:
    peer = ExchangePeer(name=name, workstation_id=workstation_id, **({"id": peer_id} if peer_id else {}))
    session.add(peer)
    session.flush()
    return peer


def agreed(session: Session, peer_id: str) -> dict[str, tuple[str, int]]:
    """record id → (hash, revision) of the version last agreed with this correspondent."""
    rows = session.execute(select(ExchangeRecord.record_id, ExchangeRecord.agreed_hash, ExchangeRecord.agreed_revision)
                           .where(ExchangeRecord.peer_id == peer_id))
    return {record_id: (digest, revision) for record_id, digest, revision in rows}


def set_agreed(session: Session, peer_id: str, agreements: list[tuple[str, str, str, int]]) -> None:
    """Record (kind, record id, hash, revision) as agreed with the correspondent, in one statement."""
    if not agreements:
        return
    statement = sqlite_insert(ExchangeRecord)
    statement = statement.on_conflict_do_update(
        index_elements=[ExchangeRecord.peer_id, ExchangeRecord.record_id],
        set_={"kind": statement.excluded.kind, "agreed_hash": statement.excluded.agreed_hash,
              "agreed_revision": statement.excluded.agreed_revision})
    session.execute(statement, [{"peer_id": peer_id, "record_id": record_id, "kind": kind, "agreed_hash": digest,
                                 "agreed_revision": revision} for kind, record_id, digest, revision in agreements])


def keep_in_history(session: Session, kind: str, record_id: str, revision: int, workstation_id: str,
                    data: dict[str, Any] | None, reason: str) -> None:
    session.add(RecordHistory(record_id=record_id, kind=kind, revision=revision, workstation_id=workstation_id,
                              reason=reason, data=None if data is None else json.dumps(data, ensure_ascii=False)))


def kept(session: Session, record_id: str | None = None) -> list[RecordHistory]:
    """The versions kept aside, newest first; of one record, or of all."""
    statement = select(RecordHistory).order_by(RecordHistory.id.desc())
    if record_id is not None:
        statement = statement.where(RecordHistory.record_id == record_id)
    return list(session.scalars(statement))


# -- the last import, for undoing it -------------------------------------------------------------

LAST_IMPORT_KEY = "last_import"

_FINGERPRINT_QUERIES = (
    "SELECT count(*), total(revision), max(updated_at) FROM fiche",
    "SELECT count(*), total(revision), max(updated_at) FROM grid_scenario",
    "SELECT count(*), total(agreed_revision) FROM exchange_record",
    "SELECT count(*), max(id) FROM record_history",
    "SELECT group_concat(id || '|' || name || '|' || coalesce(workstation_id, '') || '|' || "
    "coalesce(last_sent_at, '') || '|' || coalesce(last_received_at, ''), ';') FROM exchange_peer",
    "SELECT group_concat(value) FROM store_info WHERE key = 'workstation_label'",
)


def fingerprint(session: Session) -> str:
    """A summary of every record, exchange, kept version and of this station's name: any change made since
    moves it (a local change always raises a revision or adds a row)."""
    session.flush()
    return json.dumps([list(session.execute(text(query)).one()) for query in _FINGERPRINT_QUERIES], default=str)


def set_last_import(session: Session, facts: dict[str, str]) -> None:
    """Remember the import just made (its backup and the store's fingerprint after it)."""
    session.merge(StoreInfo(key=LAST_IMPORT_KEY, value=json.dumps(facts, ensure_ascii=False)))


def last_import(session: Session) -> dict[str, str] | None:
    row = session.get(StoreInfo, LAST_IMPORT_KEY)
    return None if row is None else json.loads(row.value)
