"""Nothing left behind: what a killed Essaim leaves (staging folders in the temporary folder, half-written files
in the data folder) is removed at the next start when nobody uses it any more, and a refused import can take
back what it wrote after its backup."""

import os
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from app.services import fiches
from app.services.attachments import blob_path, import_file, remove_unreferenced_attachments
from app.services.exchange import PackageRequest, apply_import, export_package, plan_import
from app.storage import backup as backup_module
from app.storage import leftovers
from app.storage.backup import BackupKind, forget_backup, list_backups, take_backup
from app.storage.errors import BackupError
from app.storage.store import Store
from app.sync.package_format import PackageCancelled
from app.sync.package_reader import read_package
from tests.fiche_factory import full_fiche

HOUR = 3600


@pytest.fixture
def living() -> Iterator[int]:
    """The id of another process that is running."""
    process = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    yield process.pid
    process.kill()
    process.wait()


@pytest.fixture
def dead() -> int:
    """The id of a process that has ended."""
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def folder(parent: Path, name: str, age: float = 0) -> Path:
    made = parent / name
    (made / "records").mkdir(parents=True)
    (made / "records" / "fiches.json").write_bytes(b"[]" * 1000)
    if age:
        then = time.time() - age
        os.utime(made, (then, then))
    return made


def test_staging_folders_whose_process_is_gone_are_removed_and_the_others_kept(
        tmp_path: Path, living: int, dead: int) -> None:
    temp = tmp_path / "temp"
    temp.mkdir()
    gone = [folder(temp, f"essaim-paquet-{dead}-k2j4h"), folder(temp, f"essaim-dechiffre-{dead}-8fgr_"),
            folder(temp, "essaim-paquet-a8x2m9qz", age=2 * HOUR)]  # unnamed owner, older than an hour
    kept = [folder(temp, f"essaim-paquet-{os.getpid()}-ab12c"), folder(temp, f"essaim-paquet-{living}-zz9k0"),
            folder(temp, f"essaim-dechiffre-{living}-p0o9i", age=30 * HOUR),  # its owner still runs
            folder(temp, "essaim-paquet-x7c1v0bn", age=10 * 60),  # unnamed owner, recent: maybe in use
            folder(temp, "autre-programme-1", age=48 * HOUR)]
    (temp / "essaim-paquet-fichier").write_text("not a folder")
    removed = leftovers.sweep_staging(temp)
    assert sorted(removed) == sorted(gone)
    assert all(not path.exists() for path in gone)
    assert all(path.is_dir() for path in kept) and (temp / "essaim-paquet-fichier").is_file()


def test_a_staging_folder_is_named_after_its_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    made = leftovers.make_staging_dir("essaim-paquet-", tmp_path)
    assert made.parent == tmp_path and made.name.startswith(f"essaim-paquet-{os.getpid()}-") and made.is_dir()
    assert leftovers.sweep_staging(tmp_path) == [], "its process runs: it stays"
    monkeypatch.setattr(leftovers, "process_alive", lambda pid: False)
    assert leftovers.sweep_staging(tmp_path) == [made]


def test_opening_the_store_clears_the_leftovers_of_killed_imports(
        data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, dead: int, living: int) -> None:
    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    killed = [folder(temp, f"essaim-paquet-{dead}-{n:05d}") for n in range(60)]
    in_use = folder(temp, f"essaim-paquet-{living}-aaaaa")
    Store.open(data_dir).close()
    assert not any(path.exists() for path in killed) and in_use.is_dir()


def test_half_written_files_in_the_data_folder_are_removed_at_start(data_dir: Path, living: int, dead: int) -> None:
    store = Store.open(data_dir)
    source = data_dir.parent / "plaquette.pdf"
    source.write_bytes(b"%PDF-1.4 plaquette")
    fiche = full_fiche(str(uuid.uuid4()))
    fiche.attachments = [import_file(data_dir, source)]
    fiches.save(store, fiche)
    kept_backup = store.backup()
    store.close()
    stored = blob_path(data_dir, fiche.attachments[0].sha256)
    backups, attachments = data_dir / "sauvegardes", data_dir / "pieces-jointes"
    left = [backups / "manuelle-20260101-120000.sqlite3.partiel",
            backups / f"auto-20260102-120000.sqlite3.pid{dead}.partiel",
            attachments / ".ajout-k2j4h8fg", attachments / "ab" / ("ab" + "0" * 62 + ".partiel"),
            data_dir / "Ferme - dossier - 2026-01-01.pdf.partiel"]
    being_written = backups / f"manuelle-20260103-120000.sqlite3.pid{living}.partiel"  # an « essaim backup » running
    for path in [*left, being_written]:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"moitie")
    Store.open(data_dir).close()
    assert [path for path in left if path.exists()] == []
    assert being_written.exists() and stored.exists() and kept_backup.exists()


