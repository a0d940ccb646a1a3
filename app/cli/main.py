"""Command-line entry: each command prints French text and returns an exit code."""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sqlite3
import sys
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import TYPE_CHECKING

from app.cli.terminal import EscapingStream
from app.errors import UserError
from app.locations import log_dir, resolve_data_dir
from app.services.preferences import load_preferences
from app.storage.errors import StoreError, StoreLockedError, explain_failure, is_environment_failure

if TYPE_CHECKING:
    from app.storage.store import Store

log = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2
EXIT_LOCKED = 3
EXIT_INTERRUPTED = 130
EXIT_BROKEN_PIPE = 141
"""128 + SIGPIPE, as a Unix tool whose reader closed the pipe."""


def _cmd_backup(args: argparse.Namespace, data_dir: Path) -> int:
    from app.services.maintenance import backup_store

    output = Path(args.output).expanduser().resolve() if args.output else None
    path = backup_store(data_dir, output)
    print(f"Sauvegarde écrite : {path}")
    return EXIT_OK


def _cmd_check(args: argparse.Namespace, data_dir: Path) -> int:
    from app.services.maintenance import format_report, run_check

    report = run_check(data_dir)
    print(format_report(report))
    return EXIT_OK if report.ok else EXIT_FAILURE


def _with_store(action: Callable[[argparse.Namespace, Store], int]) -> Callable[[argparse.Namespace, Path], int]:
    """Run `action` on the opened (locked, migrated) store, closed afterwards whatever happens."""
    def run(args: argparse.Namespace, data_dir: Path) -> int:
        from app.storage.store import Store

        store = Store.open(data_dir)
        try:
            return action(args, store)
        finally:
            store.close()
    return run


def _reading(action: Callable[[argparse.Namespace, sqlite3.Connection], int]
             ) -> Callable[[argparse.Namespace, Path], int]:
    """Run `action` on a read-only connection to the store (`app.storage.plain_reading`); a store that is not at
    the newest schema, or not there yet, is first opened as by every command (migrated after a backup, a newer one
    refused, a new one created)."""
    def run(args: argparse.Namespace, data_dir: Path) -> int:
        from app.storage.plain_reading import open_current

        conn = open_current(data_dir)
        if conn is None:
            from app.storage.store import Store

            Store.open(data_dir).close()
            conn = open_current(data_dir)
            if conn is None:
                raise StoreError("La base de données de ce dossier ne peut pas être lue.")
        with closing(conn):
            return action(args, conn)
    return run


STORE_COMMANDS: dict[tuple[str, str], str] = {
    ("fiche", "list"): "fiche_commands.fiche_list",
    ("examples", "load"): "fiche_commands.examples_load",
    ("grid", "show"): "grid_commands.grid_show",
    ("grid", "export"): "grid_commands.grid_export",
    ("package", "export"): "package_commands.package_export",
    ("package", "inspect"): "package_commands.package_inspect",
    ("package", "import"): "package_commands.package_import",
    ("package", "station"): "package_commands.package_station",
    ("package", "correspondents"): "package_commands.package_correspondents",
    ("history", "list"): "history_commands.history_list",
    ("history", "restore"): "history_commands.history_restore",
    ("funding", "load-catalogue"): "funding_commands.funding_load_catalogue",
    ("funding", "search"): "funding_commands.funding_search",
    ("funding", "show"): "funding_commands.funding_show",
    ("funding", "match"): "funding_commands.funding_match",
    ("funding", "deadlines"): "funding_commands.funding_deadlines",
    ("funding", "shortlist"): "funding_commands.funding_shortlist",
    ("funding", "import"): "funding_commands.funding_import",
    ("funding", "export"): "funding_commands.funding_export",
    ("lab", "templates"): "lab_commands.lab_templates",
    ("lab", "list"): "lab_commands.lab_list",
    ("lab", "start"): "lab_commands.lab_start",
    ("lab", "show"): "lab_commands.lab_show",
    ("lab", "export"): "lab_commands.lab_export",
    ("lab", "import-template"): "lab_commands.lab_import_template",
}
"""Each command on the store → « module.function » of `app.cli`, imported only when that command runs (a command
loads what it needs, not what every other command does)."""


READING_COMMANDS: dict[tuple[str, str], str] = {
    ("fiche", "show"): "fiche_reading.fiche_show",
    ("export", "dossier"): "export_commands.export_dossier_command",
}
"""Commands that only read, run on a plain read-only connection when the store is current (see `_reading`)."""


COMMANDS: dict[str, Callable[[argparse.Namespace, Path], int]] = {
    "backup": _cmd_backup,
    "check": _cmd_check,
}


def _command_for(args: argparse.Namespace) -> Callable[[argparse.Namespace, Path], int]:
    if args.command in COMMANDS:
        return COMMANDS[args.command]
    action = getattr(args, f"{args.command}_command")
    if (args.command, action) in READING_COMMANDS:
        module, _, function = READING_COMMANDS[(args.command, action)].partition(".")
        return _reading(getattr(importlib.import_module(f"app.cli.{module}"), function))
    module, _, function = STORE_COMMANDS[(args.command, action)].partition(".")
    run: Callable[[argparse.Namespace, Store], int] = getattr(importlib.import_module(f"app.cli.{module}"), function)
    return _with_store(run)


def run_command(args: argparse.Namespace) -> int:
    """Run the command with its output escaped (data never drives the terminal); every failure is one French
    line on standard error and an exit code."""
    out, err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = EscapingStream(out), EscapingStream(err)
    try:
        code = _run(args)
        out.flush()  # here, not at exit: a reader gone before the output was written is then heard as such
        return code
    except BrokenPipeError:
        _silence(out)
        return EXIT_BROKEN_PIPE
    finally:
        sys.stdout, sys.stderr = out, err


def _run(args: argparse.Namespace) -> int:
    data_dir = resolve_data_dir(args.data_dir, load_preferences().data_dir)
    try:
        return _command_for(args)(args, data_dir)
    except BrokenPipeError:
        raise
    except StoreLockedError as error:
        print(f"Erreur : {error}", file=sys.stderr)
        return EXIT_LOCKED
    except UserError as error:
        print(f"Erreur : {error}", file=sys.stderr)
        return EXIT_FAILURE
    except OSError as error:
        print(f"Erreur : {explain_failure(error)}", file=sys.stderr)
        return EXIT_FAILURE
    except KeyboardInterrupt:
        print("Interrompu : rien n'a été laissé à moitié fait.", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as error:
        if is_environment_failure(error):
            print(f"Erreur : {explain_failure(error)}", file=sys.stderr)
            return EXIT_FAILURE
        log.exception("command %s failed", args.command)
        print(f"Erreur inattendue : une erreur interne a arrêté la commande. Son détail est dans le journal "
              f"({log_dir()}) ; transmettez-le à votre support.", file=sys.stderr)
        return EXIT_FAILURE


def _silence(stream: object) -> None:
    """The reader of our output went away (`essaim fiche list | head`): write nothing more, say nothing."""
    try:
        fileno = stream.fileno()  # type: ignore[attr-defined]
    except (AttributeError, OSError, ValueError):
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, fileno)
