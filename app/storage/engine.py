"""The SQLite engine of a store, with the pragmas every connection needs."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.pool import QueuePool

from app.storage.store_file import apply_pragmas, connect


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
