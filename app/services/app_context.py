"""What one running Essaim holds: its data folder, preferences and open store."""

from __future__ import annotations

from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

from app.services.preferences import Preferences, load_preferences, save_preferences
from app.storage.changes import Change
from app.storage.errors import StoreError
from app.storage.location import risky_location_reason
from app.storage.plain_reading import count_live_fiches
from app.storage.store import Store


@dataclass
class StoreSummary:
    fiches: int
    workstation_label: str


@dataclass
class AppContext:
    data_dir: Path
    preferences: Preferences = field(default_factory=load_preferences)
    store: Store | None = None
    _replaced: bool = field(default=False, repr=False)
    """The store was replaced since the changes were last taken (a restore)."""

    @classmethod
    def open(cls, data_dir: Path, preferences: Preferences | None = None) -> AppContext:
        context = cls(data_dir, preferences or load_preferences())
        context.store = Store.open(data_dir)
        return context

    @property
    def open_store(self) -> Store:
        if self.store is None:
            raise RuntimeError("store is closed")
        return self.store

    def take_changes(self) -> frozenset[Change]:
        """What changed in the store since the last call (see `Store.take_changes`); STORE once it was replaced."""
        changes = set(self.store.take_changes()) if self.store is not None else set()
        if self._replaced:
            changes |= {Change.STORE}
            self._replaced = False
        return frozenset(changes)

    def close(self, with_auto_backup: bool = True) -> None:
        if self.store is not None:
            self.store.close(self.preferences.backup_keep if with_auto_backup else None)
            self.store = None

    def save_preferences(self) -> None:
        save_preferences(self.preferences)

    def restore(self, backup: Path) -> Path:
        """Replace the store by `backup` and reopen it; returns the safety backup of what was replaced."""
        self.close(with_auto_backup=False)
        try:
            from app.services.maintenance import restore_backup

            return restore_backup(self.data_dir, backup)
        finally:
            self.store = Store.open(self.data_dir)
            self._replaced = True

    def undo_last_import(self) -> Path:
        """Put the store back as it was before the last import, if nothing has changed since; returns the
        safety backup of the state undone."""
        from app.services.exchange import last_import

        found = last_import(self.open_store, self.data_dir)
        if found is None:
            raise StoreError("Aucun import à annuler.")
        if not found.undoable:
            raise StoreError("Des modifications ont été faites depuis le dernier import : l'annuler les effacerait "
                             "aussi, il n'est donc plus annulable. Les versions qu'il a remplacées restent dans "
                             "« Versions conservées ».")
        return self.restore(found.backup)

    def location_warning(self) -> str | None:
        return risky_location_reason(self.data_dir)

    def summary(self) -> StoreSummary:
        """What the home page says; read with SQLite alone, so that the first screen needs no SQLAlchemy."""
        store = self.open_store
        with closing(store.read_plain()) as conn:
            count = count_live_fiches(conn)
        return StoreSummary(fiches=count, workstation_label=store.workstation_label)
