"""A data folder's path is taken literally: « ? », « # » or « % » in it never send the store elsewhere."""

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from app.services.maintenance import backup_store, restore_backup, run_check
from app.storage.backup import BackupKind, take_backup, verify_database
from app.storage.models import Fiche
from app.storage.store import Store, store_file

ODD_NAMES = ["données?x=1", "données#2", "données%3F", "données%", "a?mode=ro", "b?uri=true&mode=memory"]


def add_fiche(store: Store, title: str) -> None:
    with store.transaction() as session:
        session.add(Fiche(title=title))


def titles_in(path: Path) -> list[str]:
    with closing(sqlite3.connect(path)) as conn:
        return sorted(row[0] for row in conn.execute("SELECT title FROM fiche"))


@pytest.mark.parametrize("name", ODD_NAMES)
def test_the_store_is_written_inside_its_folder_whatever_its_name(tmp_path: Path, name: str) -> None:
    parent = tmp_path / "parent"
    parent.mkdir()
    data_dir = parent / name
    store = Store.open(data_dir)
    try:
        add_fiche(store, "Ferme")
    finally:
        store.close()
    assert [p.name for p in parent.iterdir()] == [name], "nothing is written beside the data folder"
    assert titles_in(store_file(data_dir)) == ["Ferme"]


def test_two_folders_whose_names_differ_after_a_question_mark_keep_two_stores(tmp_path: Path) -> None:
    first, second = tmp_path / "dossier?a", tmp_path / "dossier?b"
    one = Store.open(first)
    try:
        add_fiche(one, "Dans le premier")
        other = Store.open(second)
        try:
            with other.read() as session:
                assert session.query(Fiche).count() == 0
        finally:
            other.close()
    finally:
        one.close()
    assert titles_in(store_file(first)) == ["Dans le premier"]
    assert titles_in(store_file(second)) == []


@pytest.mark.parametrize("name", ["sauve?x=1", "sauve#1", "sauve%25"])
def test_backups_restores_and_checks_take_the_path_literally(tmp_path: Path, name: str) -> None:
    data_dir = tmp_path / name
    store = Store.open(data_dir)
    try:
        add_fiche(store, "Avant")
        backup = take_backup(store.path, data_dir, BackupKind.MANUAL)
        chosen = backup_store(data_dir, tmp_path / f"copie{name}.sqlite3")
        add_fiche(store, "Après")
    finally:
        store.close()
    assert backup.parent.parent == data_dir and titles_in(backup) == ["Avant"]
    assert chosen.name == f"copie{name}.sqlite3" and titles_in(chosen) == ["Avant"]
    verify_database(backup)
    assert run_check(data_dir).ok
    restore_backup(data_dir, chosen)
    assert titles_in(store_file(data_dir)) == ["Avant"]
