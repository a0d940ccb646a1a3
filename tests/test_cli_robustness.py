"""The command line in a hostile world: escape sequences in data, a closed pipe, a full disk, an internal error."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from app.__main__ import main
from app.domain.fiche import FicheData
from app.services import exchange, fiches
from app.storage import fiche_repository
from app.storage.store import Store

ROOT = Path(__file__).resolve().parent.parent
ESC_TITLE = "Titre \x1b]0;pirate\x07\x1b[2J effacé\r"


def test_control_characters_in_data_are_shown_escaped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    other = Store.open(tmp_path / "autre")
    exchange.rename_workstation(other, "Poste \x1b[31mrouge")
    fiches.save(other, FicheData(id=str(uuid.uuid4()), title=ESC_TITLE, structure_name="CCAS\x1b[0m"))
    package = tmp_path / "p.essaim"
    exchange.export_package(other, tmp_path / "autre", exchange.PackageRequest("all"), package)
    other.close()
    for command in (["package", "inspect", str(package)], ["package", "import", str(package)],
                    ["fiche", "list"]):
        assert main(["--data-dir", str(tmp_path / "ici"), *command]) == 0
        out = capsys.readouterr().out
        assert "\x1b" not in out and "\x07" not in out and "\r" not in out, command
    assert "\\x1b]0;pirate\\x07" in out


def test_a_closed_pipe_ends_a_listing_quietly(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "data")
    with store.transaction() as session:
        for n in range(1500):
            fiche_repository.save(session, FicheData(id=str(uuid.uuid4()), title=f"Fiche {n} " + "x" * 150,
                                                     structure_name="CCAS"), new=True)
    store.close()
    environment = {**os.environ, "ESSAIM_DATA_DIR": str(tmp_path / "data")}
    listing = subprocess.Popen([sys.executable, "-m", "app", "fiche", "list"], cwd=ROOT, env=environment,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert listing.stdout is not None and listing.stderr is not None
    listing.stdout.readline()
    listing.stdout.close()
    errors = listing.stderr.read().decode("utf-8")
    listing.wait(timeout=60)
    assert errors == "", errors


def test_a_reader_gone_before_a_short_output_is_written_ends_it_quietly(tmp_path: Path) -> None:
    """A fiche fits in the output buffer, written at the end: the reader gone by then is not said in English."""
    store = Store.open(tmp_path / "data")
    fiche = fiches.save(store, FicheData(id=str(uuid.uuid4()), title="Épicerie", structure_name="CCAS"))
    store.close()
    environment = {**os.environ, "ESSAIM_DATA_DIR": str(tmp_path / "data")}
    environment.pop("PYTHONUNBUFFERED", None)  # buffered, as on a user's machine
    read_end, write_end = os.pipe()
    os.close(read_end)
    shown = subprocess.run([sys.executable, "-m", "app", "fiche", "show", fiche.id], cwd=ROOT, env=environment,
                           stdout=write_end, stderr=subprocess.PIPE, timeout=60)
    os.close(write_end)
    assert shown.stderr.decode("utf-8") == ""
    assert shown.returncode == 141


def test_a_full_disk_is_said_in_french_without_a_traceback(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    store = Store.open(tmp_path / "data")
    fiche = fiches.save(store, FicheData(id=str(uuid.uuid4()), title="Épicerie", structure_name="CCAS"))
    store.close()

    def no_space(*_args: object, **_kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", str(tmp_path / "out" / "x.pdf"))

    monkeypatch.setattr("app.services.dossier_export.write_dossier_file", no_space)
    code = main(["--data-dir", str(tmp_path / "data"), "export", "dossier", fiche.id, "--format", "pdf",
                 "-o", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == 1
    assert "est plein" in err and "Libérez de la place" in err and "Traceback" not in err and "No space" not in err


def test_an_internal_error_is_not_shown_in_english(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    def broken(*_args: object, **_kwargs: object) -> None:
        raise KeyError("internal_key_name")

    monkeypatch.setattr("app.cli.fiche_commands.fiches.search", broken)
    assert main(["--data-dir", str(tmp_path / "data"), "fiche", "list"]) == 1
    err = capsys.readouterr().err
    assert "Erreur inattendue" in err and "internal_key_name" not in err and "journal" in err
