"""The SQLite engine of a store, with the pragmas every connection needs."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.pool import QueuePool

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


def connect(db_path: Path, read_only: bool = False, check_same_thread: bool = True) -> sqlite3.Connection:
    """A plain SQLite connection to the file at `db_path`, its path taken literally (« ? », « # » or « % » in a
    folder name are part of the name, never a URI query); `read_only` opens it without any right to write."""
    if read_only:
        # as_uri() percent-encodes every character that a URI would otherwise read as a delimiter
        return sqlite3.connect(f"{db_path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=check_same_thread)
    return sqlite3.connect(str(db_path), check_same_thread=check_same_thread)


def make_engine(db_path: Path, foreign_keys: bool = True) -> Engine:
    """An engine whose transactions are real SQLite transactions (BEGIN … COMMIT), SAVEPOINTs included.

    pysqlite's own transaction handling is switched off (isolation_level=None) and SQLAlchemy emits
    BEGIN itself, as the SQLAlchemy documentation recommends for SQLite.
    """
    # the connections come from `connect`, never from a URL that SQLAlchemy would parse (a « ? » in the path
    # would start a query string); a pool of file connections, shared between threads, as for a file URL
    engine = create_engine("sqlite://", creator=lambda: connect(db_path, check_same_thread=False),
                           poolclass=QueuePool)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        dbapi_connection.isolation_level = None
        apply_pragmas(dbapi_connection, foreign_keys)

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        connection.exec_driver_sql("BEGIN")

    return engine
