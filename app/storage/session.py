"""Sessions on a store, and the hook that keeps the travelling columns true.

On every flush, a new `TravellingRecord` gets this workstation's id; a changed one gets a new
revision, a new `updated_at` and this workstation's id. A change to a child row (a tag, a partner…)
counts as a change of its parent record when the child's class names its parent in `travels_with`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine, event
from sqlalchemy.orm import Session, sessionmaker

from app.storage.models import TravellingRecord, utcnow

WORKSTATION_KEY = "workstation_id"
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


def _stamp_records(session: Session, _context: object, _instances: object) -> None:
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


def make_session_factory(engine: Engine, workstation_id: str) -> sessionmaker[Session]:
    factory = sessionmaker(bind=engine, expire_on_commit=False, info={WORKSTATION_KEY: workstation_id})
    event.listen(factory, "before_flush", _stamp_records)
    return factory


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """One unit of work: committed whole on success, rolled back whole on any error."""
    with factory() as session, session.begin():
        yield session
