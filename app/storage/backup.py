"""Backups of a store, taken with SQLite's backup API (never by copying a live file)."""

from __future__ import annotations

import logging
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from app.storage.engine import connect
from app.storage.errors import BackupError, explain_failure

BACKUP_DIR_NAME = "sauvegardes"
SUFFIX = ".sqlite3"

logger = logging.getLogger(__name__)


class BackupKind:
    """Prefixes of backup file names; only automatic ones are rotated."""

    AUTO = "auto"
    MANUAL = "manuelle"
    MIGRATION = "avant-migration"
    RESTORE = "avant-restauration"
    IMPORT = "avant-import"


TRIGGERS = {
    BackupKind.AUTO: "daily automatic backup",
    BackupKind.MANUAL: "asked by the user",
    BackupKind.MIGRATION: "before a schema migration",
    BackupKind.RESTORE: "before a restore",
    BackupKind.IMPORT: "before a package import",
}
"""What leads to a backup of each kind, as the log tells it."""


@dataclass(frozen=True)
class BackupFile:
    path: Path
    kind: str
    taken_at: datetime


def _read_only(path: Path) -> sqlite3.Connection:
    return connect(path, read_only=True)


def backup_dir(data_dir: Path) -> Path:
    return data_dir / BACKUP_DIR_NAME


def copy_database(source: Path, destination: Path, trigger: str = TRIGGERS[BackupKind.MANUAL]) -> Path:
    """Copy `source` to `destination` through the backup API; the destination must not exist.

    `trigger` says in the log why the copy was made.
    """
    if destination.exists():
        raise BackupError(f"Le fichier {destination} existe déjà : il n'est pas écrasé.")
    destination.parent.mkdir(parents=True, exist_ok=True)
    partial = destination.with_name(destination.name + ".partiel")
    try:
        with closing(_read_only(source)) as src, closing(connect(partial)) as dst:
            src.backup(dst)
        partial.replace(destination)
    except (sqlite3.Error, OSError) as error:
        partial.unlink(missing_ok=True)
        raise BackupError(f"La sauvegarde vers {destination} a échoué. {explain_failure(error, destination.parent)}"
                          ) from error
    logger.info("Backup of %s written to %s (%s)", source, destination, trigger)
    return destination


def take_backup(db_path: Path, data_dir: Path, kind: str, now: datetime | None = None) -> Path:
    """A new backup of the store in the backups folder, named after its kind and time."""
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    folder = backup_dir(data_dir)
    destination = folder / f"{kind}-{stamp}{SUFFIX}"
    counter = 1
    while destination.exists():
        counter += 1
        destination = folder / f"{kind}-{stamp}-{counter}{SUFFIX}"
    return copy_database(db_path, destination, TRIGGERS.get(kind, kind))


def list_backups(data_dir: Path) -> list[BackupFile]:
    """Backups in the backups folder, newest first."""
    found: list[BackupFile] = []
    folder = backup_dir(data_dir)
    if not folder.is_dir():
        return found
    for path in folder.glob(f"*{SUFFIX}"):
        parsed = _parse_name(path)
        if parsed:
            found.append(parsed)
    return sorted(found, key=lambda b: (b.taken_at, b.path.name), reverse=True)


def _parse_name(path: Path) -> BackupFile | None:
    for kind in (BackupKind.AUTO, BackupKind.MANUAL, BackupKind.MIGRATION, BackupKind.RESTORE, BackupKind.IMPORT):
        prefix = kind + "-"
        if path.stem.startswith(prefix):
            stamp = path.stem[len(prefix):len(prefix) + 15]
            try:
                return BackupFile(path, kind, datetime.strptime(stamp, "%Y%m%d-%H%M%S"))
            except ValueError:
                return None
    return None


def auto_backup_due(data_dir: Path, now: datetime | None = None) -> bool:
    """At most one automatic backup a calendar day."""
    today = (now or datetime.now()).date()
    return not any(b.kind == BackupKind.AUTO and b.taken_at.date() == today for b in list_backups(data_dir))


def rotate(data_dir: Path, keep: int, kind: str = BackupKind.AUTO) -> list[Path]:
    """Delete the oldest backups of `kind` beyond the `keep` newest; returns what was deleted."""
    of_kind = [b for b in list_backups(data_dir) if b.kind == kind]
    removed = []
    for old in of_kind[max(keep, 1):]:
        old.path.unlink(missing_ok=True)
        logger.info("Old backup %s deleted (only the %d newest of kind %s are kept)", old.path, max(keep, 1), kind)
        removed.append(old.path)
    return removed


def restore_into(backup: Path, db_path: Path) -> None:
    """Replace the content of the (closed) store at `db_path` with `backup`, through the backup API."""
    verify_database(backup)
    try:
        with closing(_read_only(backup)) as src, closing(connect(db_path)) as dst:
            src.backup(dst)
    except sqlite3.Error as error:
        raise BackupError(f"La restauration depuis {backup} a échoué. {explain_failure(error, db_path)}") from error
    logger.info("Store %s replaced by the content of backup %s", db_path, backup)


def verify_database(path: Path) -> None:
    """Raise `BackupError` unless `path` is a readable SQLite database that passes integrity_check."""
    if not path.is_file():
        raise BackupError(f"Le fichier {path} n'existe pas.")
    try:
        with closing(_read_only(path)) as conn:
            rows = conn.execute("PRAGMA integrity_check").fetchall()
            has_info = conn.execute(
                "SELECT 1 FROM sqlite_master WHERE type='table' AND name='store_info'"
            ).fetchone()
    except sqlite3.Error as error:
        raise BackupError(f"Le fichier {path} n'est pas une base Essaim lisible (fichier endommagé, tronqué ou "
                          "d'un autre programme).") from error
    if rows != [("ok",)]:
        raise BackupError(f"Le fichier {path} est endommagé : {rows[0][0]}")
    if not has_info:
        raise BackupError(f"Le fichier {path} n'est pas une sauvegarde Essaim.")
