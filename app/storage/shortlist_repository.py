"""A fiche's shortlist of funding between the domain (`ShortlistEntry`) and the store.

One row per entry, its attachments a JSON column: `STORAGE` (a `FlatStorage`) converts and writes it, registering
the attached files (`Blob`), for the editors here and for packages (the travelling kind « shortlist » uses it too).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.shortlist import ShortlistEntry
from app.storage.kind_storage import FlatStorage
from app.storage.models import ShortlistRow, new_uuid

STORAGE = FlatStorage(ShortlistRow, ShortlistEntry, attachment_field="attachments")


def of_fiche(session: Session, fiche_id: str) -> list[ShortlistEntry]:
    rows = session.scalars(select(ShortlistRow).where(ShortlistRow.fiche_id == fiche_id,
                                                      ShortlistRow.deleted_at.is_(None))
                           .order_by(ShortlistRow.created_at, ShortlistRow.scheme_name))
    return [STORAGE.to_domain(row) for row in rows]


def get(session: Session, entry_id: str) -> ShortlistRow | None:
    row = session.get(ShortlistRow, entry_id)
    return row if row is not None and row.deleted_at is None else None


def load(session: Session, entry_id: str) -> ShortlistEntry | None:
    row = get(session, entry_id)
    return STORAGE.to_domain(row) if row is not None else None


def save(session: Session, entry: ShortlistEntry) -> None:
    """Write `entry` over the stored one, or create it (an entry without id gets one)."""
    new = not entry.id
    if new:
        entry.id = new_uuid()
    STORAGE.save(session, entry, new=new)
    session.flush()


def delete(session: Session, entry_id: str) -> bool:
    """Delete for good, leaving a tombstone so the deletion can travel."""
    if get(session, entry_id) is None:
        return False
    STORAGE.tombstone(session, entry_id)
    return True
