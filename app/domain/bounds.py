"""How large a record's values may be: what Essaim can store, compute with and print in reasonable time.

The editor and an import apply the same bounds, through the domain's validation (`fiche.validate`,
`economics.validate_scenario`): a number is finite, has at most `MAX_INTEGRAL_DIGITS` digits before the
decimal point and `MAX_DECIMAL_PLACES` after it; a whole number is at most `MAX_WHOLE` either way (far below
SQLite's 2⁶³); a date lies between `FIRST_YEAR` and `LAST_YEAR`; a text has at most `MAX_TEXT` characters
(`MAX_SHORT_TEXT` for a name such as a title); a list has at most `MAX_ITEMS` rows.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Mapping
from datetime import date
from decimal import Decimal
from typing import Any, TypeGuard

from app.domain.formats import format_count, format_decimal, shorten

MAX_TEXT = 100_000
MAX_SHORT_TEXT = 300
MAX_ITEMS = 1_000
MAX_WHOLE = 10**9
MAX_INTEGRAL_DIGITS = 12
MAX_DECIMAL_PLACES = 6
FIRST_YEAR, LAST_YEAR = 1900, 2100


def usable(value: Decimal | None) -> TypeGuard[Decimal]:
    """A number that can be compared and computed with (None is not one)."""
    return value is not None and value.is_finite()


def decimal_problem(value: Decimal) -> str:
    """Why a decimal cannot be stored and computed with ("" when it can); reads it without rounding."""
    shown = shorten(str(value))
    if not value.is_finite():
        return f"« {shown} » n'est pas un nombre."
    sign, digits, exponent = value.as_tuple()
    if value.adjusted() >= MAX_INTEGRAL_DIGITS:
        return _out_of_proportion(bool(sign), shown, f"au plus {MAX_INTEGRAL_DIGITS} chiffres avant la virgule")
    assert isinstance(exponent, int)
    trailing_zeros = len(digits) - len("".join(map(str, digits)).rstrip("0"))
    if -(exponent + trailing_zeros) > MAX_DECIMAL_PLACES:
        return f"trop de décimales (« {shown} » ; au plus {MAX_DECIMAL_PLACES})."
    return ""


def whole_problem(value: int) -> str:
    """Why a whole number is out of all proportion ("" when it is not)."""
    if abs(value) <= MAX_WHOLE:
        return ""
    return _out_of_proportion(value < 0, shorten(str(value)), f"au plus {format_decimal(MAX_WHOLE)}")


def _out_of_proportion(negative: bool, shown: str, limit: str) -> str:
    return f"nombre trop {'petit' if negative else 'grand'} (« {shown} » ; {limit})."


def value_problem(value: Any, text_limit: int = MAX_TEXT) -> str:
    """Why `value` is out of bounds ("" when it is not); lists and rows are looked into, up to the first problem."""
    if isinstance(value, str):
        return "" if len(value) <= text_limit else (
            f"texte trop long ({format_count(len(value), 'caractère')} ; au plus {format_decimal(text_limit)}).")
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, int):
        return whole_problem(value)
    if isinstance(value, Decimal):
        return decimal_problem(value)
    if isinstance(value, date):
        return "" if FIRST_YEAR <= value.year <= LAST_YEAR else \
            f"date hors de la période {FIRST_YEAR}–{LAST_YEAR} (« {value.isoformat()} »)."
    if isinstance(value, list):
        return _list_problem(value, text_limit)
    if dataclasses.is_dataclass(value):
        return next(filter(None, (value_problem(getattr(value, name), text_limit)
                                  for name in _field_names(type(value)))), "")
    return ""


def _list_problem(items: list[Any], text_limit: int) -> str:
    if len(items) > MAX_ITEMS:
        return f"trop d'éléments ({format_count(len(items), 'élément')} ; au plus {format_decimal(MAX_ITEMS)})."
    for n, item in enumerate(items):
        problem = value_problem(item, text_limit)
        if problem:
            return f"ligne {n + 1}, {problem}"
    return ""


def bound_errors(record: Any, labels: Mapping[str, str], short: Collection[str] = ()) -> list[tuple[str, str]]:
    """(field, French message) for each field of `record` that holds a value out of bounds (its first problem),
    named by its label; the texts of the `short` fields have at most `MAX_SHORT_TEXT` characters."""
    errors = []
    for name in _field_names(type(record)):
        value = getattr(record, name)
        limit = MAX_SHORT_TEXT if name in short else MAX_TEXT
        if _plainly_within(value, limit):
            continue  # most fields: the quick way out (an import checks thousands of records)
        problem = value_problem(value, limit)
        if problem:
            errors.append((name, f"{labels.get(name, name)} : {problem}"))
    return errors


def _plainly_within(value: Any, limit: int) -> bool:
    """A text, or a list of texts, within bounds (what most fields of a record hold)."""
    kind = type(value)
    if kind is str:
        return len(value) <= limit
    if value is None or kind is bool:
        return True
    return kind is list and len(value) <= MAX_ITEMS and all(
        type(item) is str and len(item) <= limit for item in value)


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _field_names(cls: type) -> tuple[str, ...]:
    if cls not in _FIELD_NAMES:
        _FIELD_NAMES[cls] = tuple(item.name for item in dataclasses.fields(cls))
    return _FIELD_NAMES[cls]
