"""Sessions on a store, and the hook that keeps the travelling columns true.

On every flush, a new `TravellingRecord` gets this workstation's id; a changed one gets a new
revision, a new `updated_at` and this workstation's id. A change to a child row (a tag, a partner…)
counts as a change of its parent record when the child's class names its parent in `travels_with`.

The same hooks note which kinds of rows each transaction writes (`app.storage.changes`); once it is
committed, those changes are handed to the factory's `on_commit`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from sqlalchemy import Engine, event
from sqlalchemy.orm import ORMExecuteState, Session, sessionmaker

from app.storage.changes import CHANGES_KEY, Change, change_of
from app.storage.models import TravellingRecord, utcnow
from app.storage.store_file import WORKSTATION_KEY

KEEP_METADATA_KEY = "keep_metadata"
"""Set in `session.info` by an import: records keep the revision, times and workstation they arrive with."""


def _owning_record(instance: object) -> TravellingRecord | None:
    if isinstance(instance, TravellingRecord):
        return instance
    parent_attr = getattr(type(instance), "travels_with", None)
    if parent_attr:
        parent = getattr(instance, parent_attr, None)
        if isinstance(parent, TravellingRecord):
            return parent
    return None


def _note_flushed(session: Session) -> None:
    noted = session.info.setdefault(CHANGES_KEY, set())
    for instance in [*session.new, *session.deleted, *(obj for obj in session.dirty if session.is_modified(obj))]:
        change = change_of(type(instance))
        if change is not None:
            noted.add(change)


def _note_statement(state: ORMExecuteState) -> None:
    """Bulk ORM statements (an import's inserts and updates) bypass the flush: note them here."""
    if (state.is_insert or state.is_update or state.is_delete) and state.bind_mapper is not None:
        change = change_of(state.bind_mapper.class_)
        if change is not None:
            state.session.info.setdefault(CHANGES_KEY, set()).add(change)


def _stamp_records(session: Session, _context: object, _instances: object) -> None:
    _note_flushed(session)
    workstation_id = session.info.get(WORKSTATION_KEY)
    if not workstation_id:
        raise RuntimeError("session opened without a workstation id")
    now = utcnow()
    keep = bool(session.info.get(KEEP_METADATA_KEY))
    for instance in session.new:
        if isinstance(instance, TravellingRecord):
            instance.workstation_id = instance.workstation_id if keep and instance.workstation_id else workstation_id
            instance.created_at = instance.created_at or now
            instance.updated_at = instance.updated_at if keep and instance.updated_at else now
            instance.revision = instance.revision or 1
    if keep:
        return
    touched: set[int] = set()
    changed = [obj for obj in session.dirty if session.is_modified(obj)] + list(session.deleted)
    changed += [obj for obj in session.new if not isinstance(obj, TravellingRecord)]
    for instance in changed:
        record = _owning_record(instance)
        if record is None or record in session.new or id(record) in touched:
            continue
        if record in session.deleted:
            continue
        touched.add(id(record))
        record.revision = (record.revision or 0) + 1
        record.updated_at = now
        record.workstation_id = workstation_id


def make_session_factory(engine: Engine, workstation_id: str,
                         on_commit: Callable[[set[Change]], None] | None = None) -> sessionmaker[Session]:
    """Sessions stamping travelling columns; `on_commit` hears what each committed transaction changed."""
    factory = sessionmaker(bind=engine, expire_on_commit=False, info={WORKSTATION_KEY: workstation_id})
    event.listen(factory, "before_flush", _stamp_records)
    event.listen(factory, "do_orm_execute", _note_statement)

    def committed(session: Session) -> None:
        changes = session.info.pop(CHANGES_KEY, set())
        if changes and on_commit is not None:
            on_commit(changes)

    event.listen(factory, "after_commit", committed)
    event.listen(factory, "after_rollback", lambda session: session.info.pop(CHANGES_KEY, None))
    return factory


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """One unit of work: committed whole on success, rolled back whole on any error."""
    with factory() as session, session.begin():
        yield session
