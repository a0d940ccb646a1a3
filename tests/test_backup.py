import logging
import sqlite3
from contextlib import closing
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from app.services.maintenance import backup_store, restore_backup
from app.storage.backup import BackupKind, auto_backup_due, list_backups, rotate, take_backup
from app.storage.errors import BackupError
from app.storage.models import Fiche
from app.storage.store import Store, store_file


def add_fiche(store: Store, title: str) -> None:
    with store.transaction() as session:
        session.add(Fiche(title=title))


def titles(data_dir: Path) -> list[str]:
    store = Store.open(data_dir)
    try:
        with store.read() as session:
            return sorted(f.title for f in session.query(Fiche))
    finally:
        store.close()


def test_rotation_keeps_the_newest_automatic_backups_only(store: Store) -> None:
    start = datetime(2026, 1, 1, 12, 0, 0)
    for day in range(5):
        take_backup(store.path, store.data_dir, BackupKind.AUTO, now=start + timedelta(days=day))
    manual = take_backup(store.path, store.data_dir, BackupKind.MANUAL, now=start)
    removed = rotate(store.data_dir, keep=3)
    assert len(removed) == 2
    remaining = [b for b in list_backups(store.data_dir) if b.kind == BackupKind.AUTO]
    assert [b.taken_at.day for b in remaining] == [5, 4, 3]
    assert manual.exists(), "manual backups are never rotated away"


def test_automatic_backup_at_close_at_most_once_a_day(data_dir: Path) -> None:
    store = Store.open(data_dir)
    first = store.close(auto_backup_keep=5)
    assert first is not None and first.exists()
    store = Store.open(data_dir)
    assert store.close(auto_backup_keep=5) is None, "a second close the same day takes no new backup"
    assert not auto_backup_due(data_dir)
    assert auto_backup_due(data_dir, now=datetime.now() + timedelta(days=1))


def test_backup_to_a_chosen_file_holds_the_data_and_never_overwrites(store: Store, tmp_path: Path) -> None:
    add_fiche(store, "Ferme d'insertion")
    target = tmp_path / "copie.sqlite3"
    assert backup_store(store.data_dir, target) == target
    with closing(sqlite3.connect(target)) as conn:
        assert conn.execute("SELECT title FROM fiche").fetchall() == [("Ferme d'insertion",)]
    before = target.read_bytes()
    with pytest.raises(BackupError, match="existe déjà"):
        backup_store(store.data_dir, target)
    assert target.read_bytes() == before


def test_restore_brings_back_the_backup_and_keeps_the_replaced_state(data_dir: Path) -> None:
    store = Store.open(data_dir)
    add_fiche(store, "Avant")
    backup = store.backup()
    add_fiche(store, "Après")
    store.close()

    safety = restore_backup(data_dir, backup)

    assert titles(data_dir) == ["Avant"]
    assert safety.exists()
    with closing(sqlite3.connect(safety)) as conn:
        assert sorted(r[0] for r in conn.execute("SELECT title FROM fiche")) == ["Après", "Avant"]


def test_restore_from_a_file_that_is_not_a_backup_changes_nothing(data_dir: Path, tmp_path: Path) -> None:
    store = Store.open(data_dir)
    add_fiche(store, "Intacte")
    store.close()
    before = store_file(data_dir).read_bytes()
    bogus = tmp_path / "faux.sqlite3"
    bogus.write_text("pas une base")
    with pytest.raises(BackupError, match="n'est pas une base Essaim lisible"):
        restore_backup(data_dir, bogus)
    assert store_file(data_dir).read_bytes() == before
    assert titles(data_dir) == ["Intacte"]


def info_records(caplog: pytest.LogCaptureFixture, logger: str) -> list[str]:
    return [record.getMessage() for record in caplog.records
            if record.name == logger and record.levelno == logging.INFO]


def test_a_backup_and_a_restore_are_logged_with_their_files_and_trigger(
        data_dir: Path, caplog: pytest.LogCaptureFixture) -> None:
    store = Store.open(data_dir)
    add_fiche(store, "Journal")
    store.close()
    caplog.set_level(logging.INFO)

    backup = backup_store(data_dir)
    written = info_records(caplog, "app.storage.backup")
    assert written == [f"Backup of {store_file(data_dir)} written to {backup} (asked by the user)"]
    assert info_records(caplog, "app.services.maintenance") == [
        f"Backup of the store of {data_dir} asked by the user: {backup}"]

    caplog.clear()
    safety = restore_backup(data_dir, backup)
    assert info_records(caplog, "app.storage.backup") == [
        f"Backup of {store_file(data_dir)} written to {safety} (before a restore)",
        f"Store {store_file(data_dir)} replaced by the content of backup {backup}",
    ]
    assert info_records(caplog, "app.services.maintenance") == [
        f"Store of {data_dir} restored from {backup} at the user's request; its previous content is kept in {safety}"]


def test_automatic_backups_and_their_rotation_are_logged(store: Store, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="app.storage.backup")
    start = datetime(2026, 1, 1, 12, 0, 0)
    taken = [take_backup(store.path, store.data_dir, BackupKind.AUTO, now=start + timedelta(days=day))
             for day in range(2)]
    rotate(store.data_dir, keep=1)
    messages = info_records(caplog, "app.storage.backup")
    assert messages[:2] == [f"Backup of {store.path} written to {path} (daily automatic backup)" for path in taken]
    assert messages[2:] == [f"Old backup {taken[0]} deleted (only the 1 newest of kind auto are kept)"]
