"""Exchange state in the store: records as they travel, correspondents, agreed versions, replaced versions."""

from __future__ import annotations

import json
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypedDict

from sqlalchemy import select, text
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from app.storage.models import ExchangePeer, ExchangeRecord, RecordHistory, StoreInfo, TravellingRecord

if TYPE_CHECKING:
    from app.travelling.registry import TravellingKind

def row(session: Session, kind: TravellingKind, record_id: str) -> TravellingRecord | None:
    """The stored row, tombstones included."""
    return session.get(kind.storage.model, record_id)


def rows(session: Session, kind: TravellingKind, record_ids: list[str],
         chunk: int = 500) -> dict[str, TravellingRecord]:
    """The stored rows (tombstones included) with their lists loaded, read in a few queries."""
    model = kind.storage.model
    options = kind.storage.load_options()
    found: dict[str, TravellingRecord] = {}
    for start in range(0, len(record_ids), chunk):
        part = record_ids[start:start + chunk]
        found.update((r.id, r) for r in session.scalars(select(model).options(*options).where(model.id.in_(part))))
    return found


def data_of(kind: TravellingKind, record: TravellingRecord) -> dict[str, Any] | None:
    """The record's content as a JSON-ready dict; None for a tombstone."""
    if record.deleted_at is not None:
        return None
    return kind.encode(kind.storage.to_domain(record))


def ids(session: Session, kind: TravellingKind) -> list[str]:
    """Every record of this kind that may travel: tombstones included, records that stay home (a fiche in the
    local trash) left out; emptying the trash makes the tombstones that carry the deletion."""
    model = kind.storage.model
    return list(session.scalars(select(model.id).where(*kind.storage.stays_home())))


def children_ids(session: Session, kind: TravellingKind, parent_ids: list[str], chunk: int = 500) -> list[str]:
    """The records of a child kind that belong to the given parents."""
    model = kind.storage.model
    parent_column = getattr(model, str(kind.parent_field))
    found: list[str] = []
    for start in range(0, len(parent_ids), chunk):
        found += session.scalars(select(model.id).where(parent_column.in_(parent_ids[start:start + chunk])))
    return found


class TravellingColumns(TypedDict):
    """The travelling columns a record arrives with."""

    revision: int
    created_at: datetime
    updated_at: datetime
    workstation_id: str


def write(session: Session, kind: TravellingKind, data: dict[str, Any] | None, columns: TravellingColumns, *,
          deleted_at: datetime | None, record_id: str, existing: TravellingRecord | None) -> Any:
    """Store a record exactly as received: content, or a tombstone, with its own metadata.

    The session must have KEEP_METADATA_KEY set, so that the stamping hook leaves these columns alone.
    Nothing is flushed; the domain record written is returned for `KindStorage.after_write` (None for a
    tombstone).
    """
    stored: TravellingRecord
    record = None
    if deleted_at is not None:
        if existing is None:
            return None  # nothing here to delete
        if existing.deleted_at is None:
            kind.storage.tombstone(session, record_id)
        stored = existing
    else:
        record = kind.decode(data or {}, record_id)
        stored = kind.storage.save(session, record, new=existing is None)
    stored.revision = columns["revision"]
    stored.updated_at = columns["updated_at"]
    stored.created_at = columns["created_at"]
    stored.workstation_id = columns["workstation_id"]
    stored.deleted_at = deleted_at
    return record


def write_many(session: Session, kind: TravellingKind, records: list[tuple[dict[str, Any], TravellingColumns]], *,
               stored: bool) -> list[Any]:
    """Write received records, each (content, travelling columns), in a few statements: created when absent,
    overwritten when `stored` (those rows must not be loaded in this session).

    Far quicker than `write` for an import of many; returns the domain records for `KindStorage.after_write`.
    """
    metadata: list[dict[str, object]] = [dict(columns) for _data, columns in records]
    decoded = [kind.decode(data, str(data["id"])) for data, _meta in records]
    (kind.storage.replace_many if stored else kind.storage.insert_many)(session, decoded, metadata)
    return decoded


