"""Queries on fiches."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.storage.models import Fiche


def count_live_fiches(session: Session) -> int:
    """Fiches that are neither deleted nor tombstones."""
    return session.scalar(select(func.count()).select_from(Fiche).where(Fiche.deleted_at.is_(None))) or 0
