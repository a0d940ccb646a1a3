"""The store's file without SQLAlchemy: where it is, how a plain SQLite connection to it is opened and set up,
and the keys of the facts its `store_info` table holds. The light commands (`check`) and the backups need nothing
more, and importing SQLAlchemy costs a third of a second (issue 20)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

STORE_FILE_NAME = "essaim.sqlite3"
BUSY_TIMEOUT_MS = 5000
WORKSTATION_KEY = "workstation_id"
WORKSTATION_LABEL_KEY = "workstation_label"
CREATED_AT_KEY = "created_at"


def store_file(data_dir: Path) -> Path:
    return data_dir / STORE_FILE_NAME


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
