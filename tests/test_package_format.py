"""The .essaim package format: what is written reads back, and every hostile package is refused in French."""

from __future__ import annotations

import hashlib
import os
import stat
import uuid
import zipfile
from pathlib import Path

import pytest

from app.sync.package_format import MANIFEST, PackageError
from app.sync.package_reader import PackageRecord, read_package
from app.sync.package_writer import OutgoingPackage, write_package
from tests.hostile_packages import WORKSTATION, fiche_record, raw_package, records_bytes, zip_with


def refused(path: Path, staging: Path) -> str:
    staging.mkdir(exist_ok=True)
    with pytest.raises(PackageError) as error:
        read_package(path, staging)
    assert list(staging.iterdir()) == [], "nothing is left in the staging folder"
    return str(error.value)


def test_written_package_reads_back(tmp_path: Path) -> None:
    attachment = tmp_path / "plaquette.pdf"
    attachment.write_bytes(b"%PDF-1.4 plaquette")
    sha = hashlib.sha256(attachment.read_bytes()).hexdigest()
    record = fiche_record(attachments=[{"sha256": sha, "file_name": "plaquette.pdf", "size": 18, "label": ""}])
    tombstone = PackageRecord("fiche", str(uuid.uuid4()), 7, "2026-11-21T09:00:00+00:00", WORKSTATION,
                              "2026-11-21T09:00:00+00:00", None)
    package = OutgoingPackage(WORKSTATION, "CCAS de Test", "all", True, [record, tombstone], {sha: attachment})
    path = write_package(package, tmp_path / "envoi.essaim")
    received = read_package(path, tmp_path)
    try:
        assert received.records == [record, tombstone]
        assert received.attachments[sha].read_bytes() == b"%PDF-1.4 plaquette"
        assert received.manifest["counts"] == {"fiches": 2, "scenarios": 0, "shortlist": 0, "schemes": 0, "labs": 0,
                                               "lab_items": 0, "attachments": 1}
        assert received.manifest["workstation"]["label"] == "CCAS de Test"
    finally:
        received.cleanup()
    assert not received.staging.exists()


def test_an_older_minor_and_a_newer_minor_version_are_read(tmp_path: Path) -> None:
    for version in ("1.0", "1.7"):
        record = fiche_record()
        path = raw_package(tmp_path / f"v{version}.essaim", {"records/fiches.json": records_bytes(record)},
                           {"futur": "ignoré"}, version=version)
        received = read_package(path, tmp_path)
        try:
            assert received.records == [record], "the fiche of a package of another minor version is all there"
            assert received.manifest["format_version"] == version
            assert received.manifest["workstation"]["label"] == "Poste test"
        finally:
            received.cleanup()
        assert not received.staging.exists()


@pytest.mark.parametrize("name", ["../evil.txt", "/etc/passwd", "records/../../evil", "C:/Windows/evil",
                                  "attachments\\..\\evil", "records/autre.json", "attachments/pas-un-hash"])
def test_dangerous_or_unknown_member_names_are_refused(tmp_path: Path, name: str) -> None:
    message = refused(zip_with(tmp_path / "p.essaim", name), tmp_path / "staging")
    assert "dangereux" in message or "inconnu" in message


def test_a_symbolic_link_is_refused(tmp_path: Path) -> None:
    path = zip_with(tmp_path / "p.essaim", "records/fiches.json", b"/etc/passwd", (stat.S_IFLNK | 0o777) << 16)
    assert "lien symbolique" in refused(path, tmp_path / "staging")


def test_a_compression_bomb_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bombe.essaim"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("records/fiches.json", b" " * (30 * 1024 * 1024))
        archive.writestr(MANIFEST, "{}")
    assert path.stat().st_size < 200_000
    assert "bombe" in refused(path, tmp_path / "staging")


def test_a_truncated_archive_is_refused(tmp_path: Path) -> None:
    good = raw_package(tmp_path / "bon.essaim", {"records/fiches.json": records_bytes(fiche_record())})
    cut = tmp_path / "coupe.essaim"
    cut.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    assert "abîmée ou tronquée" in refused(cut, tmp_path / "staging")


def test_a_package_without_manifest_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "p.essaim"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("records/fiches.json", "[]")
    assert "manifeste" in refused(path, tmp_path / "staging")


def test_broken_json_is_refused(tmp_path: Path) -> None:
    path = raw_package(tmp_path / "p.essaim", {"records/fiches.json": b'[{"id": "abc", '})
    assert "JSON abîmé" in refused(path, tmp_path / "staging")
    path = tmp_path / "m.essaim"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(MANIFEST, "{pas du json")
    assert "JSON abîmé" in refused(path, tmp_path / "staging")


def test_a_newer_major_format_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    path = raw_package(tmp_path / "p.essaim", {"records/fiches.json": records_bytes(fiche_record())}, version="2.0")
    message = refused(path, tmp_path / "staging")
    assert "version plus récente d'Essaim" in message and "2.0" in message


def test_a_wrong_format_is_refused(tmp_path: Path) -> None:
    path = raw_package(tmp_path / "p.essaim", {}, {"format": "autre-chose"})
    assert "pas un paquet Essaim" in refused(path, tmp_path / "staging")


def test_a_checksum_mismatch_is_refused(tmp_path: Path) -> None:
    data = records_bytes(fiche_record())
    wrong = {"records/fiches.json": {"sha256": "0" * 64, "size": len(data)}}
    path = raw_package(tmp_path / "p.essaim", {"records/fiches.json": data}, {"members": wrong})
    assert "empreinte" in refused(path, tmp_path / "staging")


def test_members_not_in_the_manifest_are_refused(tmp_path: Path) -> None:
    path = raw_package(tmp_path / "p.essaim", {"records/fiches.json": records_bytes(fiche_record())}, {"members": {}})
    assert "ne correspond pas au contenu" in refused(path, tmp_path / "staging")


def test_duplicate_uuids_are_refused(tmp_path: Path) -> None:
    same = str(uuid.uuid4())
    path = raw_package(tmp_path / "p.essaim",
                       {"records/fiches.json": records_bytes(fiche_record(same), fiche_record(same))})
    assert "deux fois" in refused(path, tmp_path / "staging")


def test_a_ten_megabyte_field_is_refused(tmp_path: Path) -> None:
    huge = fiche_record(summary=os.urandom(5_000_000).hex())
    path = raw_package(tmp_path / "p.essaim", {"records/fiches.json": records_bytes(huge)})
    assert "caractères" in refused(path, tmp_path / "staging")


def test_records_that_break_the_schema_or_references_are_refused(tmp_path: Path) -> None:
    bad_revision = fiche_record()
    bad_revision.revision = 0
    path = raw_package(tmp_path / "a.essaim", {"records/fiches.json": records_bytes(bad_revision)})
    assert "ne respecte pas le format" in refused(path, tmp_path / "staging")
    missing_attachment = fiche_record(attachments=[{"sha256": "a" * 64, "file_name": "x.pdf", "size": 1}])
    path = raw_package(tmp_path / "b.essaim", {"records/fiches.json": records_bytes(missing_attachment)})
    assert "pièce jointe" in refused(path, tmp_path / "staging")
