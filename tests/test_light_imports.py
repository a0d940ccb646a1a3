"""What a light command imports (issue 20): the parser builds without importing any command, so that
`essaim --version` and `essaim --help` load neither the store nor Qt nor any writer. Checked in a fresh interpreter by
the modules it holds, not by a timer."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("sqlalchemy", "alembic", "PySide6", "reportlab", "openpyxl", "docx", "jsonschema", "icalendar",
         "cryptography", "app.storage", "app.services", "app.exports")
PROBE = """
import json, sys
from app.__main__ import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
print(json.dumps(sorted(sys.modules)))
"""


def modules_after(*args: str) -> list[str]:
    done = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, cwd=ROOT,
                          check=True, timeout=60)
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("args", [("--version",), ("--help",), ("lab", "--help")])
def test_a_light_command_imports_nothing_heavy(args: tuple[str, ...]) -> None:
    loaded = modules_after(*args)
    heavy = sorted(name for name in loaded if name.split(".")[0] in HEAVY or name.startswith(HEAVY))
    assert heavy == [], f"essaim {' '.join(args)} imported {heavy[:10]}"


@pytest.mark.parametrize("command", [("fiche", "list"), ("check",)])
def test_a_command_on_a_current_store_loads_no_window_no_writer_and_no_alembic(
        tmp_path: Path, command: tuple[str, ...]) -> None:
    """A store at the newest schema is opened without Alembic, which only creates or migrates one."""
    from app.storage.store import Store

    Store.open(tmp_path / "donnees").close()
    loaded = modules_after("--data-dir", str(tmp_path / "donnees"), *command)
    heavy = sorted({name.split(".")[0] for name in loaded} & {"PySide6", "reportlab", "openpyxl", "docx", "jsonschema",
                                                             "icalendar", "cryptography", "alembic"})
    assert heavy == [], f"essaim {' '.join(command)} imported {heavy}"
