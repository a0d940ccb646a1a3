"""Failures of the file system and of SQLite reach the user as French sentences that say what happened and
what to do — never SQLAlchemy's text with its SQL and parameters, never Python's English « [Errno …] »."""

import errno
import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest
from sqlalchemy.exc import OperationalError

from app.storage import engine as engine_module
from app.storage.backup import BackupKind, list_backups, take_backup
from app.storage.errors import StoreCorruptError, StoreError, explain_failure, store_error_from
from app.storage.models import Fiche
from app.storage.store import Store, store_file

ENGLISH = ("Errno", "[SQL", "INSERT", "UPDATE", "readonly", "disk is full", "No space", "Permission denied",
           "Read-only file system", "Is a directory", "Operation not permitted", "alembic_version", "sqlite3.")


def assert_french(message: str, *expected: str) -> None:
    for english in ENGLISH:
        assert english not in message, f"{english!r} in {message!r}"
    for word in expected:
        assert word in message, f"{word!r} not in {message!r}"


def with_pragma(monkeypatch: pytest.MonkeyPatch, pragma: str | Callable[[sqlite3.Connection], None]) -> None:
    """Every store connection also runs `pragma` (SQLite then fails the way a real file system would)."""
    applied = engine_module.apply_pragmas

    def apply(connection: sqlite3.Connection, foreign_keys: bool = True) -> None:
        applied(connection, foreign_keys)
        if callable(pragma):
            pragma(connection)
        else:
            connection.execute(pragma)

    monkeypatch.setattr(engine_module, "apply_pragmas", apply)


def make_store(data_dir: Path) -> None:
    Store.open(data_dir).close()


