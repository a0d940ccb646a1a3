"""What an import lets in (issue 15, items 1 to 3): every received record passes the editor's validation, the
bounds of sizes and counts and the checks of its travelling metadata; no id is shared across kinds; a package
written by this very station is refused. A refused package changes nothing, and is refused in French."""

from __future__ import annotations

import re
import uuid
from pathlib import Path

import pytest

from app.domain.economics import Scenario
from app.domain.fiche import FicheData
from app.services import fiches, grid
from app.storage.store import Store
from app.sync.package_format import PackageError
from tests.hostile_records import CASES, Case, Hostile, Local, write_case
from tests.test_exchange import Workstation, store_bytes
from tests.test_package_format import fiche_record

PYTHON_WORDS = ("Error", "Traceback", "Overflow", "InvalidOperation", "decimal.", "datetime", "int too large")


@pytest.fixture
def station(tmp_path: Path) -> tuple[Path, Local]:
    """A station folder holding one fiche and its scenario; closed, ready for the command line."""
    folder = tmp_path / "poste"
    store = Store.open(folder)
    fiche = fiches.save(store, FicheData(id=str(uuid.uuid4()), title="Témoin", structure_name="CCAS"))
    scenario = grid.save(store, Scenario(id=str(uuid.uuid4()), fiche_id=fiche.id, name="Base"))
    local = Local(fiche.id, scenario.id, store.workstation_id)
    store.close()
    return folder, local


def assert_french_and_short(message: str) -> None:
    """No Python words, and no value echoed beyond about 40 characters."""
    assert not any(word in message for word in PYTHON_WORDS), message
    assert not re.search(r"(.)\1{40}", message), "a long value is cut"
    assert len(message) < 4000


@pytest.mark.parametrize("name", list(CASES))
def test_each_hostile_record_is_refused_in_french_before_anything_is_written(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], station: tuple[Path, Local], name: str) -> None:
    from app.__main__ import main

    folder, local = station
    case = CASES[name]
    store_file = folder / "essaim.sqlite3"
    before = store_file.read_bytes()
    package = write_case(case, local, tmp_path / f"{name}.essaim")
    assert main(["--data-dir", str(folder), "package", "import", str(package)]) == 1
    message = capsys.readouterr().err
    assert message.startswith("Erreur : ") and case.refusal in message, message
    assert_french_and_short(message)
    assert store_file.read_bytes() == before
    assert not list(folder.glob("sauvegardes/avant-import-*")), "refused before any backup"


def empty_titles(count: int) -> Case:
    """`count` fiches without a title beside a valid one."""
    def build(_local: Local) -> Hostile:
        return Hostile([fiche_record(title="Valide")] + [fiche_record(title="", summary=f"n° {n}")
                                                         for n in range(count)])
    return Case(build, "Le titre est obligatoire")


def test_a_refusal_names_ten_records_with_their_reasons_then_counts_the_others(
        tmp_path: Path, station: tuple[Path, Local]) -> None:
    folder, local = station
    receiving = Workstation(folder)
    try:
        before = store_bytes(receiving.store)
        with pytest.raises(PackageError) as refusal:
            receiving.plan(write_case(empty_titles(13), local, tmp_path / "treize.essaim"))
        message = str(refusal.value)
        assert message.startswith("Le paquet est refusé : 13 enregistrements invalides")
        assert message.count("Le titre est obligatoire") == 10 and message.endswith("et 3 autres.")
        assert "Valide" not in message, "only the refused records are named"
        assert store_bytes(receiving.store) == before
    finally:
        receiving.store.close()


def test_one_refused_record_is_named_by_its_title_and_huge_values_are_cut(
        tmp_path: Path, station: tuple[Path, Local]) -> None:
    folder, local = station
    address = "x" * 10_000 + "@nulle-part"
    case = Case(lambda _local: Hostile([fiche_record(title="Épicerie", contacts=[{"email": address}])]), "")
    receiving = Workstation(folder)
    try:
        with pytest.raises(PackageError) as refusal:
            receiving.plan(write_case(case, local, tmp_path / "un.essaim"))
    finally:
        receiving.store.close()
    message = str(refusal.value)
    assert message.startswith("Le paquet est refusé : 1 enregistrement invalide")
    assert "fiche « Épicerie » : " in message and "adresse e-mail invalide" in message
    assert "et 1 autre" not in message
    assert_french_and_short(message)


def test_package_inspect_names_the_refused_records_and_why(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                           station: tuple[Path, Local]) -> None:
    from app.__main__ import main

    folder, local = station
    case = Case(lambda _local: Hostile([fiche_record(title="Aide au permis", factors=[{"rating": 7}])]), "")
    package = write_case(case, local, tmp_path / "note.essaim")
    assert main(["--data-dir", str(folder), "package", "inspect", str(package)]) == 1
    message = capsys.readouterr().err
    assert "fiche « Aide au permis » : " in message and "La note d'un facteur clé va de 0 à 3." in message
