"""Text that can be neither stored nor written: lone UTF-16 surrogates (from a broken copy-paste or a crafted
file). Every text of a record is checked, however deep in its lists."""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from app.domain.fiche import FieldError

_SURROGATE = re.compile("[\ud800-\udfff]")


def unreadable_text_errors(record: Any, path: str = "") -> list[FieldError]:
    """One French error per text field of `record` (a dataclass) that holds a lone surrogate."""
    errors: list[FieldError] = []
    for spec in dataclasses.fields(record):
        errors += _check(getattr(record, spec.name), f"{path}{spec.name}")
    return errors


def _check(value: Any, path: str) -> list[FieldError]:
    if isinstance(value, str):
        if _SURROGATE.search(value):
            return [FieldError(path, "Un texte contient un caractère invalide (un demi-caractère isolé, souvent dû "
                                     "à un copier-coller abîmé) : retapez-le.")]
        return []
    if isinstance(value, list):
        return [error for n, item in enumerate(value) for error in _check(item, f"{path}.{n}")]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return unreadable_text_errors(value, f"{path}.")
    return []
