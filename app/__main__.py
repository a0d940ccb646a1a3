"""`essaim` and `python -m app`: the GUI without a command, the command line with one."""

from __future__ import annotations

import sys

from app.cli.parser import build_parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(sys.argv[1:] if argv is None else argv)
    from app.logging_setup import setup_logging  # after the arguments: --version and --help need no journal

    setup_logging()
    if args.command:
        from app.cli.main import run_command

        return run_command(args)
    from app.gui.application import run_gui

    return run_gui(args)


if __name__ == "__main__":
    sys.exit(main())
