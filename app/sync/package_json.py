"""Received JSON, parsed within bounds.

What Python's json module refuses in English (integers of more than 4 300 digits, nesting deep enough to
exhaust the stack) or accepts and something fails on later (NaN and infinite numbers, integers too large
for SQLite, lone UTF-16 surrogates that cannot be written in UTF-8, texts of any length, nesting deep
enough to exhaust jsonschema's recursion) is refused here, in French, before any other check reads it.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from typing import Any, NoReturn

from app.sync.package_format import refusal

MAX_DEPTH = 32
"""Arrays and objects inside one another: a record's content needs five or six."""
MAX_INT_DIGITS = 18
"""An integer of more digits may not fit SQLite's 64 bits; the format carries decimals as strings."""
_SURROGATE = re.compile("[\ud800-\udfff]")


class _Unfit(Exception):
    """A value the json module met that the package may not carry; `args[0]` says why, in French."""


def _integer(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        raise _Unfit(f"nombre trop long, plus de {MAX_INT_DIGITS} chiffres")
    return int(text)


def _real(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise _Unfit("nombre hors limites")
    return value


def _constant(text: str) -> NoReturn:
    """NaN, Infinity and -Infinity, which Python reads although JSON has no such thing."""
    raise _Unfit("nombre hors limites")


Refuse = Callable[[str], Exception]
"""Turns the reason a document is refused into the exception to raise (a package's `refusal` by default)."""


def _unreadable(what: str, why: str, refuse: Refuse) -> Exception:
    return refuse(f"{what} est illisible ({why})")


def _check_text(text: str, what: str, max_text: int, refuse: Refuse) -> None:
    if len(text) > max_text:
        raise refuse(f"{what} a un champ de plus de {max_text:,} caractères".replace(",", "\u202f"))
    if not text.isascii() and _SURROGATE.search(text):
        raise _unreadable(what, "caractère invalide : une moitié de caractère UTF-16 isolée", refuse)


def check_tree(document: Any, what: str, max_text: int, refuse: Refuse = refusal) -> None:
    """Walk the whole parsed document without recursion: depth, text lengths and characters (keys too)."""
    pending: list[tuple[Any, int]] = [(document, 1)]
    while pending:
        value, depth = pending.pop()
        if isinstance(value, str):
            _check_text(value, what, max_text, refuse)
        elif isinstance(value, dict | list):
            if depth > MAX_DEPTH:
                raise _unreadable(what, f"JSON trop imbriqué, plus de {MAX_DEPTH} niveaux", refuse)
            if isinstance(value, dict):
                for key in value:
                    _check_text(key, what, max_text, refuse)
                pending.extend((item, depth + 1) for item in value.values())
            else:
                pending.extend((item, depth + 1) for item in value)


def load_json(raw: bytes, what: str, max_text: int, refuse: Refuse = refusal) -> Any:
    """The JSON document in `raw` (UTF-8), checked by `check_tree`; `refuse`'s exception (a PackageError by
    default) naming `what` otherwise."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise _unreadable(what, "texte qui n'est pas en UTF-8", refuse) from error
    try:
        document = json.loads(text, parse_int=_integer, parse_float=_real, parse_constant=_constant)
    except _Unfit as error:
        raise _unreadable(what, str(error.args[0]), refuse) from error
    except json.JSONDecodeError as error:
        raise _unreadable(what, f"JSON abîmé ligne {error.lineno}, colonne {error.colno}", refuse) from error
    except RecursionError as error:
        raise _unreadable(what, "JSON trop imbriqué", refuse) from error
    except ValueError as error:
        raise _unreadable(what, "JSON abîmé", refuse) from error
    check_tree(document, what, max_text, refuse)
    return document
