"""The SQLite engine of a store, with the pragmas every connection needs."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event

BUSY_TIMEOUT_MS = 5000


def apply_pragmas(dbapi_connection: sqlite3.Connection, foreign_keys: bool = True) -> None:
    """WAL, foreign keys, busy timeout and full sync, set outside any transaction."""
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA foreign_keys={'ON' if foreign_keys else 'OFF'}")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA synchronous=FULL")
    finally:
        cursor.close()


def make_engine(db_path: Path, foreign_keys: bool = True) -> Engine:
    """An engine whose transactions are real SQLite transactions (BEGIN … COMMIT), SAVEPOINTs included.

    pysqlite's own transaction handling is switched off (isolation_level=None) and SQLAlchemy emits
    BEGIN itself, as the SQLAlchemy documentation recommends for SQLite.
    """
    engine = create_engine(f"sqlite:///{db_path}")

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        dbapi_connection.isolation_level = None
        apply_pragmas(dbapi_connection, foreign_keys)

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        connection.exec_driver_sql("BEGIN")

    return engine
