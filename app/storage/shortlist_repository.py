"""A fiche's shortlist of funding between the domain (`ShortlistEntry`) and the store."""

from __future__ import annotations

import dataclasses

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.shortlist import ShortlistEntry
from app.storage.models import ShortlistRow, utcnow

FIELDS = tuple(f.name for f in dataclasses.fields(ShortlistEntry) if f.name != "id")


def to_domain(row: ShortlistRow) -> ShortlistEntry:
    return ShortlistEntry(id=row.id, **{name: getattr(row, name) for name in FIELDS})


def of_fiche(session: Session, fiche_id: str) -> list[ShortlistEntry]:
    rows = session.scalars(select(ShortlistRow).where(ShortlistRow.fiche_id == fiche_id,
                                                      ShortlistRow.deleted_at.is_(None))
                           .order_by(ShortlistRow.created_at, ShortlistRow.scheme_name))
    return [to_domain(row) for row in rows]


def get(session: Session, entry_id: str) -> ShortlistRow | None:
    row = session.get(ShortlistRow, entry_id)
    return row if row is not None and row.deleted_at is None else None


def save(session: Session, entry: ShortlistEntry) -> ShortlistRow:
    row = session.get(ShortlistRow, entry.id) if entry.id else None
    if row is None:
        row = ShortlistRow(id=entry.id) if entry.id else ShortlistRow()
        session.add(row)
    for name in FIELDS:
        if getattr(row, name) != getattr(entry, name):
            setattr(row, name, getattr(entry, name))
    session.flush()
    entry.id = row.id
    return row


def delete(session: Session, entry_id: str) -> bool:
    """Delete for good, leaving a tombstone so the deletion can travel."""
    row = get(session, entry_id)
    if row is None:
        return False
    row.deleted_at = utcnow()
    return True
