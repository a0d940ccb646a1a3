"""One process at a time per store, through an OS file lock released even if the process dies."""

from __future__ import annotations

from pathlib import Path

from filelock import FileLock, Timeout

from app.storage.errors import StoreLockedError, store_error_from

LOCK_NAME = "essaim.lock"


class StoreLock:
    def __init__(self, data_dir: Path) -> None:
        self.path = data_dir / LOCK_NAME
        self._lock = FileLock(self.path, timeout=0)

    def acquire(self) -> None:
        try:
            self._lock.acquire(timeout=0)
        except Timeout:
            raise StoreLockedError(
                "Essaim est déjà ouvert sur ce dossier de données "
                f"({self.path.parent}). Fermez l'autre fenêtre d'Essaim, puis réessayez."
            ) from None
        except OSError as error:  # a lock file that is a folder, a read-only or full disk, no right to write
            raise store_error_from(error, self.path) from error

    def release(self) -> None:
        if self._lock.is_locked:
            self._lock.release(force=True)

    @property
    def held(self) -> bool:
        return self._lock.is_locked
