"""A backup is checked when it is taken: a damaged store is said in French, its copy is marked as damaged, and the
rotation never throws away the last sound backup."""

import sqlite3
from contextlib import closing
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from app.services.maintenance import backup_store, restore_backup
from app.storage.backup import BackupKind, is_sound, list_backups, rotate, take_backup, verify_database
from app.storage.errors import BackupDamagedError
from app.storage.models import Fiche
from app.storage.store import Store, store_file

START = datetime(2026, 1, 1, 12, 0, 0)


def fill(data_dir: Path, count: int = 300) -> None:
    store = Store.open(data_dir)
    try:
        with store.transaction() as session:
            session.add_all(Fiche(title=f"Fiche numéro {n} " + "x" * 200) for n in range(count))
    finally:
        store.close()


def damage_a_page(db_path: Path) -> None:
    """Overwrite the cell pointers of the table page holding one fiche: the store still opens, its check fails."""
    with closing(sqlite3.connect(db_path)) as conn:
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    content = bytearray(db_path.read_bytes())
    page = content.find("Fiche numéro 150 ".encode()) // page_size
    content[page * page_size + 8:page * page_size + 48] = b"\xff" * 40
    db_path.write_bytes(bytes(content))
    assert not is_sound(db_path)


def test_a_backup_of_a_damaged_store_is_written_marked_and_said_in_french(data_dir: Path) -> None:
    fill(data_dir)
    damage_a_page(store_file(data_dir))
    store = Store.open(data_dir)
    try:
        with pytest.raises(BackupDamagedError) as raised:
            store.backup()
    finally:
        store.close()
    message = str(raised.value)
    assert "endommagée" in message and "Vérifier l'intégrité" in message and "quick_check" not in message
    written = raised.value.path
    assert written.exists() and written.name.endswith("-endommagee.sqlite3")
    [listed] = list_backups(data_dir)
    assert listed.path == written and listed.damaged and listed.kind == BackupKind.MANUAL


def test_a_backup_of_a_sound_store_is_not_marked(store: Store) -> None:
    taken = store.backup()
    assert "endommagee" not in taken.name
    assert not list_backups(store.data_dir)[0].damaged


def test_a_backup_to_a_chosen_file_of_a_damaged_store_is_said(data_dir: Path, tmp_path: Path) -> None:
    fill(data_dir)
    damage_a_page(store_file(data_dir))
    with pytest.raises(BackupDamagedError, match="endommagée") as raised:
        backup_store(data_dir, tmp_path / "copie.sqlite3")
    assert raised.value.path == tmp_path / "copie.sqlite3" and raised.value.path.exists()


def test_ten_days_of_damaged_backups_never_rotate_away_the_last_sound_one(data_dir: Path) -> None:
    fill(data_dir)
    db_path = store_file(data_dir)
    for day in range(3):
        take_backup(db_path, data_dir, BackupKind.AUTO, now=START + timedelta(days=day))
        rotate(data_dir, keep=10)
    last_sound = list_backups(data_dir)[0].path
    damage_a_page(db_path)
    for day in range(3, 20):
        with pytest.raises(BackupDamagedError):
            take_backup(db_path, data_dir, BackupKind.AUTO, now=START + timedelta(days=day))
        rotate(data_dir, keep=10)
    autos = [b for b in list_backups(data_dir) if b.kind == BackupKind.AUTO]
    assert [b.path for b in autos if not b.damaged] == [last_sound], "the newest sound backup is kept"
    assert len([b for b in autos if b.damaged]) == 10
    verify_database(last_sound)


def test_the_last_sound_backup_is_kept_even_when_older_ones_were_never_checked(data_dir: Path) -> None:
    fill(data_dir)
    db_path = store_file(data_dir)
    sound = take_backup(db_path, data_dir, BackupKind.AUTO, now=START)
    damage_a_page(db_path)
    for day in (1, 2):
        with pytest.raises(BackupDamagedError):
            take_backup(db_path, data_dir, BackupKind.AUTO, now=START + timedelta(days=day))
    # a damaged copy taken by an older Essaim, which did not check: its name does not say it
    unchecked = data_dir / "sauvegardes" / "auto-20260110-120000.sqlite3"
    unchecked.write_bytes(db_path.read_bytes())
    rotate(data_dir, keep=1)
    kept = {b.path for b in list_backups(data_dir)}
    assert sound in kept and unchecked in kept


def test_a_damaged_store_can_still_be_restored_from_a_sound_backup(data_dir: Path) -> None:
    fill(data_dir)
    sound = take_backup(store_file(data_dir), data_dir, BackupKind.MANUAL, now=START)
    damage_a_page(store_file(data_dir))
    safety = restore_backup(data_dir, sound)
    assert safety.exists() and safety.name.endswith("-endommagee.sqlite3"), "the replaced state is kept, marked"
    verify_database(store_file(data_dir))


def test_closing_a_damaged_store_keeps_its_sound_backups(data_dir: Path) -> None:
    fill(data_dir)
    sound = take_backup(store_file(data_dir), data_dir, BackupKind.AUTO, now=START)
    damage_a_page(store_file(data_dir))
    Store.open(data_dir).close(auto_backup_keep=1)  # does not fail: the day's backup is taken, marked
    autos = [b for b in list_backups(data_dir) if b.kind == BackupKind.AUTO]
    assert sound in {b.path for b in autos} and any(b.damaged for b in autos)
