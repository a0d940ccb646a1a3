"""Password-protected packages: sealed and opened, and every broken or hostile envelope refused in French."""

from __future__ import annotations

import base64
import hashlib
import json
import random
import struct
from pathlib import Path

import pytest

from app.sync.package_crypto import MAGIC, PasswordRequired, is_encrypted
from app.sync.package_format import PackageError
from app.sync.package_reader import read_package
from app.sync.package_writer import OutgoingPackage, write_package
from tests.test_package_format import WORKSTATION, fiche_record, refused

PASSWORD = "Chèvre-Lune-2026"


@pytest.fixture
def sealed(tmp_path: Path) -> tuple[Path, OutgoingPackage, bytes]:
    """A protected package spanning several encrypted chunks (an attachment of 2.5 MB)."""
    content = random.Random(7).randbytes(2_500_000)
    attachment = tmp_path / "budget.xlsx"
    attachment.write_bytes(content)
    sha = hashlib.sha256(content).hexdigest()
    record = fiche_record(attachments=[{"sha256": sha, "file_name": "budget.xlsx", "size": len(content), "label": ""}])
    package = OutgoingPackage(WORKSTATION, "CCAS de Test", "all", True, [record], {sha: attachment})
    return write_package(package, tmp_path / "protege.essaim", password=PASSWORD), package, content


