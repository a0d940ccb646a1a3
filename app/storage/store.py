"""A store: one data folder holding the SQLite file, its lock, its backups and attachments."""

from __future__ import annotations

import logging
import platform
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from app.storage.backup import BackupKind, auto_backup_due, rotate, take_backup
from app.storage.changes import Change
from app.storage.errors import BackupDamagedError, StoreError, is_environment_failure, store_error_from
from app.storage.leftovers import clear_leftovers
from app.storage.lock import StoreLock
from app.storage.migrations import MigrationOutcome, migrate_store, refuse_empty_file
from app.storage.stamps import new_uuid, utcnow
from app.storage.store_file import (
    CREATED_AT_KEY,
    WORKSTATION_KEY,
    WORKSTATION_LABEL_KEY,
    apply_pragmas,
    connect,
    store_file,
)

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlalchemy.orm import Session, sessionmaker

log = logging.getLogger(__name__)

def ensure_data_dir(data_dir: Path) -> None:
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise store_error_from(error, data_dir) from error


class Store:
    """An open store. Only one process holds it at a time; close it to release the lock.

    Opening it locks the folder, refuses a newer schema, migrates an older one after a backup and makes sure the
    station has an identity — with SQLite alone when the schema is current. SQLAlchemy's engine and sessions
    are made at the first transaction or reading through them (`plain_reading` serves the first screen and the
    light commands without them; issue 20)."""

    def __init__(self, data_dir: Path, lock: StoreLock, migration: MigrationOutcome) -> None:
        self.data_dir = data_dir
        self.migration = migration
        self._lock = lock
        self.workstation_id, self.workstation_label = _ensure_identity(store_file(data_dir))
        self._changes: set[Change] = set()
        self._engine: Engine | None = None
        self._factory: sessionmaker[Session] | None = None
        self._making = threading.Lock()
        """Held while the engine or the session factory is made: a worker thread may be the first to need them."""

    @classmethod
    def open(cls, data_dir: Path) -> Store:
        """Lock the folder, migrate the schema (backing up first) and read the station's identity."""
        lock = StoreLock(data_dir)
        if not lock.path.exists():
            # no Essaim ever locked this folder, so none is creating its store: refuse an empty file now,
            # before the lock file is made beside it (under the lock, `migrate_store` checks again)
            refuse_empty_file(store_file(data_dir))
        ensure_data_dir(data_dir)
        lock.acquire()
        try:
            db_path = store_file(data_dir)
            try:
                migration = migrate_store(db_path, data_dir)
                opened = cls(data_dir, lock, migration)
                if migration.changed and migration.from_revision is not None:
                    opened.rebuild_search_index()
            except Exception as error:
                if not is_environment_failure(error):
                    raise
                raise store_error_from(error, db_path) from error
            clear_leftovers(data_dir)
            return opened
        except BaseException:
            lock.release()
            raise

    @property
    def engine(self) -> Engine:
        """SQLAlchemy's engine on the file, made (and SQLAlchemy imported) the first time it is needed."""
        with self._making:
            if self._engine is None:
                from app.storage.engine import make_engine

                self._engine = make_engine(self.path)
            return self._engine

    def rebuild_search_index(self) -> None:
        """After a migration: the search index holds the labels of the vocabulary the store was written with."""
        from app.storage.fiche_repository import rebuild_index

        with self.transaction() as session:
            count = rebuild_index(session)
        self._changes.clear()
        log.info("search index rebuilt for %d fiches after the migration", count)

    @property
    def path(self) -> Path:
        return store_file(self.data_dir)

    @property
    def session_factory(self) -> sessionmaker[Session]:
        if self._factory is None:
            from app.storage.session import make_session_factory

            engine = self.engine
            with self._making:
                if self._factory is None:
                    self._factory = make_session_factory(engine, self.workstation_id, self._changes.update)
        return self._factory

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work on the store, committed whole or not at all."""
        from sqlalchemy.exc import DBAPIError

        from app.storage.session import transaction

        try:
            with transaction(self.session_factory) as session:
                yield session
        except DBAPIError as error:
            if not is_environment_failure(error):
                raise  # a faulty statement or a broken constraint is a bug, not something the user can fix
            raise store_error_from(error, self.path) from error

    def take_changes(self) -> frozenset[Change]:
        """What the transactions committed since the last call changed (see `app.storage.changes`)."""
        taken = frozenset(self._changes)
        self._changes.clear()
        return taken

    def read(self) -> Session:
        """A session for reading; the caller closes it (use it in a `with`)."""
        return self.session_factory()

    def read_plain(self) -> sqlite3.Connection:
        """A read-only SQLite connection to the store, without SQLAlchemy (see `plain_reading`); the caller closes
        it (use it in `contextlib.closing`)."""
        return connect(self.path, read_only=True)

    def rename_workstation(self, label: str) -> None:
        """Change the name this station's packages carry (what correspondents see)."""
        from app.storage.models import StoreInfo

        with self.transaction() as session:
            session.merge(StoreInfo(key=WORKSTATION_LABEL_KEY, value=label))
        self.workstation_label = label

    def backup(self, kind: str = BackupKind.MANUAL) -> Path:
        return take_backup(self.path, self.data_dir, kind)

    def close(self, auto_backup_keep: int | None = None) -> Path | None:
        """Release the store; with `auto_backup_keep`, take the day's automatic backup first."""
        taken = None
        try:
            if auto_backup_keep is not None and auto_backup_due(self.data_dir):
                try:
                    taken = take_backup(self.path, self.data_dir, BackupKind.AUTO)
                except BackupDamagedError as damaged:  # written and marked; the sound ones are kept by rotate
                    log.warning("automatic backup at close: %s", damaged)
                    taken = damaged.path
                rotate(self.data_dir, auto_backup_keep)
            if auto_backup_keep is not None:
                rotate(self.data_dir, auto_backup_keep, BackupKind.IMPORT)
        except StoreError:
            log.exception("automatic backup failed at close")
        finally:
            if self._engine is not None:
                self._engine.dispose()
            self._lock.release()
        return taken


def _ensure_identity(db_path: Path) -> tuple[str, str]:
    """This store's workstation id and label, made the first time (with SQLite alone: opening the store needs
    neither SQLAlchemy nor the models)."""
    with closing(connect(db_path)) as conn:
        conn.isolation_level = None
        apply_pragmas(conn)
        conn.execute("BEGIN IMMEDIATE")
        try:
            facts: dict[str, str] = dict(conn.execute("SELECT key, value FROM store_info").fetchall())
            if WORKSTATION_KEY not in facts:
                facts[WORKSTATION_KEY] = new_uuid()
                facts[WORKSTATION_LABEL_KEY] = platform.node() or "Poste Essaim"
                facts[CREATED_AT_KEY] = utcnow().isoformat()
                made = [(key, facts[key]) for key in (WORKSTATION_KEY, WORKSTATION_LABEL_KEY, CREATED_AT_KEY)]
                conn.executemany("INSERT INTO store_info (key, value) VALUES (?, ?)", made)
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    return facts[WORKSTATION_KEY], facts.get(WORKSTATION_LABEL_KEY, "")
