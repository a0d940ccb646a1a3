"""The stamps of a record: a new identity and the present moment in UTC (without SQLAlchemy: the store's opening
uses them too)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime


def utcnow() -> datetime:
    return datetime.now(UTC)


def new_uuid() -> str:
    return str(uuid.uuid4())
