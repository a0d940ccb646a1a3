"""Backups, restores and checks of a store, as the GUI and the command line offer them."""

from __future__ import annotations

import logging
from pathlib import Path

from app.domain.formats import format_count
from app.storage.backup import (
    BackupFile,
    BackupKind,
    copy_database,
    list_backups,
    restore_into,
    take_backup,
    verify_database,
)
from app.storage.errors import BackupDamagedError, BackupError
from app.storage.integrity import CheckReport, check_store
from app.storage.store_file import store_file

__all__ = ["BackupFile", "backup_store", "format_report", "list_backups", "restore_backup", "run_check"]

logger = logging.getLogger(__name__)


def backup_store(data_dir: Path, output: Path | None = None) -> Path:
    """Copy the store of `data_dir` to `output`, or into its backups folder when none is given.

    Uses SQLite's backup API, so it is safe while Essaim has the store open.
    """
    db_path = store_file(data_dir)
    if not db_path.exists():
        raise BackupError(f"Aucune base Essaim dans {data_dir} : rien à sauvegarder.")
    path = copy_database(db_path, output) if output is not None else take_backup(db_path, data_dir, BackupKind.MANUAL)
    logger.info("Backup of the store of %s asked by the user: %s", data_dir, path)
    return path


def restore_backup(data_dir: Path, backup: Path) -> Path:
    """Replace the (closed) store with `backup`; the current store is backed up first.

    Returns the path of that safety backup. Nothing changes if the backup is not a sound Essaim store.
    """
    verify_database(backup)
    db_path = store_file(data_dir)
    try:
        safety = take_backup(db_path, data_dir, BackupKind.RESTORE)
    except BackupDamagedError as damaged:  # the usual reason for a restore: the replaced state is kept, marked
        safety = damaged.path
    restore_into(backup, db_path)
    logger.info("Store of %s restored from %s at the user's request; its previous content is kept in %s",
                data_dir, backup, safety)
    return safety


def run_check(data_dir: Path) -> CheckReport:
    return check_store(store_file(data_dir))


def format_report(report: CheckReport) -> str:
    """The check report as French text, one line per finding, with a verdict at the end."""
    lines = [f"Vérification de {report.db_path}"]
    lines += [("  [OK]     " if finding.ok else "  [ERREUR] ") + finding.message for finding in report.findings]
    problems = sum(1 for finding in report.findings if not finding.ok)
    if problems:
        lines.append(f"Résultat : {format_count(problems, 'problème trouvé', 'problèmes trouvés')}. "
                     "Restaurez une sauvegarde si la base est endommagée.")
    else:
        lines.append("Résultat : aucun problème trouvé.")
    return "\n".join(lines)
