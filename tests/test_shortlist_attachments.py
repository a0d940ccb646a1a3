"""A funding application's attachments (the application letter, the decision, the convention): kept once under their
SHA-256 like a fiche's, validated the same way, sent with the application and checked on arrival, never cleaned while
an application refers to them, and added by the store's migration 0010 without touching the applications already
there."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import uuid
import zipfile
from contextlib import closing
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import delete, func, select

from app.domain.fiche import Attachment
from app.domain.formats import format_decimal
from app.domain.shortlist import ShortlistEntry, validate_entry
from app.errors import UserError
from app.services import exchange, shortlist
from app.services.attachments import blob_path, copy_to_open, import_file, remove_unreferenced_attachments
from app.services.exchange import PackageRequest, apply_import, export_package
from app.storage.leftovers import referenced_attachments
from app.storage.migrations import current_revision, head_revision, upgrade_to
from app.storage.models import Blob
from app.storage.store import Store, store_file
from app.sync.package_format import MANIFEST, PackageError
from tests.test_shortlist import SCHEME, fiche_with_scheme

LETTER = b"%PDF-1.4 Lettre de demande au Fonds precarite energetique" * 20


def an_entry(attachments: list[Attachment]) -> ShortlistEntry:
    return ShortlistEntry(fiche_id=str(uuid.uuid4()), scheme_name="Fonds", attachments=attachments)


def letter(folder: Path, name: str = "lettre de demande.pdf", content: bytes = LETTER) -> Path:
    path = folder / name
    path.write_bytes(content)
    return path


def test_an_application_refuses_attachments_a_store_could_not_hold() -> None:
    good = Attachment(hashlib.sha256(LETTER).hexdigest(), "lettre.pdf", len(LETTER))
    assert validate_entry(an_entry([good])) == []
    bad = [Attachment("pas-une-empreinte", "decision.pdf", 10), Attachment(good.sha256, "  ", 10),
           Attachment(good.sha256, "convention.pdf", -4), Attachment(good.sha256, "enorme.pdf", 10**12)]
    errors = validate_entry(an_entry(bad))
    messages = [error.message for error in errors]
    assert "Pièce jointe 1 : « pas-une-empreinte » n'est pas une empreinte SHA-256 (64 chiffres hexadécimaux)." \
        in messages
    assert "Pièce jointe 2 : le nom du fichier est vide." in messages
    assert "Pièce jointe 3 : la taille ne peut pas être négative." in messages
    assert any(m.startswith("Pièce jointe 4 : « enorme.pdf » déclare") and "50 Mo" in m for m in messages)
    assert {"attachments.0.sha256", "attachments.1.file_name", "attachments.2.size", "attachments.3.size"} <= \
        {error.field for error in errors}


def test_attached_files_are_stored_once_registered_and_listed(store: Store, tmp_path: Path) -> None:
    fiche = fiche_with_scheme(store)
    entry = shortlist.add(store, fiche.id, SCHEME.id)
    entry.notes = "Relancer en janvier"
    shortlist.save(store, entry)
    saved, added = shortlist.attach_files(store, entry.id, [letter(tmp_path), letter(tmp_path, "copie.pdf")])
    sha = hashlib.sha256(LETTER).hexdigest()
    assert [(a.file_name, a.sha256, a.size) for a in added] == [("lettre de demande.pdf", sha, len(LETTER)),
                                                                ("copie.pdf", sha, len(LETTER))]
    assert shortlist.entries(store, fiche.id) == [saved]
    assert saved.notes == "Relancer en janvier" and saved.attachments == added
    assert blob_path(store.data_dir, sha).read_bytes() == LETTER, "one file for one content"
    with store.read() as session:
        assert session.scalar(select(func.count()).select_from(Blob).where(Blob.sha256 == sha)) == 1
    kept, removed = shortlist.detach(store, entry.id, "copie.pdf")
    assert removed.file_name == "copie.pdf" and [a.file_name for a in kept.attachments] == ["lettre de demande.pdf"]
    assert shortlist.entries(store, fiche.id)[0].attachments == kept.attachments
    with pytest.raises(UserError, match="ne désigne pas une pièce jointe"):
        shortlist.detach(store, entry.id, "absente.pdf")
    with pytest.raises(UserError, match="n'est pas un fichier lisible"):
        shortlist.attach_files(store, entry.id, [tmp_path / "introuvable.pdf"])
    assert shortlist.entries(store, fiche.id)[0].attachments == kept.attachments, "a refused file adds nothing"


def test_setting_the_attachments_leaves_the_rest_of_the_application(store: Store, tmp_path: Path) -> None:
    fiche = fiche_with_scheme(store)
    entry = shortlist.add(store, fiche.id, SCHEME.id)
    shortlist.attach_files(store, entry.id, [letter(tmp_path)])
    stale = shortlist.entries(store, fiche.id)[0]
    stale.status, stale.notes = "depose", "Déposé le 3"
    shortlist.save(store, stale)
    assert shortlist.set_attachments(store, entry.id, []).attachments == []
    (stored,) = shortlist.entries(store, fiche.id)
    assert (stored.status, stored.notes, stored.attachments) == ("depose", "Déposé le 3", [])
    with pytest.raises(UserError, match="n'est pas une empreinte"):
        shortlist.set_attachments(store, entry.id, [Attachment("zz", "x.pdf", 1)])


def send(sender: Store, path: Path) -> Path:
    export_package(sender, sender.data_dir, PackageRequest("all"), path)
    return path


def receive(receiver: Store, path: Path) -> None:
    plan = exchange.open_package(receiver, path)
    try:
        apply_import(receiver, receiver.data_dir, plan)
    finally:
        plan.package.cleanup()


@pytest.fixture
def two_stores(tmp_path: Path):  # type: ignore[no-untyped-def]
    a, b = Store.open(tmp_path / "a"), Store.open(tmp_path / "b")
    yield a, b
    a.close()
    b.close()


def test_an_application_s_files_travel_and_arrive_checked(two_stores: tuple[Store, Store], tmp_path: Path) -> None:
    a, b = two_stores
    fiche = fiche_with_scheme(a)
    entry = shortlist.add(a, fiche.id, SCHEME.id)
    entry, (added,) = shortlist.attach_files(a, entry.id, [letter(tmp_path, "décision.pdf")])
    path = send(a, tmp_path / "envoi.essaim")
    with zipfile.ZipFile(path) as archive:
        manifest = json.loads(archive.read(MANIFEST))
        assert manifest["format_version"] == "1.3" and manifest["counts"]["attachments"] == 1
        assert archive.read(f"attachments/{added.sha256}") == LETTER
    receive(b, path)
    assert shortlist.entries(b, fiche.id) == [entry]
    arrived = blob_path(b.data_dir, added.sha256)
    assert hashlib.sha256(arrived.read_bytes()).hexdigest() == added.sha256
    with b.read() as session:
        assert session.scalar(select(Blob.size).where(Blob.sha256 == added.sha256)) == len(LETTER)
    assert remove_unreferenced_attachments(b.data_dir, b) == [] and arrived.exists()


def rewrite(path: Path, target: Path, change: dict[str, bytes]) -> Path:
    """The package at `path` with some members' bytes replaced, its manifest made to agree with them."""
    with zipfile.ZipFile(path) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    members.update(change)
    manifest = json.loads(members.pop(MANIFEST))
    manifest["members"] = {name: {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
                           for name, data in members.items()}
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
        archive.writestr(MANIFEST, json.dumps(manifest))
    return target


def state_of(store: Store) -> tuple[bytes, list[Path]]:
    return store_file(store.data_dir).read_bytes(), sorted((store.data_dir / "pieces-jointes").rglob("*"))


def test_a_file_that_is_not_what_the_application_names_is_refused(two_stores: tuple[Store, Store],
                                                                  tmp_path: Path) -> None:
    a, b = two_stores
    fiche = fiche_with_scheme(a)
    entry = shortlist.add(a, fiche.id, SCHEME.id)
    _entry, (added,) = shortlist.attach_files(a, entry.id, [letter(tmp_path, "convention.pdf")])
    sent = send(a, tmp_path / "envoi.essaim")
    forged = rewrite(sent, tmp_path / "falsifie.essaim", {f"attachments/{added.sha256}": b"%PDF-1.4 autre chose"})
    before = state_of(b)
    with pytest.raises(PackageError) as refused:
        exchange.open_package(b, forged)
    assert str(refused.value) == (f"La pièce jointe « {added.sha256[:39]}… » ne correspond pas à son nom : le paquet "
                                  "est refusé, rien n'a été importé.")
    assert state_of(b) == before and shortlist.entries(b, fiche.id) == []


def test_a_received_application_naming_a_bad_attachment_is_refused(two_stores: tuple[Store, Store],
                                                                   tmp_path: Path) -> None:
    a, b = two_stores
    fiche = fiche_with_scheme(a)
    entry = shortlist.add(a, fiche.id, SCHEME.id)
    shortlist.attach_files(a, entry.id, [letter(tmp_path)])
    sent = send(a, tmp_path / "envoi.essaim")
    with zipfile.ZipFile(sent) as archive:
        records = json.loads(archive.read("records/shortlist.json"))
    records[0]["data"]["attachments"][0]["file_name"] = ""
    nameless = rewrite(sent, tmp_path / "sans-nom.essaim", {"records/shortlist.json": json.dumps(records).encode()})
    before = state_of(b)
    with pytest.raises(PackageError, match="Pièce jointe 1 : le nom du fichier est vide"):
        exchange.open_package(b, nameless)
    records[0]["data"]["attachments"][0]["sha256"] = "0" * 63 + "G"
    misnamed = rewrite(sent, tmp_path / "mal-designee.essaim", {"records/shortlist.json": json.dumps(records).encode()})
    with pytest.raises(PackageError, match=rf"Une pièce jointe mal désignée dans l'enregistrement {entry.id} "
                                           r"\(financement sollicité\) : le paquet est refusé"):
        exchange.open_package(b, misnamed)
    assert state_of(b) == before


def test_a_package_of_format_1_2_without_attachments_still_imports(two_stores: tuple[Store, Store],
                                                                   tmp_path: Path) -> None:
    a, b = two_stores
    fiche = fiche_with_scheme(a)
    entry = shortlist.add(a, fiche.id, SCHEME.id)
    sent = send(a, tmp_path / "envoi.essaim")
    with zipfile.ZipFile(sent) as archive:
        records = json.loads(archive.read("records/shortlist.json"))
        manifest = json.loads(archive.read(MANIFEST))
    for record in records:
        record["data"].pop("attachments")
    manifest["format_version"] = "1.2"
    old = rewrite(sent, tmp_path / "ancien.essaim", {"records/shortlist.json": json.dumps(records).encode(),
                                                     MANIFEST: json.dumps(manifest).encode()})
    receive(b, old)
    assert shortlist.entries(b, fiche.id) == [entry]


def test_a_file_only_an_application_refers_to_is_never_cleaned(store: Store, tmp_path: Path) -> None:
    fiche = fiche_with_scheme(store)
    entry = shortlist.add(store, fiche.id, SCHEME.id)
    _entry, (added,) = shortlist.attach_files(store, entry.id, [letter(tmp_path)])
    with store.transaction() as session:  # the register forgets it: only the application names the file now
        session.execute(delete(Blob))
    assert added.sha256 in referenced_attachments(store.path)
    assert remove_unreferenced_attachments(store.data_dir, store) == []
    assert blob_path(store.data_dir, added.sha256).exists()
    shortlist.set_attachments(store, entry.id, [])
    assert remove_unreferenced_attachments(store.data_dir, store) == [blob_path(store.data_dir, added.sha256)]


def test_migration_0010_keeps_the_applications_and_old_backups_are_still_read(data_dir: Path) -> None:
    data_dir.mkdir()
    db = store_file(data_dir)
    upgrade_to(db, "0009")
    fiche_id, entry_id, sha = str(uuid.uuid4()), str(uuid.uuid4()), "ab" * 32
    with closing(sqlite3.connect(db)) as conn:
        conn.execute("INSERT INTO store_info(key, value) VALUES ('workstation_id', ?)", (str(uuid.uuid4()),))
        conn.execute("INSERT INTO fiche (id, created_at, updated_at, revision, workstation_id, title, summary, status, "
                     "structure_name, evaluation_method) VALUES (?, '2026-01-01 00:00:00', '2026-01-01 00:00:00', 2, "
                     "'w', 'Visites énergie', '', 'brouillon', 'CCAS de Vif', '')", (fiche_id,))
        conn.execute("INSERT INTO blob (sha256, size) VALUES (?, 12)", (sha,))
        conn.execute("INSERT INTO fiche_attachment (fiche_id, position, sha256, file_name, size, label) "
                     "VALUES (?, 0, ?, 'plaquette.pdf', 12, '')", (fiche_id, sha))
        conn.execute("INSERT INTO shortlist_entry (id, created_at, updated_at, revision, workstation_id, fiche_id, "
                     "scheme_id, scheme_name, status, amount_requested, notes) VALUES (?, '2026-01-02 00:00:00', "
                     "'2026-01-02 00:00:00', 3, 'w', ?, 's', 'Fonds', 'depose', '30000', 'Déposé')",
                     (entry_id, fiche_id))
        conn.commit()
    assert referenced_attachments(db) == {sha}, "a store (or backup) of revision 0009 is read"
    store = Store.open(data_dir)
    try:
        assert current_revision(db) == head_revision() >= "0010"
        (entry,) = shortlist.entries(store, fiche_id)
        assert (entry.id, entry.scheme_name, entry.status, entry.notes, entry.attachments) == \
            (entry_id, "Fonds", "depose", "Déposé", [])
        assert str(entry.amount_requested) == "30000"
        with store.read() as session:
            assert session.scalar(select(func.count()).select_from(Blob)) == 1
        with closing(sqlite3.connect(db)) as conn:
            assert conn.execute("SELECT revision FROM shortlist_entry").fetchone() == (3,), "not an edit"
    finally:
        store.close()


def test_funding_shortlist_attach_list_and_detach(data_dir: Path, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    from app.__main__ import main

    store = Store.open(data_dir)
    try:
        fiche = fiche_with_scheme(store)
        entry = shortlist.add(store, fiche.id, SCHEME.id)
    finally:
        store.close()
    base = ["--data-dir", str(data_dir), "funding", "shortlist", fiche.id[:8]]
    assert main([*base, "attach", entry.id[:8], str(letter(tmp_path)), str(letter(tmp_path, "convention.pdf", b"C"))]) \
        == 0
    size = format_decimal(len(LETTER))
    assert capsys.readouterr().out == (f"Fichiers joints à « {SCHEME.name} » : lettre de demande.pdf ({size} octets), "
                                       "convention.pdf (1 octet).\n")
    assert main(base) == 0
    listed = capsys.readouterr().out.splitlines()
    assert listed[-2:] == [f"            pièce jointe : lettre de demande.pdf ({size} octets)",
                           "            pièce jointe : convention.pdf (1 octet)"]
    assert main([*base, "detach", entry.id[:8], "convention.pdf"]) == 0
    assert capsys.readouterr().out == f"Pièce jointe retirée de « {SCHEME.name} » : convention.pdf.\n"
    assert main([*base, "attach", entry.id[:8]]) == 1
    assert "attend la demande puis le ou les fichiers" in capsys.readouterr().err
    assert main([*base, "attach", entry.id[:8], str(tmp_path / "absent.pdf")]) == 1
    assert "n'est pas un fichier lisible" in capsys.readouterr().err
    assert main([*base, "list", "x", "y.pdf"]) == 1
    assert "n'attend pas de fichier" in capsys.readouterr().err


def test_a_file_opens_from_a_copy_under_its_own_name_made_safe(store: Store, tmp_path: Path) -> None:
    stored = import_file(store.data_dir, letter(tmp_path))
    for name, expected in (("lettre de demande.pdf", "lettre de demande.pdf"),
                           ("../../.bashrc", "bashrc"), ("..\\..\\décision : CD38?.PDF", "décision - CD38.PDF"),
                           ("CON.txt", "fiche CON.txt")):
        opened = copy_to_open(store.data_dir, replace(stored, file_name=name), tmp_path)
        assert opened.name == expected and opened.parent.parent == tmp_path
        assert opened.read_bytes() == LETTER
    assert blob_path(store.data_dir, stored.sha256).read_bytes() == LETTER
