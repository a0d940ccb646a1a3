"""Undoing the last import: restoring the backup taken before it, while nothing else has changed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from app.services.exchange.common import parse_time
from app.storage import exchange_repository as repo
from app.storage.backup import backup_dir
from app.storage.store import Store


@dataclass(frozen=True)
class LastImport:
    backup: Path
    """Taken just before the import: restoring it undoes the import."""
    correspondent: str
    imported_at: datetime | None
    undoable: bool
    """Nothing has changed since the import (and its backup is still there)."""


def last_import(store: Store, data_dir: Path) -> LastImport | None:
    """The last import, if any; restoring its backup is the import's undo while nothing else has changed."""
    with store.read() as session:
        facts = repo.last_import(session)
        if facts is None:
            return None
        unchanged = repo.fingerprint(session) == facts["fingerprint"]
    backup = backup_dir(data_dir) / Path(facts["backup"]).name
    return LastImport(backup, facts["correspondent"], parse_time(facts["at"]), unchanged and backup.is_file())
