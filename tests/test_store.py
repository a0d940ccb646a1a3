import subprocess
import sys
import textwrap
import uuid
from pathlib import Path

import pytest
from sqlalchemy import text

from app.storage.errors import StoreLockedError
from app.storage.models import Fiche, FicheTag
from app.storage.store import Store


def test_every_connection_has_wal_foreign_keys_and_busy_timeout(store: Store) -> None:
    with store.read() as session:
        assert session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert session.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert session.execute(text("PRAGMA busy_timeout")).scalar() == 5000
        assert session.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL


def test_workstation_id_is_made_once_per_store(data_dir: Path) -> None:
    first = Store.open(data_dir)
    workstation = first.workstation_id
    first.close()
    second = Store.open(data_dir)
    assert second.workstation_id == workstation
    assert str(uuid.UUID(workstation)) == workstation
    second.close()


def test_new_record_gets_identity_times_revision_and_workstation(store: Store) -> None:
    with store.transaction() as session:
        fiche = Fiche(title="Épicerie solidaire")
        session.add(fiche)
    with store.read() as session:
        saved = session.get(Fiche, fiche.id)
        assert saved is not None
        assert str(uuid.UUID(saved.id)) == saved.id
        assert saved.revision == 1
        assert saved.workstation_id == store.workstation_id
        assert saved.created_at.tzinfo is not None and saved.created_at == saved.updated_at
        assert saved.deleted_at is None


def test_changing_a_record_or_one_of_its_rows_makes_a_new_revision(store: Store) -> None:
    with store.transaction() as session:
        fiche = Fiche(title="Garage solidaire")
        session.add(fiche)
    with store.transaction() as session:
        session.get(Fiche, fiche.id).summary = "Réparer à prix juste"
    with store.transaction() as session:
        loaded = session.get(Fiche, fiche.id)
        loaded.tags.append(FicheTag(position=0, label="mobilité"))
    with store.read() as session:
        saved = session.get(Fiche, fiche.id)
        assert saved.revision == 3
        assert saved.updated_at > saved.created_at


def test_a_failed_transaction_changes_nothing(store: Store) -> None:
    with pytest.raises(RuntimeError), store.transaction() as session:
        session.add(Fiche(title="À moitié"))
        session.flush()
        raise RuntimeError("interrompu")
    with store.read() as session:
        assert session.query(Fiche).count() == 0


def test_foreign_keys_are_enforced(store: Store) -> None:
    from sqlalchemy.exc import IntegrityError

    with pytest.raises(IntegrityError), store.transaction() as session:
        session.add(FicheTag(fiche_id=str(uuid.uuid4()), position=0, label="orphelin"))


def test_a_second_store_on_the_same_folder_is_refused_in_french(store: Store) -> None:
    with pytest.raises(StoreLockedError, match="déjà ouvert"):
        Store.open(store.data_dir)


def test_the_lock_holds_across_processes_and_is_freed_when_the_holder_dies(data_dir: Path) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import sys, time
            from pathlib import Path
            from app.storage.store import Store
            store = Store.open(Path({str(data_dir)!r}))
            print("tenu", flush=True)
            time.sleep(60)
        """)],
        stdout=subprocess.PIPE, text=True, cwd=Path(__file__).resolve().parent.parent,
    )
    try:
        assert holder.stdout.readline().strip() == "tenu"
        with pytest.raises(StoreLockedError):
            Store.open(data_dir)
    finally:
        holder.kill()
        holder.wait()
    Store.open(data_dir).close()
