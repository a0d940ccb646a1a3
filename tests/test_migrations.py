import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from app.storage.backup import list_backups
from app.storage.errors import StoreCorruptError, StoreTooNewError
from app.storage.migrations import current_revision, head_revision, migrate_store, upgrade_to
from app.storage.store import Store, store_file


def table_names(db: Path) -> set[str]:
    with closing(sqlite3.connect(db)) as conn:
        return {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}


def test_empty_folder_gets_the_newest_schema_without_a_backup(data_dir: Path) -> None:
    store = Store.open(data_dir)
    store.close()
    db = store_file(data_dir)
    assert current_revision(db) == head_revision()
    assert {"store_info", "fiche", "fiche_tag", "alembic_version"} <= table_names(db)
    assert list_backups(data_dir) == []


def test_store_at_previous_revision_is_backed_up_then_upgraded(data_dir: Path) -> None:
    data_dir.mkdir()
    db = store_file(data_dir)
    upgrade_to(db, "0001")
    with closing(sqlite3.connect(db)) as conn:
        conn.execute("INSERT INTO store_info(key, value) "
                     "VALUES ('workstation_id', '6f1c1a4e-8d0b-4a53-9c4b-2f0e7d1a9b11')")
        conn.commit()
    assert current_revision(db) == "0001"

    outcome = migrate_store(db, data_dir)

    assert outcome.from_revision == "0001" and outcome.to_revision == head_revision()
    assert outcome.backup is not None and outcome.backup.exists()
    assert current_revision(outcome.backup) == "0001", "the backup holds the store as it was before"
    assert "fiche" in table_names(db)
    store = Store.open(data_dir)
    assert store.workstation_id == "6f1c1a4e-8d0b-4a53-9c4b-2f0e7d1a9b11", "existing data survives the upgrade"
    store.close()


def test_store_from_a_newer_version_is_refused_unchanged(data_dir: Path) -> None:
    Store.open(data_dir).close()
    db = store_file(data_dir)
    with closing(sqlite3.connect(db)) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
        conn.commit()
    before = db.read_bytes()
    with pytest.raises(StoreTooNewError, match="version plus récente"):
        Store.open(data_dir)
    assert db.read_bytes() == before


def test_a_foreign_sqlite_file_is_not_taken_for_a_store(data_dir: Path) -> None:
    data_dir.mkdir()
    with closing(sqlite3.connect(store_file(data_dir))) as conn:
        conn.execute("CREATE TABLE something_else(x)")
        conn.commit()
    with pytest.raises(StoreCorruptError, match="n'est pas une base Essaim"):
        Store.open(data_dir)


def test_a_garbage_file_gives_a_french_error(data_dir: Path) -> None:
    data_dir.mkdir()
    store_file(data_dir).write_bytes(b"ceci n'est pas une base" * 200)
    for _attempt in range(2):  # the lock is released after the failure: the same message again
        with pytest.raises(StoreCorruptError, match="illisible ou endommagé"):
            Store.open(data_dir)


def test_the_migrations_create_every_table_and_column_the_models_use(data_dir: Path) -> None:
    """What the models write must exist in a migrated store (the search tables and indexes the migrations add
    beyond the models are no concern)."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from app.storage.models import Base

    store = Store.open(data_dir)
    try:
        with store.engine.connect() as connection:
            differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    finally:
        store.close()
    missing = [difference for difference in differences
               if difference[0] in ("add_table", "add_column", "remove_column")]
    assert missing == []


def test_the_revision_a_current_store_is_read_against_is_alembics_head() -> None:
    """A new migration must raise SCHEMA_REVISION too, or stores would not be brought up to it."""
    from app.storage.migrations import SCHEMA_REVISION

    assert head_revision() == SCHEMA_REVISION
