"""Dataclasses of the domain to and from JSON-ready dicts (exact decimals as text, dates as ISO)."""

from __future__ import annotations

import dataclasses
import types
import typing
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Any, TypeVar

from app.domain.formats import shorten

T = TypeVar("T")


class DecodeError(ValueError):
    """A value that does not fit its field; the message is French."""


_PLAIN_TYPES = frozenset({str, int, float, bool, type(None)})


@cache
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(cls))


def to_dict(obj: Any) -> Any:
    kind = type(obj)
    if kind in _PLAIN_TYPES:
        return obj  # most values: the quick way out (a store exchange converts hundreds of thousands)
    if dataclasses.is_dataclass(kind):
        return {name: to_dict(getattr(obj, name)) for name in _field_names(kind)}
    if isinstance(obj, (list, tuple)):
        return [to_dict(item) for item in obj]
    if isinstance(obj, dict):
        return {str(key): to_dict(value) for key, value in obj.items()}
    if isinstance(obj, Decimal):
        return str(obj)
    if isinstance(obj, date):
        return obj.isoformat()
    return obj


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def from_dict(cls: type[T], data: Any, path: str = "") -> T:
    """Build `cls` from `data`; unknown keys are ignored, missing ones take their default."""
    if not isinstance(data, dict):
        raise DecodeError(f"{path or cls.__name__} : un objet était attendu.")
    klass: type = cls
    hints = _hints(klass)
    values = {name: _decode(hints[name], data[name], f"{path}{name}") for name in _field_names(klass) if name in data}
    return cls(**values)


def _decode(hint: Any, value: Any, path: str) -> Any:
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        if value is None:
            return None
        (inner,) = [arg for arg in typing.get_args(hint) if arg is not type(None)]
        return _decode(inner, value, path)
    if origin is list:
        if not isinstance(value, list):
            raise DecodeError(f"{path} : une liste était attendue.")
        (inner,) = typing.get_args(hint)
        return [_decode(inner, item, f"{path}.{n}") for n, item in enumerate(value)]
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return from_dict(hint, value, f"{path}.")
    if hint is Decimal:
        try:
            return Decimal(str(value))
        except InvalidOperation:
            raise DecodeError(f"{path} : nombre invalide « {shorten(str(value))} ».") from None
    if hint is date:
        try:
            return date.fromisoformat(str(value))
        except ValueError:
            raise DecodeError(f"{path} : date invalide « {shorten(str(value))} ».") from None
    if hint is bool:
        if not isinstance(value, bool):
            raise DecodeError(f"{path} : vrai ou faux était attendu.")
        return value
    if hint is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise DecodeError(f"{path} : un nombre entier était attendu.")
        return value
    if hint is str:
        if not isinstance(value, str):
            raise DecodeError(f"{path} : un texte était attendu.")
        return value
    return value
