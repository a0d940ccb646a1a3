"""Queries on fiches."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.storage.models import Fiche


def count_live_fiches(session: Session) -> int:
    """Fiches that are neither in the trash nor tombstones."""
    live = (Fiche.deleted_at.is_(None), Fiche.trashed_at.is_(None))
    return session.scalar(select(func.count()).select_from(Fiche).where(*live)) or 0
