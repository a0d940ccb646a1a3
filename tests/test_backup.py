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