def test_writing_to_a_read_only_store_file_says_so_in_french(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make_store(data_dir)
    with_pragma(monkeypatch, "PRAGMA query_only=ON")  # SQLite's own « attempt to write a readonly database »
    store = Store.open(data_dir)
    try:
        with pytest.raises(StoreError) as raised, store.transaction() as session:
            session.add(Fiche(title="Ferme"))
        assert_french(str(raised.value), "lecture seule", str(store.path))
    finally:
        store.close()


def test_a_full_disk_while_saving_says_so_in_french(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make_store(data_dir)

    def no_more_pages(connection: sqlite3.Connection) -> None:
        pages = connection.execute("PRAGMA page_count").fetchone()[0]
        connection.execute(f"PRAGMA max_page_count={pages}")  # SQLite's own « database or disk is full »

    with_pragma(monkeypatch, no_more_pages)
    store = Store.open(data_dir)
    try:
        with pytest.raises(StoreError) as raised, store.transaction() as session:
            session.add_all(Fiche(title="Ferme " + "x" * 2000) for _ in range(200))
        assert_french(str(raised.value), "plein", "Libérez de la place")
    finally:
        store.close()


def test_a_full_disk_during_a_backup_says_so_in_french(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    def full(self: Path, target: Path) -> Path:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(Path, "replace", full)
    with pytest.raises(StoreError) as raised:
        take_backup(store.path, store.data_dir, BackupKind.MANUAL)
    assert_french(str(raised.value), "plein")
    monkeypatch.undo()
    assert not list((store.data_dir / "sauvegardes").glob("*")), "nothing half-written is left"


@pytest.mark.parametrize("emptied", ["DELETE FROM alembic_version", "DROP TABLE alembic_version"])
def test_a_store_without_its_schema_version_is_refused_in_french_and_left_alone(data_dir: Path, emptied: str) -> None:
    make_store(data_dir)
    with closing(sqlite3.connect(store_file(data_dir))) as conn:
        conn.execute(emptied)
        conn.commit()
    before = store_file(data_dir).read_bytes()
    with pytest.raises(StoreCorruptError) as raised:
        Store.open(data_dir)
    assert_french(str(raised.value), "version", "sauvegarde")
    assert store_file(data_dir).read_bytes() == before
    assert not list_backups(data_dir), "no backup, no migration of a file that is not understood"


def test_a_lock_file_that_is_a_folder_is_explained_in_french(data_dir: Path) -> None:
    (data_dir / "essaim.lock").mkdir(parents=True)
    with pytest.raises(StoreError) as raised:
        Store.open(data_dir)
    assert_french(str(raised.value), "essaim.lock", "est un dossier")


FOLDER_FAILURES = [
    (errno.EROFS, "Read-only file system", "lecture seule"),
    (errno.EACCES, "Permission denied", "droit"),
    (errno.ENOSPC, "No space left on device", "plein"),
    (errno.EISDIR, "Is a directory", "est un dossier"),
    (errno.EPERM, "Operation not permitted", "droit"),
]


@pytest.mark.parametrize(("code", "english", "french"), FOLDER_FAILURES)
def test_a_data_folder_that_cannot_be_made_is_explained_in_french(
        data_dir: Path, monkeypatch: pytest.MonkeyPatch, code: int, english: str, french: str) -> None:
    made = Path.mkdir

    def refuse(self: Path, *args: object, **kwargs: object) -> None:
        if self == data_dir:
            raise OSError(code, english, str(self))
        made(self, *args, **kwargs)

    monkeypatch.setattr(Path, "mkdir", refuse)
    with pytest.raises(StoreError) as raised:
        Store.open(data_dir)
    assert_french(str(raised.value), french, str(data_dir))


@pytest.mark.parametrize(("code", "english", "french"), FOLDER_FAILURES)
def test_a_lock_that_cannot_be_written_is_explained_in_french(
        data_dir: Path, monkeypatch: pytest.MonkeyPatch, code: int, english: str, french: str) -> None:
    from app.storage import lock

    def refuse(fd: int) -> None:
        raise OSError(code, english)

    monkeypatch.setattr(lock, "_lock", refuse)
    with pytest.raises(StoreError) as raised:
        Store.open(data_dir)
    assert_french(str(raised.value), french, "essaim.lock")


@pytest.mark.parametrize(("error", "french"), [
    (sqlite3.OperationalError("attempt to write a readonly database"), "lecture seule"),
    (sqlite3.OperationalError("database or disk is full"), "plein"),
    (sqlite3.OperationalError("unable to open database file"), "ne peut pas être ouverte"),
    (sqlite3.OperationalError("disk I/O error"), "disque"),
    (sqlite3.DatabaseError("database disk image is malformed"), "endommagée"),
    (sqlite3.DatabaseError("file is not a database"), "endommagée"),
    (sqlite3.OperationalError("database is locked"), "occupée"),
    (OperationalError("INSERT INTO fiche (id, title) VALUES (?, ?)", ("x", "Ferme"),
                      sqlite3.OperationalError("attempt to write a readonly database")), "lecture seule"),
    (OperationalError("INSERT INTO fiche (id) VALUES (?)", ("x",),
                      sqlite3.OperationalError("database or disk is full")), "plein"),
    (OSError(errno.EROFS, "Read-only file system"), "lecture seule"),
    (PermissionError(errno.EACCES, "Permission denied", "/données/essaim.sqlite3"), "/données/essaim.sqlite3"),
    (OSError(errno.ENOSPC, "No space left on device"), "plein"),
    (IsADirectoryError(errno.EISDIR, "Is a directory"), "est un dossier"),
    (PermissionError(errno.EPERM, "Operation not permitted"), "droit"),
])
def test_every_storage_failure_has_a_french_sentence(error: BaseException, french: str) -> None:
    message = explain_failure(error, Path("/données"))
    assert_french(message, french)
    made = store_error_from(error, Path("/données"))
    assert isinstance(made, StoreError) and str(made) == message
    if "endommagée" in french:
        assert isinstance(made, StoreCorruptError)


@pytest.mark.parametrize("lock_left", [False, True])
def test_a_zero_byte_store_is_refused_in_french_and_nothing_is_touched(data_dir: Path, lock_left: bool) -> None:
    data_dir.mkdir()
    store_file(data_dir).touch()
    if lock_left:
        (data_dir / "essaim.lock").touch()  # left by an earlier Essaim
    before = sorted(p.name for p in data_dir.iterdir())
    with pytest.raises(StoreCorruptError) as raised:
        Store.open(data_dir)
    assert_french(str(raised.value), "vide", str(store_file(data_dir)), "sauvegarde")
    assert store_file(data_dir).stat().st_size == 0, "the file stays as it was"
    assert sorted(p.name for p in data_dir.iterdir()) == before, "nothing is created beside it"


def test_a_faulty_statement_stays_a_bug_and_is_not_dressed_as_a_french_message(store: Store) -> None:
    from sqlalchemy import text

    with pytest.raises(OperationalError), store.transaction() as session:
        session.execute(text("SELECT no_such_column FROM fiche"))