def live_ids(session: Session, kind: TravellingKind, record_ids: list[str], chunk: int = 500) -> set[str]:
    """Those of the given records that may be sent: stored, not tombstones, not staying home (the trash)."""
    model = kind.storage.model
    live = [model.deleted_at.is_(None), *kind.storage.stays_home()]
    found: set[str] = set()
    for start in range(0, len(record_ids), chunk):
        found.update(session.scalars(select(model.id).where(model.id.in_(record_ids[start:start + chunk]), *live)))
    return found


def versions(session: Session, kind: TravellingKind, record_ids: list[str],
             chunk: int = 500) -> dict[str, tuple[int, str]]:
    """record id → (revision, workstation id) of the stored rows, without loading them."""
    model = kind.storage.model
    found: dict[str, tuple[int, str]] = {}
    for start in range(0, len(record_ids), chunk):
        statement = select(model.id, model.revision, model.workstation_id).where(
            model.id.in_(record_ids[start:start + chunk]))
        found.update((record_id, (revision, workstation))
                     for record_id, revision, workstation in session.execute(statement))
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

APPEND_ONLY_TABLES = {"record_history"}
"""Tables whose rows are only ever added: their count and last rowid say everything (their content is large)."""


def _fingerprint_queries(session: Session) -> list[str]:
    """One summary query per table of the store file — whatever the table, so that a table added later moves
    the fingerprint without anyone listing it. Derived data (the full-text index) and Alembic's version are
    left out, and so is the last-import note written after the fingerprint is taken.

    A table with travelling columns is summarised by its count, revisions and last change; a child table
    (no revision, but a foreign key to one that has) by its count and last rowid, since changing a child
    raises its parent's revision; any other table by its whole content.
    """
    tables = session.execute(text(
        "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")).all()
    virtual = [name for name, sql in tables if (sql or "").upper().startswith("CREATE VIRTUAL TABLE")]
    queries = []
    for name, _sql in tables:
        if name == "alembic_version" or any(name == v or name.startswith(v + "_") for v in virtual):
            continue
        columns = _columns_of(session, name)
        parents = {target for _id, _seq, target, *_rest in session.execute(text(f'PRAGMA foreign_key_list("{name}")'))}
        if {"revision", "updated_at"} <= set(columns):
            queries.append(f"SELECT '{name}', count(*), total(revision), max(updated_at), max(deleted_at) "
                           f"FROM \"{name}\"")
        elif name in APPEND_ONLY_TABLES or any("revision" in _columns_of(session, parent) for parent in parents):
            queries.append(f"SELECT '{name}', count(*), max(rowid) FROM \"{name}\"")
        else:
            row_text = " || '|' || ".join(f"coalesce(\"{column}\", '')" for column in columns)
            where = f" WHERE key <> '{LAST_IMPORT_KEY}'" if name == StoreInfo.__tablename__ else ""
            queries.append(f"SELECT '{name}', count(*), group_concat(row_text, ';') FROM "
                           f"(SELECT {row_text} AS row_text FROM \"{name}\"{where} ORDER BY row_text)")
    return queries


def _columns_of(session: Session, table: str) -> list[str]:
    return [column for _cid, column, *_rest in session.execute(text(f'PRAGMA table_info("{table}")'))]


def fingerprint(session: Session) -> str:
    """A summary of every table of the store: any change made since it was taken moves it (a local change
    always raises a revision or adds, removes or rewrites a row). Restoring the backup taken before an
    import is only an undo while the fingerprint is the one taken after it."""
    session.flush()
    return json.dumps([list(session.execute(text(query)).one()) for query in _fingerprint_queries(session)],
                      default=str)


def set_last_import(session: Session, facts: dict[str, str]) -> None:
    """Remember the import just made (its backup and the store's fingerprint after it)."""
    session.merge(StoreInfo(key=LAST_IMPORT_KEY, value=json.dumps(facts, ensure_ascii=False)))


def last_import(session: Session) -> dict[str, str] | None:
    row = session.get(StoreInfo, LAST_IMPORT_KEY)
    return None if row is None else json.loads(row.value)
