"""Where Essaim finds its own files (resources, migrations) and the user's folders.

Depends on nothing but the standard library and platformdirs, so every layer may use it.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

from app import APP_NAME

DATA_DIR_ENV = "ESSAIM_DATA_DIR"
CONFIG_DIR_ENV = "ESSAIM_CONFIG_DIR"
LOG_DIR_ENV = "ESSAIM_LOG_DIR"


def install_root() -> Path:
    """The folder that holds `app/`, `db/`, `docs/` and `resources/` (the bundle folder once frozen)."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root)
    return Path(__file__).resolve().parent.parent


def migrations_dir() -> Path:
    return install_root() / "db"


def resources_dir() -> Path:
    return install_root() / "resources"


def guide_dir() -> Path:
    """The user guide (`docs/guide/`, Markdown and its screenshots), shipped with the program."""
    return install_root() / "docs" / "guide"


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False, roaming=False))


def config_dir() -> Path:
    override = os.environ.get(CONFIG_DIR_ENV)
    if override:
        return Path(override)
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False, roaming=True))


def log_dir() -> Path:
    override = os.environ.get(LOG_DIR_ENV)
    if override:
        return Path(override)
    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))


def resolve_data_dir(cli_value: str | os.PathLike[str] | None, preferred: str | None) -> Path:
    """The data folder in force: `--data-dir`, then `ESSAIM_DATA_DIR`, then the preferences, then the default."""
    for candidate in (cli_value, os.environ.get(DATA_DIR_ENV), preferred):
        if candidate:
            return Path(candidate).expanduser().resolve()
    return default_data_dir()
