"""Schema creation and upgrades, always through Alembic, with a backup before touching an existing store.

A store already at `SCHEMA_REVISION` is read with one query and Alembic is not even imported (it takes a tenth of
a second to load, on every start and every command); it is loaded to create a store or to migrate one.
"""

from __future__ import annotations

import logging
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from app.domain.formats import format_count
from app.locations import migrations_dir
from app.storage.backup import BackupKind, take_backup
from app.storage.errors import StoreCorruptError, StoreError, StoreTooNewError, explain_failure
from app.storage.store_file import connect

if TYPE_CHECKING:
    from alembic.config import Config

log = logging.getLogger(__name__)

SCHEMA_REVISION = "0012"
"""The newest migration of `db/versions/` (a test checks it is Alembic's head): raise it with each new migration."""


@dataclass(frozen=True)
class MigrationOutcome:
    from_revision: str | None
    to_revision: str
    backup: Path | None

    @property
    def changed(self) -> bool:
        return self.from_revision != self.to_revision


def _alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    return config


def known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    return {script.revision for script in ScriptDirectory.from_config(_alembic_config()).walk_revisions()}


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(_alembic_config()).get_current_head()
    assert head is not None
    return head


def refuse_empty_file(db_path: Path) -> None:
    """Raise `StoreCorruptError` when the store file is there but holds nothing (0 bytes).

    SQLite would read such a file as a new, empty database, and Essaim would silently build a new store in it:
    a file emptied by a crash, a full disk or a bad copy must be said, and left as it is.
    """
    try:
        empty = db_path.is_file() and db_path.stat().st_size == 0
    except OSError:
        return  # unreadable: SQLite says so when it opens it
    if empty:
        raise StoreCorruptError(
            f"Le fichier de données {db_path} est vide (0 octet) : ce n'est pas une base Essaim, et Essaim n'en "
            "crée pas une nouvelle à sa place. Remettez à sa place une sauvegarde du dossier « sauvegardes » "
            "(renommée essaim.sqlite3), ou déplacez ce fichier vide pour repartir d'une base neuve."
        )


def stored_revision(conn: sqlite3.Connection) -> str | None:
    """The schema revision the store's `alembic_version` table names (None when it names none)."""
    row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    return row[0] if row else None


def current_revision(db_path: Path) -> str | None:
    """The schema revision of a store file, or None for a missing one; an empty (0-byte) file is refused."""
    if not db_path.exists():
        return None
    refuse_empty_file(db_path)
    try:
        with closing(connect(db_path)) as conn:
            has_table = conn.execute(
                "SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'"
            ).fetchone()
            if not has_table:
                other = conn.execute("SELECT count(*) FROM sqlite_master WHERE type='table'").fetchone()[0]
                if other:
                    raise StoreCorruptError(
                        f"Le fichier {db_path} n'est pas une base Essaim (il ne dit pas quelle version de schéma "
                        "il suit) : Essaim ne l'ouvre pas, pour ne rien y abîmer. Restaurez une sauvegarde, ou "
                        "choisissez un autre dossier de données."
                    )
                return None
            revision = stored_revision(conn)
            others = conn.execute(
                "SELECT count(*) FROM sqlite_master WHERE type='table' AND name != 'alembic_version'"
            ).fetchone()[0]
    except sqlite3.DatabaseError as error:
        raise StoreCorruptError(
            f"Le fichier de données {db_path} est illisible ou endommagé. "
            "Restaurez une sauvegarde depuis le menu Outils ou avec « essaim backup »."
        ) from error
    if not revision and others:
        raise StoreCorruptError(
            f"Le fichier de données {db_path} ne dit plus quelle version de schéma il suit (sa version a été "
            "effacée) : Essaim ne l'ouvre pas, pour ne rien y abîmer. Restaurez une sauvegarde depuis le menu "
            "Outils ou avec « essaim backup »."
        )
    return revision


def upgrade_to(db_path: Path, revision: str) -> None:
    """Run the migrations up to `revision` on the store file, in one transaction."""
    from alembic import command

    from app.storage.engine import make_engine

    engine = make_engine(db_path, foreign_keys=False)
    try:
        with engine.begin() as connection:
            config = _alembic_config()
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
            problems = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if problems:
                broken = format_count(len(problems), "référence cassée", "références cassées")
                raise StoreError(f"La mise à jour du schéma laisserait {broken} : elle est annulée.")
    finally:
        engine.dispose()


def migrate_store(db_path: Path, data_dir: Path) -> MigrationOutcome:
    """Bring the store to the newest schema; an existing store is backed up first."""
    current = current_revision(db_path)
    if current == SCHEMA_REVISION:
        return MigrationOutcome(current, current, None)
    head = head_revision()
    if current is not None and current not in known_revisions():
        raise StoreTooNewError(
            "Ce dossier de données a été créé par une version plus récente d'Essaim "
            f"(schéma {current}). Installez la dernière version d'Essaim pour l'ouvrir."
        )
    backup = None
    if current is not None:
        backup = take_backup(db_path, data_dir, BackupKind.MIGRATION)
        log.info("store backed up to %s before migrating from %s to %s", backup, current, head)
    try:
        upgrade_to(db_path, head)
    except StoreError:
        raise
    except Exception as error:
        where = f" Une sauvegarde a été prise avant : {backup}." if backup else ""
        raise StoreError(f"La mise à jour du schéma de la base a échoué. {explain_failure(error, db_path)}{where}"
                         ) from error
    return MigrationOutcome(current, head, backup)
