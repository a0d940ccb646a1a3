"""One field of a domain record as a French reader reads it: codes by their labels, dates JJ/MM/AAAA, euros,
lists one item a line. What a comparison of two versions of a record shows, field by field."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Collection, Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from app.domain.fiche import Attachment
from app.domain.formats import format_date, format_decimal, format_money, yes_no
from app.domain.vocabulary import Coded

FieldText = Callable[[Any, str], str]
"""(domain record, field name) → the field's text."""
Row = Callable[[Any], list[str]]
"""An item of a list field → its cells, in reading order (empty ones are left out)."""

BULLET = "• "
CELL_SEPARATOR = " · "
HIDDEN_CELLS = frozenset({"id", "sha256"})
"""Item fields that say nothing to a reader (an id, a file's fingerprint)."""


def bullet_lines(rows: list[list[str]]) -> str:
    """« • Mairie · Commune · Financeur », one line per item."""
    return "\n".join(BULLET + CELL_SEPARATOR.join(cell for cell in row if cell) for row in rows)


def attachment_row(attachment: Attachment) -> list[str]:
    """« convention.pdf · La convention signée · 12 345 octets »."""
    return [attachment.file_name, attachment.label, f"{format_decimal(attachment.size)} octets"]


def value_text(value: Any, name: str = "", coded: Mapping[str, type[Coded]] | None = None,
               money: Collection[str] = (), rows: Mapping[str, Row] | None = None) -> str:
    """`value` of field `name` in French; `coded` gives the vocabulary of code fields, `money` the amounts in
    euros, `rows` how an item of a list field reads (by default, its non-empty fields)."""
    vocabulary = (coded or {}).get(name)
    if value is None:
        return ""
    if vocabulary is not None:
        codes = value if isinstance(value, list) else [value]
        return "\n".join(vocabulary.label_of(code) for code in codes)
    if isinstance(value, bool):
        return yes_no(value)
    if isinstance(value, Decimal) and name in money:
        return format_money(value)
    if isinstance(value, (Decimal, int)):
        return format_decimal(value)
    if isinstance(value, date):
        return format_date(value)
    if isinstance(value, list):
        row = (rows or {}).get(name)
        if row is None and any(dataclasses.is_dataclass(item) for item in value):
            row = _plain_row
        return bullet_lines([row(item) for item in value]) if row is not None else "\n".join(map(str, value))
    return str(value)


def _plain_row(item: Any) -> list[str]:
    return [value_text(getattr(item, f.name)) for f in dataclasses.fields(item) if f.name not in HIDDEN_CELLS]


def texts_by_type(coded: Mapping[str, type[Coded]] | None = None, money: Collection[str] = (),
                  rows: Mapping[str, Row] | None = None) -> FieldText:
    """A `FieldText` that reads every field with `value_text`."""
    return lambda record, name: value_text(getattr(record, name), name, coded, money, rows)


BY_TYPE: FieldText = texts_by_type()
"""Every field read by its value's type alone (a kind without vocabularies nor amounts)."""
