"""A durability harness: a child process saves, imports, restores or migrates; it is killed (SIGKILL) at a random
moment; the store is then reopened and must be sound, hold every acknowledged write and no half-applied import.

`run_round(kind, folder, rng)` plays one round and returns what was found; the tests in
`tests/test_durability.py` loop over it (a few rounds in CI, many with ESSAIM_DURABILITY_ROUNDS=N).
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import uuid
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from app.domain.fiche import FicheData
from app.services import exchange, fiches
from app.storage import fiche_repository
from app.storage.integrity import check_store
from app.storage.migrations import upgrade_to
from app.storage.store import Store, store_file

ROOT = Path(__file__).resolve().parent.parent
PACKAGE_FICHES = 300
RESTORED_FICHES = 1000

CHILD = {
    "save": """
import os, sys, uuid
from pathlib import Path
from app.domain.fiche import FicheData
from app.services import fiches
from app.storage.store import Store
store = Store.open(Path(sys.argv[1]))
with open(sys.argv[2], "a", encoding="utf-8") as acknowledged:
    for n in range(100000):
        fiche = FicheData(id=str(uuid.uuid4()), title=f"Fiche {n}", structure_name="CCAS", summary="x" * 2000)
        fiches.save(store, fiche)
        acknowledged.write(fiche.id + "\\n")
        acknowledged.flush()
        os.fsync(acknowledged.fileno())
""",
    "import": """
import sys
from pathlib import Path
from app.services import exchange
from app.storage.store import Store
store = Store.open(Path(sys.argv[1]))
with exchange.open_package(store, Path(sys.argv[2])) as plan:
    exchange.apply_import(store, store.data_dir, plan)
store.close()
""",
    "restore": """
import sys
from pathlib import Path
from app.services.maintenance import restore_backup
restore_backup(Path(sys.argv[1]), Path(sys.argv[2]))
""",
    "migrate": """
import sys
from pathlib import Path
from app.storage.store import Store
Store.open(Path(sys.argv[1])).close()
""",
}


@dataclass
class Outcome:
    kind: str
    killed: bool
    """False when the child finished before the kill."""
    sound: bool
    detail: str = ""
    leftovers: tuple[str, ...] = ()


def _environment(folder: Path) -> dict[str, str]:
    temp = folder / "tmp"
    temp.mkdir(parents=True, exist_ok=True)
    return {**os.environ, "ESSAIM_CONFIG_DIR": str(folder / "config"), "ESSAIM_LOG_DIR": str(folder / "logs"),
            "TMPDIR": str(temp), "QT_QPA_PLATFORM": "offscreen"}


def _kill_later(kind: str, arguments: list[str], folder: Path, delay: float) -> bool:
    """Run the child, SIGKILL it after `delay` seconds; True when it was still running."""
    child = subprocess.Popen([sys.executable, "-c", CHILD[kind], *arguments], cwd=ROOT, env=_environment(folder),
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        child.wait(timeout=delay)
        return False
    except subprocess.TimeoutExpired:
        child.send_signal(signal.SIGKILL)
        child.wait()
        return True


def next_start(folder: Path, data_dir: Path) -> None:
    """Open and close the store in a process of its own, as the next start of Essaim would (same temporary folder)."""
    subprocess.run([sys.executable, "-c", CHILD["migrate"], str(data_dir)], cwd=ROOT, env=_environment(folder),
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _fiche_ids(data_dir: Path) -> set[str]:
    store = Store.open(data_dir)
    try:
        return set(fiches.search_ids(store, fiches.FicheQuery()))
    finally:
        store.close()


def leftovers(folder: Path, data_dir: Path) -> tuple[str, ...]:
    """Partial files in the data folder and staging folders in the round's temporary folder."""
    partial = [p.name for p in data_dir.rglob("*") if p.name.endswith(".partiel") or p.name.startswith(".ajout-")]
    staging = [p.name for p in (folder / "tmp").glob("essaim-*")]
    return tuple(sorted(partial + staging))


def _sound(data_dir: Path) -> str:
    report = check_store(store_file(data_dir))
    return "" if report.ok else "; ".join(f.message for f in report.findings if not f.ok)


def package_of(folder: Path, count: int = PACKAGE_FICHES) -> tuple[Path, set[str]]:
    """A package of `count` fiches written by another station."""
    other = Store.open(folder / "expediteur")
    ids = set()
    with other.transaction() as session:
        for n in range(count):
            fiche = FicheData(id=str(uuid.uuid4()), title=f"Reçue {n}", structure_name="CCAS", summary="y" * 3000)
            fiche_repository.save(session, fiche, new=True)
            ids.add(fiche.id)
    path = folder / "paquet.essaim"
    exchange.export_package(other, folder / "expediteur", exchange.PackageRequest("all"), path)
    other.close()
    return path, ids


def run_round(kind: str, folder: Path, rng: random.Random) -> Outcome:
    data_dir = folder / "data"
    if kind == "save":
        acknowledged = folder / "acquittees.txt"
        killed = _kill_later(kind, [str(data_dir), str(acknowledged)], folder, rng.uniform(1.0, 4.0))
        expected = set(acknowledged.read_text(encoding="utf-8").split()) if acknowledged.exists() else set()
        lost = expected - _fiche_ids(data_dir)
        detail = f"{len(lost)} écriture(s) acquittée(s) perdue(s)" if lost else ""
    elif kind == "import":
        package, ids = package_of(folder)
        Store.open(data_dir).close()
        killed = _kill_later(kind, [str(data_dir), str(package)], folder, rng.uniform(0.5, 2.0))
        present = len(ids & _fiche_ids(data_dir))
        detail = "" if present in (0, len(ids)) else f"import à moitié appliqué ({present}/{len(ids)})"
    elif kind == "restore":
        store = Store.open(data_dir)
        with store.transaction() as session:
            for n in range(RESTORED_FICHES):
                fiche_repository.save(session, FicheData(id=str(uuid.uuid4()), title=f"Avant {n}",
                                                         structure_name="CCAS", summary="z" * 3000), new=True)
        backup = store.backup()
        fiches.save(store, FicheData(id=str(uuid.uuid4()), title="Après", structure_name="CCAS"))
        store.close()
        killed = _kill_later(kind, [str(data_dir), str(backup)], folder, rng.uniform(0.3, 1.2))
        count = len(_fiche_ids(data_dir))
        detail = "" if count in (RESTORED_FICHES, RESTORED_FICHES + 1) else \
            f"{count} fiches après la restauration interrompue"
    else:
        data_dir.mkdir(parents=True)
        upgrade_to(store_file(data_dir), "0001")
        with closing(sqlite3.connect(store_file(data_dir))) as connection:
            connection.execute("INSERT INTO store_info(key, value) VALUES ('workstation_id', ?)",
                               (str(uuid.uuid4()),))
            connection.commit()
        killed = _kill_later(kind, [str(data_dir)], folder, rng.uniform(0.3, 1.0))
        detail = "" if _fiche_ids(data_dir) == set() else "des fiches sont apparues pendant la migration"
    next_start(folder, data_dir)
    problem = _sound(data_dir)
    return Outcome(kind, killed, not detail and not problem, "; ".join(filter(None, [detail, problem])),
                   leftovers(folder, data_dir))
