"""The command line speaks French: its help, argparse's own words and errors, and a help text on every argument."""

from __future__ import annotations

import argparse
import re

import pytest

from app.cli.parser import build_parser

ENGLISH = re.compile(r"\b(usage|positional arguments|optional arguments|show this help|invalid choice|"
                     r"required|unrecognized|expected|error)\b", re.IGNORECASE)


def every_parser(parser: argparse.ArgumentParser) -> list[argparse.ArgumentParser]:
    found = [parser]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in dict.fromkeys(action.choices.values()):
                found += every_parser(child)
    return found


def test_every_argument_of_every_command_has_a_help_text() -> None:
    missing = [f"{parser.prog} {action.dest}" for parser in every_parser(build_parser())
               for action in parser._actions
               if action.help is None or (action.help != argparse.SUPPRESS and not action.help.strip())]
    assert missing == []


def test_every_help_page_is_in_french(capsys: pytest.CaptureFixture[str]) -> None:
    for parser in every_parser(build_parser()):
        text = parser.format_help()
        assert text.startswith("utilisation : "), parser.prog
        assert not ENGLISH.search(text), (parser.prog, ENGLISH.search(text))
        assert "options :" in text


@pytest.mark.parametrize(("arguments", "expected"), [
    (["export", "dossier"], "arguments obligatoires manquants : FICHE_ID, -o/--output"),
    (["export", "dossier", "abc", "--format", "odt", "-o", "x"], "choix invalide : 'odt'"),
    (["fiche", "list", "--inconnue"], "arguments non reconnus : --inconnue"),
    (["history", "restore", "premier"], "argument NUMÉRO : valeur invalide : 'premier'"),
    (["package", "export", "--all", "--fiche", "x", "-o", "p"], "incompatible avec l'argument --all"),
])
def test_errors_are_french(arguments: list[str], expected: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        build_parser().parse_args(arguments)
    assert stopped.value.code == 2
    error = capsys.readouterr().err
    assert error.startswith("utilisation : ") and expected in error
    assert not ENGLISH.search(error), error
