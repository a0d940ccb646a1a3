"""What Essaim's start-up is measured against, in the same run: a bare PySide6 window and a bare interpreter.

`bare_window_once` launches a Python that imports QtWidgets, shows a main window and quits once it is shown,
printing the moment it was ready as Essaim's `--quit-when-shown` does (both timed by `time_to_ready`);
`whole_process` times `python -c pass` and the commands from launch to exit.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

BARE_WINDOW = """
import sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv)
window = QMainWindow()
window.resize(800, 600)
def ready():
    print(f"ESSAIM_READY {time.time():.6f}", flush=True)
    window.close()
QTimer.singleShot(0, ready)
window.show()
app.exec()
"""


def process_env(**extra: str) -> dict[str, str]:
    """The environment of a measured process: offscreen unless told, and with Python's bytecode caches as on
    a user's machine (a sandbox may set PYTHONDONTWRITEBYTECODE, which recompiles every module at each start)."""
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"), **extra)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def time_to_ready(args: list[str], env: dict[str, str], cwd: Path | None = None) -> dict[str, float]:
    """Seconds from launching `args` to each moment it prints as « ESSAIM_<WHAT> <time> », by its first word
    (ESSAIM_READY once its window is shown; Essaim then prints ESSAIM_PAGES_BUILT once every workspace is built)."""
    started = time.time()
    done = subprocess.run(args, capture_output=True, text=True, cwd=cwd, env=env, timeout=120)
    moments = {line.split()[0]: float(line.split()[1]) - started for line in done.stdout.splitlines()
               if line.startswith("ESSAIM_")}
    if done.returncode != 0 or "ESSAIM_READY" not in moments:
        raise SystemExit(f"launch failed ({done.returncode}): {done.stderr}")
    return moments


def bare_window_once() -> float:
    return time_to_ready([sys.executable, "-c", BARE_WINDOW], process_env())["ESSAIM_READY"]


def whole_process(args: list[str], runs: int, cwd: Path | None = None, env: dict[str, str] | None = None
                  ) -> list[float]:
    """Seconds from launch to exit of `args`, each run."""
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(args, capture_output=True, cwd=cwd, env=env or process_env(), timeout=300, check=True)
        timings.append(time.perf_counter() - started)
    return timings
