"""The whole hostile corpus through `essaim package import`, as a user would run it: every file refused, in
French, no store changed, nothing left behind; and the peak memory of the largest hostile file.

The corpus is the union of `tests/hostile_packages.py` (what the reader refuses) and `tests/hostile_records.py`
(what the import's validation refuses). The summary line printed (`pytest -s`) is what the closing notes report.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

import pytest

from app.__main__ import main
from app.domain.economics import Scenario
from app.domain.fiche import FicheData
from app.services import fiches, grid
from app.storage.store import Store
from tests.hostile_packages import HOSTILE, records_text
from tests.hostile_records import CASES, Local, write_case

ENGLISH = re.compile(r"\b(the|is|not|error|invalid|exceeds?|limit|codec|cannot|unexpected|traceback|errno|"
                     r"overflow|value|expected|unsupported|failed)\b", re.IGNORECASE)
ROOT = Path(__file__).resolve().parent.parent


def station(folder: Path) -> Local:
    store = Store.open(folder)
    fiche = fiches.save(store, FicheData(id=str(uuid.uuid4()), title="Témoin", structure_name="CCAS"))
    scenario = grid.save(store, Scenario(id=str(uuid.uuid4()), fiche_id=fiche.id, name="Base"))
    local = Local(fiche.id, scenario.id, store.workstation_id)
    store.close()
    return local


def left_behind(folder: Path, temporary: Path) -> list[str]:
    partial = [p.name for p in folder.rglob("*") if p.name.endswith(".partiel") or p.name.startswith(".ajout-")]
    backups = [p.name for p in folder.glob("sauvegardes/avant-import-*")]
    return partial + backups + [p.name for p in temporary.iterdir()]


def test_every_hostile_file_is_refused_in_french_and_changes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    folder, files, temporary = tmp_path / "poste", tmp_path / "paquets", tmp_path / "temporaire"
    files.mkdir()
    temporary.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
    local = station(folder)
    store_file = folder / "essaim.sqlite3"
    built: list[tuple[str, Path, str | None]] = [(name, case.build(files), case.password)
                                                 for name, case in HOSTILE.items()]
    built += [(name, write_case(case, local, files / f"{name}.essaim"), None) for name, case in CASES.items()]
    accepted, changed, english, leftovers = [], [], [], []
    sizes: dict[str, int] = {}
    for name, path, password in built:
        if not path.exists():  # a sealed case reuses the file of an unsealed one: build it again
            path = (HOSTILE[name].build(files) if name in HOSTILE else path)
        sizes[name] = path.stat().st_size
        before = store_file.read_bytes()
        secret = []
        if password is not None:
            (tmp_path / "secret.txt").write_text(password, encoding="utf-8")
            secret = ["--password-file", str(tmp_path / "secret.txt")]
        if main(["--data-dir", str(folder), "package", "import", str(path), *secret]) != 1:
            accepted.append(name)
        message = capsys.readouterr().err
        if ENGLISH.search(message) or not message.startswith("Erreur : "):
            english.append(f"{name}: {message[:200]}")
        if store_file.read_bytes() != before:
            changed.append(name)
        if left := left_behind(folder, temporary):
            leftovers.append(f"{name}: {left}")
    largest = max(sizes, key=lambda name: sizes[name])
    print(json.dumps({"hostile_files": len(built), "refused": len(built) - len(accepted),
                      "stores_changed": len(changed), "left_behind": len(leftovers),
                      "english_messages": len(english), "largest": largest, "largest_bytes": sizes[largest]}))
    assert (accepted, changed, english, leftovers) == ([], [], [], [])


MEMORY_PROBE = """
import sys
from pathlib import Path
from app.__main__ import main
code = main(["--data-dir", sys.argv[1], "package", "import", sys.argv[2]])
peak = next(line for line in Path("/proc/self/status").read_text().splitlines() if line.startswith("VmHWM"))
print(code, peak.split()[1])
"""
"""VmHWM, the peak resident memory of this process image (ru_maxrss would keep the forking pytest's)."""


@pytest.mark.durability
def test_the_largest_hostile_files_are_refused_in_bounded_memory(tmp_path: Path) -> None:
    """Each hostile package over 100 KB, imported by a process of its own: its peak memory (kB) is reported."""
    files = tmp_path / "paquets"
    files.mkdir()
    station(tmp_path / "poste")
    peaks = {}
    candidates = [(name, case.build(files)) for name, case in HOSTILE.items() if case.password is None]
    candidates.append(("inondation-100000", records_text(files / "inondation-100000.essaim",
                                                          json.dumps([{"a": 1}] * 100_000))))
    for name, path in candidates:
        if not path.exists() or (path.stat().st_size < 100_000 and name != "inondation-100000"):
            continue
        done = subprocess.run([sys.executable, "-c", MEMORY_PROBE, str(tmp_path / "poste"), str(path)],
                              capture_output=True, text=True, cwd=ROOT, timeout=300, check=True)
        code, peak = done.stdout.split()[-2:]
        assert code == "1", name
        peaks[name] = int(peak)
    print(json.dumps({"peak_memory_kb": peaks}))
    assert peaks and max(peaks.values()) < 1_000_000, "under 1 GB whatever the file"
