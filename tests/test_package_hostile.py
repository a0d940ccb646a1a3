"""Every hostile package of tests/hostile_packages.py is refused in French, before anything is kept, at a
bounded cost; nothing is left in the staging folder and nothing unreferenced reaches the data folder."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import uuid
import zipfile
from pathlib import Path

import pytest

from app.domain.fiche import FicheData
from app.services import fiches
from app.storage.store import Store
from app.sync.package_format import MANIFEST, RATIO_FLOOR, PackageError
from app.sync.package_reader import read_package
from tests.hostile_packages import HOSTILE, quoted_overlap_bomb, records_text, with_attachments

ENGLISH = re.compile(r"\b(error|limit|exceeds?|codec|can't|cannot|the|value|not|supported|range|out|of|surrogates?"
                     r"|recursion|maximum|depth|integer|digits|invalid|unsupported|method|string|position)\b",
                     re.IGNORECASE)


def assert_french(message: str) -> None:
    english = ENGLISH.findall(message)
    assert not english, f"English in « {message} »: {english}"
    assert len(message) < 300, "no hostile value is echoed at length"
    assert "rien n'a été importé" in message or "refusé" in message


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_each_hostile_package_is_refused_in_french_and_leaves_nothing_behind(tmp_path: Path, name: str) -> None:
    case = HOSTILE[name]
    folder, staging = tmp_path / "paquets", tmp_path / "temporaire"
    folder.mkdir()
    staging.mkdir()
    path = case.build(folder)
    with pytest.raises(PackageError) as error:
        read_package(path, staging, password=case.password)
    message = str(error.value)
    assert case.expected in message, message
    assert_french(message)
    left = [p.name for p in staging.iterdir()]
    assert left == [], f"no essaim-paquet-* nor essaim-dechiffre-* is left behind: {left}"


def test_the_quoted_overlap_bomb_is_a_real_one(tmp_path: Path) -> None:
    """What the test above refuses: a few kilobytes whose members, each under the ratio limit and each with a
    right CRC, expand to 40 MB, a thousand times its size; Python's zipfile reads them all."""
    path = quoted_overlap_bomb(tmp_path / "bombe.essaim")
    with zipfile.ZipFile(path) as archive:
        infos = [info for info in archive.infolist() if info.filename.startswith("attachments/")]
        assert all(info.file_size < RATIO_FLOOR for info in infos)
        assert sum(info.file_size for info in infos) > 35_000_000 and path.stat().st_size < 40_000
        assert len(archive.read(infos[0])) == infos[0].file_size
        assert len(archive.read(infos[-1])) == infos[-1].file_size


FLOOD_PROBE = """
import json, resource, sys, time
from pathlib import Path

resource.setrlimit(resource.RLIMIT_AS, (4 * 2**30, resource.RLIM_INFINITY))
import jsonschema  # loaded before measuring, as the reader would have for the manifest
from app.sync.package_format import PackageError
from app.sync.package_reader import read_package

before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.perf_counter()
try:
    read_package(Path(sys.argv[1]), Path(sys.argv[2]))
    message = ""
except PackageError as error:
    message = str(error)
elapsed = time.perf_counter() - start
grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) * 1024
print(json.dumps({"message": message, "seconds": elapsed, "grown": grown}))
"""


def test_a_flood_of_schema_errors_is_refused_at_the_first_in_bounded_memory_and_time(tmp_path: Path) -> None:
    """100 000 one-key records: the first error is enough; collecting and sorting them all took 1.9 GB and 10 s."""
    path = records_text(tmp_path / "inondation.essaim", json.dumps([{"a": 1}] * 100_000))
    staging = tmp_path / "temporaire"
    staging.mkdir()
    probe = tmp_path / "sonde.py"
    probe.write_text(FLOOD_PROBE, encoding="utf-8")
    done = subprocess.run([sys.executable, str(probe), str(path), str(staging)], capture_output=True, text=True,
                          timeout=300, cwd=Path(__file__).parents[1], check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    measure = json.loads(done.stdout.splitlines()[-1])
    print(f"flood: {measure['seconds']:.2f} s, peak memory grew by {measure['grown'] / 2**20:.0f} MB")
    assert "ne respecte pas le format" in measure["message"]
    assert measure["grown"] < 150 * 2**20, "the peak memory stays bounded"
    assert measure["seconds"] < 5
    assert list(staging.iterdir()) == []


def test_unreferenced_attachments_never_reach_the_data_folder(tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    """An import of a package carrying attachments no record names is refused whole; a package whose
    attachments are all named still brings exactly them."""
    from app.__main__ import main

    data_dir = tmp_path / "poste"
    store = Store.open(data_dir)
    fiches.save(store, FicheData(id=str(uuid.uuid4()), title="Témoin", structure_name="CCAS"))
    store.close()
    orphans = with_attachments(tmp_path / "orphelines.essaim", [f"pièce {n}".encode() for n in range(30)], False)
    assert main(["--data-dir", str(data_dir), "package", "import", str(orphans)]) == 1
    message = capsys.readouterr().err
    assert "30 pièces jointes qu'aucun enregistrement ne cite" in message
    attachments_dir = data_dir / "pieces-jointes"
    assert not attachments_dir.exists() or not [p for p in attachments_dir.rglob("*") if p.is_file()]
    named = with_attachments(tmp_path / "nommees.essaim", [b"plaquette", b"budget"])
    assert main(["--data-dir", str(data_dir), "package", "import", str(named)]) == 0
    assert len([p for p in attachments_dir.rglob("*") if p.is_file()]) == 2


def test_a_package_of_essaim_with_many_named_attachments_still_reads(tmp_path: Path) -> None:
    path = with_attachments(tmp_path / "beaucoup.essaim", [f"pièce {n}".encode() * 50 for n in range(300)])
    received = read_package(path, tmp_path)
    try:
        assert len(received.attachments) == 300
        with zipfile.ZipFile(path) as archive:
            assert MANIFEST in archive.namelist()
    finally:
        received.cleanup()