def test_a_protected_package_opens_with_its_password_only(sealed, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path, package, content = sealed
    assert is_encrypted(path)
    raw = path.read_bytes()
    assert b"records/fiches.json" not in raw and package.records[0].data["title"].encode() not in raw
    received = read_package(path, tmp_path, password=PASSWORD)
    try:
        assert received.records == package.records
        assert next(iter(received.attachments.values())).read_bytes() == content
    finally:
        received.cleanup()
    with pytest.raises(PasswordRequired, match="protégé par un mot de passe"):
        read_package(path, tmp_path)
    assert "Mot de passe incorrect" in refused_with(path, tmp_path / "mauvais", "chèvre-lune-2026")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["budget.xlsx", "mauvais", "protege.essaim"]


def refused_with(path: Path, staging: Path, password: str = PASSWORD) -> str:
    staging.mkdir(exist_ok=True)
    with pytest.raises(PackageError) as error:
        read_package(path, staging, password=password)
    assert list(staging.iterdir()) == [], "nothing is left behind"
    return str(error.value)


def test_a_short_password_is_refused_and_nothing_is_written(tmp_path: Path) -> None:
    package = OutgoingPackage(WORKSTATION, "CCAS de Test", "all", True, [fiche_record()])
    with pytest.raises(PackageError, match="au moins 8 caractères"):
        write_package(package, tmp_path / "court.essaim", password="court")
    assert list(tmp_path.iterdir()) == []


def test_an_altered_truncated_or_extended_envelope_is_refused(sealed, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path, _, _ = sealed
    raw = path.read_bytes()
    (header_length,) = struct.unpack(">I", raw[len(MAGIC):len(MAGIC) + 4])
    first_chunk_end = len(MAGIC) + 4 + header_length + 2 ** 20 + 16
    cases = {
        "altere": raw[:1_500_000] + bytes([raw[1_500_000] ^ 1]) + raw[1_500_001:],
        "tronque-au-milieu": raw[:1_800_000],
        "tronque-a-la-frontiere": raw[:first_chunk_end],
        "blocs-inverses": raw[:first_chunk_end - 2 ** 20 - 16]
                          + raw[first_chunk_end:2 * first_chunk_end - len(MAGIC) - 4 - header_length]
                          + raw[first_chunk_end - 2 ** 20 - 16:first_chunk_end]
                          + raw[2 * first_chunk_end - len(MAGIC) - 4 - header_length:],
        "prolonge": raw + b"\0" * 100,
        "dernier-bloc-retire": raw[:len(raw) - 500_000],
    }
    for name, content in cases.items():
        broken = tmp_path / f"{name}.essaim"
        broken.write_bytes(content)
        message = refused_with(broken, tmp_path / f"lecture-{name}")
        assert "abîmé" in message or "incorrect" in message, name


def header_package(tmp_path: Path, name: str, header: bytes | dict, declared: int | None = None) -> Path:
    body = header if isinstance(header, bytes) else json.dumps(header).encode()
    path = tmp_path / f"{name}.essaim"
    path.write_bytes(MAGIC + struct.pack(">I", len(body) if declared is None else declared) + body + b"\0" * 64)
    return path


def test_a_hostile_header_is_refused_before_any_costly_work(tmp_path: Path) -> None:
    good = {"format": "essaim-package-encrypted", "version": "1.0", "cipher": "AES-256-GCM", "chunk_size": 2 ** 20,
            "kdf": {"name": "scrypt", "n": 2 ** 15, "r": 8, "p": 1, "salt": base64.b64encode(b"s" * 16).decode()},
            "nonce_prefix": base64.b64encode(b"n" * 7).decode()}
    hostile = {
        "json-casse": b"{pas du json",
        "longueur-enorme": header_package(tmp_path, "x", b"{}", declared=2 ** 31),
        "autre-format": {**good, "format": "autre"},
        "version-future": {**good, "version": "2.0"},
        "scrypt-geant": {**good, "kdf": {**good["kdf"], "n": 2 ** 20, "r": 32}},
        "scrypt-non-puissance": {**good, "kdf": {**good["kdf"], "n": 30000}},
        "bloc-geant": {**good, "chunk_size": 2 ** 31},
        "sel-absent": {**good, "kdf": {"name": "scrypt", "n": 2 ** 15, "r": 8, "p": 1}},
        "prefixe-court": {**good, "nonce_prefix": base64.b64encode(b"n").decode()},
    }
    for name, header in hostile.items():
        path = header if isinstance(header, Path) else header_package(tmp_path, name, header)
        message = refused(path, tmp_path / f"lecture-{name}")
        if name == "version-future":
            assert "mettez Essaim à jour" in message
        elif name not in ("json-casse", "longueur-enorme", "autre-format"):
            assert "paramètres de chiffrement" in message, name


def test_command_line_protects_and_opens_packages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    import getpass
    import uuid

    from app.__main__ import main
    from app.domain.fiche import FicheData
    from app.services import fiches
    from app.storage.store import Store

    a_dir, b_dir = tmp_path / "a", tmp_path / "b"
    store = Store.open(a_dir)
    fiche_id = str(uuid.uuid4())
    fiches.save(store, FicheData(id=fiche_id, title="Fiche confidentielle", structure_name="CCAS"))
    store.close()
    secret = tmp_path / "secret.txt"
    secret.write_text(PASSWORD + "\n", encoding="utf-8")
    package = tmp_path / "envoi.essaim"
    assert main(["--data-dir", str(a_dir), "package", "export", "--all", "--password-file", str(secret),
                 "-o", str(package)]) == 0
    assert is_encrypted(package)
    capsys.readouterr()
    assert main(["--data-dir", str(b_dir), "package", "inspect", str(package)]) == 1
    assert "--ask-password" in capsys.readouterr().err
    assert main(["--data-dir", str(b_dir), "package", "inspect", str(package), "--password-file", str(secret)]) == 0
    assert "1 nouveau" in capsys.readouterr().out
    typed = iter(["mauvais mot de passe", PASSWORD])
    monkeypatch.setattr(getpass, "getpass", lambda prompt="": next(typed))
    assert main(["--data-dir", str(b_dir), "package", "import", str(package), "--ask-password"]) == 1
    assert "Mot de passe incorrect" in capsys.readouterr().err
    assert main(["--data-dir", str(b_dir), "package", "import", str(package), "--ask-password"]) == 0
    store = Store.open(b_dir)
    try:
        assert fiches.load(store, fiche_id).title == "Fiche confidentielle"
    finally:
        store.close()
    typed = iter(["premier essai", "second essai"])
    assert main(["--data-dir", str(a_dir), "package", "export", "--all", "--ask-password",
                 "-o", str(tmp_path / "autre.essaim")]) == 1
    assert "diffèrent" in capsys.readouterr().err and not (tmp_path / "autre.essaim").exists()
