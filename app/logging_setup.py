"""Every run logs to a rotating file in the user's log folder."""

from __future__ import annotations

import logging
from logging.handlers import RotatingFileHandler
from pathlib import Path

from app.locations import log_dir

LOG_FILE_NAME = "essaim.log"


class EssaimLogHandler(RotatingFileHandler):
    """The rotating file handler that `setup_logging` attaches, told apart from any other."""


def setup_logging(level: int = logging.INFO) -> Path | None:
    """Attach the rotating file handler once; returns the log file, or None if it cannot be written."""
    root = logging.getLogger()
    root.setLevel(level)
    path = log_dir() / LOG_FILE_NAME
    for handler in list(root.handlers):
        if isinstance(handler, EssaimLogHandler):
            if Path(handler.baseFilename) == path.resolve():
                return path
            root.removeHandler(handler)
            handler.close()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = EssaimLogHandler(path, maxBytes=1_000_000, backupCount=5, encoding="utf-8")
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    return path
