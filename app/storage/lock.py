"""One process at a time per store, through an OS file lock released even if the process dies.

The lock is the system's own on the file `essaim.lock`: `flock` on Linux and macOS, `msvcrt.locking` on its
first byte on Windows. The system frees it when the process ends, however it ends. (The `filelock` library did
the same, but imports asyncio and TLS with it: 90 ms at every start and every command, issue 20.)
"""

from __future__ import annotations

import errno
import os
import sys
from pathlib import Path

from app.storage.errors import StoreLockedError, store_error_from

LOCK_NAME = "essaim.lock"
_HELD_ELSEWHERE = ({errno.EACCES, getattr(errno, "EDEADLOCK", errno.EDEADLK)} if sys.platform == "win32"
                   else {errno.EAGAIN, errno.EWOULDBLOCK})
"""What the system answers when another process holds the lock."""


def _lock(fd: int) -> None:
    if sys.platform == "win32":
        import msvcrt

        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
    else:
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)


def _unlock(fd: int) -> None:
    if sys.platform == "win32":
        import msvcrt

        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
    else:
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_UN)


class StoreLock:
    def __init__(self, data_dir: Path) -> None:
        self.path = data_dir / LOCK_NAME
        self._fd: int | None = None

    def acquire(self) -> None:
        if self._fd is not None:
            return
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as error:  # a lock file that is a folder, a read-only or full disk, no right to write
            raise store_error_from(error, self.path) from error
        try:
            _lock(fd)
        except OSError as error:
            os.close(fd)
            if error.errno in _HELD_ELSEWHERE:
                raise StoreLockedError(
                    "Essaim est déjà ouvert sur ce dossier de données "
                    f"({self.path.parent}). Fermez l'autre fenêtre d'Essaim, puis réessayez."
                ) from None
            raise store_error_from(error, self.path) from error
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            fd, self._fd = self._fd, None
            try:
                _unlock(fd)
            finally:
                os.close(fd)

    @property
    def held(self) -> bool:
        return self._fd is not None
