"""What a light command imports (issue 20): the parser builds without importing any command, so that
`essaim --version` and `essaim --help` load neither the store nor Qt nor any writer. Checked in a fresh interpreter by
the modules it holds, not by a timer."""

from __future__ import annotations

import json
import subprocess
import sys
from contextlib import closing
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


@pytest.mark.parametrize("command", [("check",), ("fiche", "show", "EXAMPLE"),
                                     ("export", "dossier", "EXAMPLE", "--format", "pdf", "-o", "OUT/dossier.pdf")])
def test_the_commands_that_only_read_read_the_file_without_sqlalchemy(tmp_path: Path, command: tuple[str, ...]) -> None:
    from app.services import examples
    from app.storage.store import Store

    store = Store.open(tmp_path / "donnees")
    examples.load_examples(store)
    with closing(store.read_plain()) as conn:
        example = conn.execute("SELECT id FROM fiche LIMIT 1").fetchone()[0]
    store.close()
    command = tuple(part.replace("EXAMPLE", example).replace("OUT", str(tmp_path)) for part in command)
    loaded = modules_after("--data-dir", str(tmp_path / "donnees"), *command)
    orm = ("sqlalchemy", "app.storage.models", "app.services.fiches")
    assert sorted(name for name in loaded if name.startswith(orm)) == []
    if command[0] == "export":
        assert (tmp_path / "dossier.pdf").stat().st_size > 10_000 and "reportlab" in loaded


WINDOW_PROBE = """
import json, os, sys
import app.gui.application as application

def ready(window):
    print("LOADED " + json.dumps(sorted(sys.modules)), flush=True)
    os._exit(0)

application._report_ready_and_quit = ready
from app.__main__ import main
main(sys.argv[1:])
"""


def test_the_first_screen_is_shown_before_any_workspace_dialog_writer_or_checker_is_loaded(tmp_path: Path) -> None:
    """What the window imports by the time it is shown: the home page, read with SQLite alone, not SQLAlchemy nor
    the workspaces built after it."""
    import os

    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", ESSAIM_CONFIG_DIR=str(tmp_path / "config"),
               ESSAIM_LOG_DIR=str(tmp_path / "logs"))
    from app.storage.store import Store

    Store.open(tmp_path / "donnees").close()
    done = subprocess.run([sys.executable, "-c", WINDOW_PROBE, "--data-dir", str(tmp_path / "donnees"),
                           "--quit-when-shown"], capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)
    lines = [line for line in done.stdout.splitlines() if line.startswith("LOADED ")]
    assert lines, done.stderr
    loaded = json.loads(lines[0].removeprefix("LOADED "))
    assert "PySide6.QtWidgets" in loaded and "app.gui.home_page" in loaded, "the probe saw the window"
    later = ("sqlalchemy", "app.storage.models", "reportlab", "openpyxl", "docx", "jsonschema", "icalendar",
             "cryptography", "alembic", "app.exports",
             "app.gui.dossier_dialog", "app.gui.preferences_dialog", "app.gui.fiches", "app.gui.grid",
             "app.gui.funding", "app.gui.labs", "app.gui.exchange")
    early = sorted(name for name in loaded if name in later or name.startswith(tuple(prefix + "." for prefix in later)))
    assert early == [], f"loaded before the first screen: {early[:10]}"


def test_the_window_can_show_every_workspace_in_turn_to_check_a_build(tmp_path: Path) -> None:
    """`--visit-workspaces` (hidden, for checking a built program) shows each workspace, says which, and quits."""
    import os

    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", ESSAIM_CONFIG_DIR=str(tmp_path / "config"),
               ESSAIM_LOG_DIR=str(tmp_path / "logs"))
    done = subprocess.run([sys.executable, "-m", "app", "--data-dir", str(tmp_path / "donnees"), "--visit-workspaces"],
                          capture_output=True, text=True, cwd=ROOT, env=env, timeout=120, check=True)
    visited = [line.split()[1:] for line in done.stdout.splitlines() if line.startswith("ESSAIM_WORKSPACE ")]
    assert visited == [["fiches", "FichesWorkspace"], ["modele", "GridWorkspace"], ["financements", "FundingWorkspace"],
                       ["labo", "LabWorkspace"], ["echanges", "ExchangesWorkspace"]]