def test_a_backup_is_written_under_a_name_that_says_its_process(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[Path] = []
    connect = backup_module.connect

    def spy(path: Path, read_only: bool = False) -> sqlite3.Connection:
        opened.append(path)
        return connect(path, read_only)

    monkeypatch.setattr(backup_module, "connect", spy)
    store.backup()
    assert opened[-1].name.endswith(f".pid{os.getpid()}.partiel")


def test_a_refused_import_takes_back_its_backup_and_the_attachments_it_copied(data_dir: Path, tmp_path: Path) -> None:
    sender, receiver = Store.open(tmp_path / "expediteur"), Store.open(data_dir)
    try:
        theirs, mine, stray = (tmp_path / "theirs.pdf", tmp_path / "mine.pdf", tmp_path / "stray.pdf")
        for path in (theirs, mine, stray):
            path.write_bytes(b"%PDF-1.4 " + path.name.encode() * 50)
        sent = full_fiche(str(uuid.uuid4()))
        sent.attachments = [import_file(sender.data_dir, theirs)]
        fiches.save(sender, sent)
        own = full_fiche(str(uuid.uuid4()))
        own.attachments = [import_file(data_dir, mine)]
        fiches.save(receiver, own)
        unreferenced = import_file(data_dir, stray)  # copied, then the fiche was never saved
        package = tmp_path / "envoi.essaim"
        export_package(sender, sender.data_dir, PackageRequest("all"), package)
        plan = plan_import(receiver, read_package(package, tmp_path))

        def refuse(done: float) -> None:
            if done >= 0.95:
                raise PackageCancelled()

        try:
            with pytest.raises(PackageCancelled):
                apply_import(receiver, data_dir, plan, progress=refuse)
        finally:
            plan.package.cleanup()
        assert [b for b in list_backups(data_dir) if b.kind == BackupKind.IMPORT] == [], "its backup is taken back"
        assert not blob_path(data_dir, sent.attachments[0].sha256).exists(), "and the file it copied"
        assert blob_path(data_dir, own.attachments[0].sha256).exists()
        assert blob_path(data_dir, unreferenced.sha256).exists(), "only the import's own files are looked at"
        assert remove_unreferenced_attachments(data_dir, receiver) == [blob_path(data_dir, unreferenced.sha256)]
        assert fiches.load(receiver, own.id) is not None
    finally:
        sender.close()
        receiver.close()


def test_an_attachment_a_backup_still_refers_to_is_kept(data_dir: Path, tmp_path: Path) -> None:
    from sqlalchemy import delete

    from app.storage.models import Blob, FicheAttachment

    store = Store.open(data_dir)
    try:
        source = tmp_path / "ancienne.pdf"
        source.write_bytes(b"%PDF-1.4 ancienne")
        fiche = full_fiche(str(uuid.uuid4()))
        fiche.attachments = [import_file(data_dir, source)]
        fiches.save(store, fiche)
        store.backup()
        with store.transaction() as session:  # the store forgets it (a restore of an older state would)
            session.execute(delete(FicheAttachment))
            session.execute(delete(Blob))
        assert remove_unreferenced_attachments(data_dir, store) == []
        assert blob_path(data_dir, fiche.attachments[0].sha256).exists()
    finally:
        store.close()


def test_forget_backup_deletes_backups_only(store: Store, tmp_path: Path) -> None:
    taken = store.backup(BackupKind.IMPORT)
    forget_backup(taken)
    assert not taken.exists()
    for not_a_backup in (store.path, tmp_path / "avant-import-20260101-120000.sqlite3"):
        not_a_backup.touch()
        with pytest.raises(BackupError):
            forget_backup(not_a_backup)
        assert not_a_backup.exists()


def test_pre_import_backups_are_rotated_like_the_automatic_ones(data_dir: Path) -> None:
    store = Store.open(data_dir)
    start = datetime(2026, 1, 1, 12, 0, 0)
    for day in range(6):
        take_backup(store.path, data_dir, BackupKind.IMPORT, now=start + timedelta(days=day))
    store.close(auto_backup_keep=4)
    imports = [b.taken_at.day for b in list_backups(data_dir) if b.kind == BackupKind.IMPORT]
    assert imports == [6, 5, 4, 3]
