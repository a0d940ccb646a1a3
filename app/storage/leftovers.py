"""What a killed Essaim leaves behind, cleared at the next start when nobody uses it any more.

- Staging folders in the temporary folder (`essaim-paquet-*`, `essaim-dechiffre-*`, a package being read or
  decrypted). `make_staging_dir` names them after their process (`essaim-paquet-<pid>-<random>`), and
  `sweep_staging` removes those whose process has ended — never one another running Essaim is using. A
  folder whose name does not say its process (made by an older Essaim) is removed once untouched for
  `UNOWNED_STALE_AFTER`.
- Half-written files in the data folder: `*.partiel` (a backup, an attachment received, a dossier being
  written) and `.ajout-*` (an attachment being added). The store's lock guarantees that one Essaim at a time
  works in the folder, so `sweep_data_folder`, called once the lock is held, removes them; only a backup
  written by « essaim backup », which does not take the lock, is named after its process
  (`….pid<pid>.partiel`) and kept while that process runs.
- Attachments nothing refers to (`referenced_attachments` lists what a store file or a backup refers to).
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

from app.storage.store_file import connect

log = logging.getLogger(__name__)

STAGING_PREFIXES = ("essaim-paquet-", "essaim-dechiffre-")
UNOWNED_STALE_AFTER = 3600.0
"""Seconds after which a staging folder whose name does not say its process is taken as abandoned."""
PARTIAL_SUFFIX = ".partiel"
ATTACHMENT_PARTIAL_PREFIX = ".ajout-"
_OWNER = re.compile(r"(\d+)-")
_PARTIAL_OWNER = re.compile(r"\.pid(\d+)\.partiel$")
_SHA256 = re.compile(r"[0-9a-f]{64}")
_REFERENCES = (
    ("blob", "sha256"),
    ("fiche_attachment", "sha256"),
    ("shortlist_entry", "attachments"),  # a JSON list of attachments (revision 0010)
    ("record_history", "data"),  # kept versions: any hash in them counts
)
"""(table, column) whose values name the attachments a store refers to: each SHA-256 found in them counts."""


def make_staging_dir(prefix: str, parent: Path | None = None) -> Path:
    """A new folder `<prefix><pid>-<random>` in `parent` (the temporary folder by default)."""
    return Path(tempfile.mkdtemp(prefix=f"{prefix}{os.getpid()}-", dir=parent))


def owner_tag() -> str:
    """What a half-written file's name carries before `.partiel` when it may be written without the lock."""
    return f".pid{os.getpid()}"


def process_alive(pid: int) -> bool:
    """Whether a process with this id is running (a reused id counts as running: that errs on keeping)."""
    if pid <= 0:
        return False
    if pid == os.getpid():
        return True
    if sys.platform == "win32":
        import ctypes

        query_limited_information, still_active, access_denied = 0x1000, 259, 5
        kernel32 = ctypes.windll.kernel32
        handle = kernel32.OpenProcess(query_limited_information, False, pid)
        if not handle:
            return bool(kernel32.GetLastError() == access_denied)
        try:
            code = ctypes.c_ulong()
            if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
                return True
            return code.value == still_active
        finally:
            kernel32.CloseHandle(handle)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # it exists, and belongs to someone else
    return True


def _staging_owner(name: str) -> int | None:
    for prefix in STAGING_PREFIXES:
        if name.startswith(prefix):
            found = _OWNER.match(name, len(prefix))
            return int(found.group(1)) if found else None
    return None


def _abandoned(path: Path, now: float) -> bool:
    owner = _staging_owner(path.name)
    if owner is not None:
        return not process_alive(owner)
    return now - path.stat().st_mtime > UNOWNED_STALE_AFTER


def sweep_staging(temp_dir: Path | None = None, now: float | None = None) -> list[Path]:
    """Remove the staging folders of `temp_dir` (the temporary folder) that nobody uses; returns them."""
    folder = temp_dir or Path(tempfile.gettempdir())
    moment = time.time() if now is None else now
    removed: list[Path] = []
    try:
        entries = list(folder.iterdir())
    except OSError:
        return removed
    for path in entries:
        if not path.name.startswith(STAGING_PREFIXES):
            continue
        try:
            if path.is_symlink() or not path.is_dir() or not _abandoned(path, moment):
                continue
        except OSError:
            continue
        if remove_logged(path, "Staging folder left by an ended Essaim", shutil.rmtree):
            removed.append(path)
    return removed


def remove_logged(path: Path, what: str, remove: Callable[[Path], object] = Path.unlink) -> bool:
    """Remove `path` (a file, or with `shutil.rmtree` a folder), logging it as `what`; False, logged, when the
    system refuses: cleaning up never fails the work it follows."""
    try:
        remove(path)
    except OSError as error:
        log.warning("%s %s could not be removed: %s", what, path, error)
        return False
    log.info("%s %s removed", what, path)
    return True


def _half_written(name: str) -> bool:
    if name.startswith(ATTACHMENT_PARTIAL_PREFIX):
        return True
    if not name.endswith(PARTIAL_SUFFIX):
        return False
    owner = _PARTIAL_OWNER.search(name)
    return owner is None or not process_alive(int(owner.group(1)))


def sweep_data_folder(data_dir: Path) -> list[Path]:
    """Remove the half-written files of the data folder; call it with the store's lock held. Returns them."""
    removed = []
    for root, _folders, files in os.walk(data_dir):
        for name in files:
            if not _half_written(name):
                continue
            path = Path(root) / name
            if remove_logged(path, "Half-written file left by an interrupted Essaim"):
                removed.append(path)
    return removed


def clear_leftovers(data_dir: Path) -> None:
    """At start, with the store's lock held: the data folder's half-written files and the abandoned staging
    folders. Never fails: what cannot be removed now is logged and tried again at the next start."""
    try:
        sweep_data_folder(data_dir)
        sweep_staging()
    except OSError:
        log.exception("leftovers of an earlier run could not all be cleared")


def referenced_attachments(db_path: Path) -> set[str]:
    """The SHA-256 of every attachment the store file (or backup) at `db_path` refers to, kept versions
    included; raises `sqlite3.Error` when the file cannot be read. A table or column it does not have (a backup
    taken before a revision added it) refers to none."""
    found: set[str] = set()
    with closing(connect(db_path, read_only=True)) as conn:
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        for table, column in _REFERENCES:
            if table not in tables or column not in {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}:
                continue
            for (value,) in conn.execute(f"SELECT {column} FROM {table} WHERE {column} IS NOT NULL"):
                found.update(_SHA256.findall(str(value)))
    return found
