"""The command line leaves contacts (personal data) out unless asked, as the GUI does, and says so."""

from __future__ import annotations

import json
import uuid
import zipfile
from pathlib import Path

import pytest

from app.__main__ import main
from app.services import fiches
from app.storage.store import Store
from tests.dossier_reading import pdf_text
from tests.fiche_factory import full_fiche


@pytest.fixture
def fiche_with_contacts(tmp_path: Path) -> tuple[Path, str, list[str]]:
    store = Store.open(tmp_path / "poste")
    fiche = full_fiche(str(uuid.uuid4()))
    fiche.attachments = []
    fiches.save(store, fiche)
    store.close()
    names = [contact.name for contact in fiche.contacts]
    assert names
    return tmp_path / "poste", fiche.id, names


def sent_contacts(package: Path) -> tuple[bool, list[object]]:
    with zipfile.ZipFile(package) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        records = json.loads(archive.read("records/fiches.json"))
    return manifest["scope"]["personal_data"], [contact for record in records for contact in record["data"]["contacts"]]


def test_a_package_leaves_contacts_out_unless_asked(fiche_with_contacts, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    folder, _fiche_id, _names = fiche_with_contacts
    package = tmp_path / "sans.essaim"
    assert main(["--data-dir", str(folder), "package", "export", "--all", "-o", str(package)]) == 0
    assert sent_contacts(package) == (False, [])
    assert "sans les contacts" in capsys.readouterr().out
    package = tmp_path / "avec.essaim"
    assert main(["--data-dir", str(folder), "package", "export", "--all", "--with-personal-data",
                 "-o", str(package)]) == 0
    personal, contacts = sent_contacts(package)
    assert personal and contacts
    assert "avec les contacts" in capsys.readouterr().out


def test_a_dossier_leaves_contacts_out_unless_asked(fiche_with_contacts, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    folder, fiche_id, names = fiche_with_contacts
    base = ["--data-dir", str(folder), "export", "dossier", fiche_id[:8], "--format", "pdf"]
    assert main([*base, "-o", str(tmp_path / "sans.pdf")]) == 0
    assert not any(name in pdf_text(tmp_path / "sans.pdf") for name in names)
    assert "sans les contacts" in capsys.readouterr().out
    assert main([*base, "--with-personal-data", "-o", str(tmp_path / "avec.pdf")]) == 0
    assert all(name in pdf_text(tmp_path / "avec.pdf") for name in names)
    assert "avec les contacts" in capsys.readouterr().out
