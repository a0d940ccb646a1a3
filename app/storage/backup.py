"""Backups of a store, taken with SQLite's backup API (never by copying a live file)."""

from __future__ import annotations

import logging
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from app.storage.errors import BackupDamagedError, BackupError, explain_failure
from app.storage.leftovers import PARTIAL_SUFFIX, owner_tag
from app.storage.store_file import connect

BACKUP_DIR_NAME = "sauvegardes"
SUFFIX = ".sqlite3"
DAMAGED_MARK = "-endommagee"
"""Ends the name of a backup whose copy failed SQLite's quick_check: the store was damaged when it was taken."""

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
    damaged: bool = False
    """The copy failed SQLite's check when it was taken (see `DAMAGED_MARK`)."""


def _read_only(path: Path) -> sqlite3.Connection:
    return connect(path, read_only=True)


def backup_dir(data_dir: Path) -> Path:
    return data_dir / BACKUP_DIR_NAME


def _quick_check(conn: sqlite3.Connection) -> bool:
    """Whether SQLite finds the database sound (`PRAGMA quick_check`: every page, without the index contents)."""
    try:
        return conn.execute("PRAGMA quick_check").fetchall() == [("ok",)]
    except sqlite3.DatabaseError:
        return False


def is_sound(path: Path) -> bool:
    """Whether the database file at `path` opens and passes SQLite's quick check."""
    try:
        with closing(_read_only(path)) as conn:
            return _quick_check(conn)
    except sqlite3.Error:
        return False


def copy_database(source: Path, destination: Path, trigger: str = TRIGGERS[BackupKind.MANUAL],
                  damaged_destination: Path | None = None) -> Path:
    """Copy `source` to `destination` through the backup API; the destination must not exist.

    The copy is checked (`PRAGMA quick_check`). A damaged copy is still written — to `damaged_destination`
    when given, a name that says so — for it is the newest copy of the user's work, and `BackupDamagedError`
    says the store is damaged. `trigger` says in the log why the copy was made.
    """
    for target in (destination, damaged_destination):
        if target is not None and target.exists():
            raise BackupError(f"Le fichier {target} existe déjà : il n'est pas écrasé.")
    destination.parent.mkdir(parents=True, exist_ok=True)
    partial = partial_name(destination)
    try:
        with closing(_read_only(source)) as src, closing(connect(partial)) as dst:
            src.backup(dst)
            sound = _quick_check(dst)
        if not sound and damaged_destination is not None:
            destination = damaged_destination
        partial.replace(destination)
    except (sqlite3.Error, OSError) as error:
        partial.unlink(missing_ok=True)
        raise BackupError(f"La sauvegarde vers {destination} a échoué. {explain_failure(error, destination.parent)}"
                          ) from error
    if not sound:
        logger.warning("Backup of %s written to %s (%s), but the copy fails SQLite's quick_check: the store is "
                       "damaged", source, destination, trigger)
        raise BackupDamagedError(
            "La base de données est endommagée : SQLite y trouve des pages abîmées. La sauvegarde a quand même été "
            f"écrite ({destination}), marquée comme endommagée, et les sauvegardes saines plus anciennes sont "
            "gardées. Vérifiez la base (Aide › Vérifier l'intégrité de la base, ou « essaim check »), puis "
            "restaurez la dernière sauvegarde saine.", destination)
    logger.info("Backup of %s written to %s (%s)", source, destination, trigger)
    return destination


def partial_name(destination: Path) -> Path:
    """Where a copy is written before it is complete: named after its process, for « essaim backup » writes
    without the store's lock and the next start must not take its copy for one left by a killed Essaim."""
    return destination.with_name(f"{destination.name}{owner_tag()}{PARTIAL_SUFFIX}")


def take_backup(db_path: Path, data_dir: Path, kind: str, now: datetime | None = None) -> Path:
    """A new backup of the store in the backups folder, named after its kind and time."""
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    folder = backup_dir(data_dir)
    name = f"{kind}-{stamp}"
    counter = 1
    while (folder / f"{name}{SUFFIX}").exists() or (folder / f"{name}{DAMAGED_MARK}{SUFFIX}").exists():
        counter += 1
        name = f"{kind}-{stamp}-{counter}"
    return copy_database(db_path, folder / f"{name}{SUFFIX}", TRIGGERS.get(kind, kind),
                         damaged_destination=folder / f"{name}{DAMAGED_MARK}{SUFFIX}")


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
                return BackupFile(path, kind, datetime.strptime(stamp, "%Y%m%d-%H%M%S"),
                                  damaged=path.stem.endswith(DAMAGED_MARK))
            except ValueError:
                return None
    return None


def auto_backup_due(data_dir: Path, now: datetime | None = None) -> bool:
    """At most one automatic backup a calendar day."""
    today = (now or datetime.now()).date()
    return not any(b.kind == BackupKind.AUTO and b.taken_at.date() == today for b in list_backups(data_dir))


def rotate(data_dir: Path, keep: int, kind: str = BackupKind.AUTO) -> list[Path]:
    """Delete the oldest backups of `kind` beyond the `keep` newest; returns what was deleted.

    The newest sound backup of `kind` is never deleted, even beyond the `keep` newest: the newest one not
    marked damaged that passes SQLite's quick check now (backups of older versions were not checked when taken).
    """
    of_kind = [b for b in list_backups(data_dir) if b.kind == kind]
    older = of_kind[max(keep, 1):]
    sound = next((b for b in of_kind if not b.damaged and is_sound(b.path)), None)
    if sound is not None and sound in older:
        older.remove(sound)
        logger.warning("Backup %s kept beyond the %d newest of kind %s: it is the newest sound one",
                       sound.path, max(keep, 1), kind)
    removed = []
    for old in older:
        old.path.unlink(missing_ok=True)
        logger.info("Old backup %s deleted (only the %d newest of kind %s are kept)", old.path, max(keep, 1), kind)
        removed.append(old.path)
    return removed


def forget_backup(path: Path) -> None:
    """Delete a backup taken for nothing (before an import that was then refused), with SQLite's side files.

    Only a file of a backups folder named as a backup is deleted; anything else raises `BackupError`.
    """
    if path.parent.name != BACKUP_DIR_NAME or _parse_name(path) is None:
        raise BackupError(f"{path} n'est pas une sauvegarde d'Essaim : il n'est pas supprimé.")
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    logger.info("Backup %s deleted: the operation it was taken for was refused", path)


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
