"""Two versions of a record side by side, field by field, as the user reads them: what a conflict of an import (this
station's version and the package's) or a kept version (the current one and the one set aside) is decided on."""

from __future__ import annotations

import dataclasses
import difflib
from dataclasses import dataclass
from typing import Any

from app.domain.codec import from_dict
from app.services.exchange.planning import PlannedRecord
from app.travelling import KINDS, TravellingKind


@dataclass(frozen=True)
class FieldRow:
    name: str
    label: str
    """French, as the kind's field labels give it (QT_TRANSLATE_NOOP("fields", …))."""
    local: str
    """The field's text in this station's version (the current one, beside a kept version); "" when empty."""
    incoming: str
    """The field's text in the other version (the package's, or the kept one)."""
    differs: bool

    def line_pairs(self) -> list[tuple[str, str, bool]]:
        """The field's lines (a list's items, a text's paragraphs) paired across the two versions: a line both have
        beside itself, a line edited beside its new wording, a line added or removed beside nothing; with whether
        the two differ."""
        mine, theirs = self.local.splitlines(), self.incoming.splitlines()
        pairs = []
        for tag, low, high, start, end in difflib.SequenceMatcher(a=mine, b=theirs, autojunk=False).get_opcodes():
            if tag == "equal":
                pairs += [(line, line, False) for line in mine[low:high]]
                continue
            left, right = mine[low:high], theirs[start:end]
            pairs += [(left[n] if n < len(left) else "", right[n] if n < len(right) else "", True)
                      for n in range(max(len(left), len(right)))]
        return pairs


@dataclass(frozen=True)
class Comparison:
    kind: str
    title: str
    rows: list[FieldRow]
    local_deleted: bool
    """This station has no content for the record (deleted here, or never had it)."""
    incoming_deleted: bool
    """The other version is a deletion."""

    @property
    def kind_label(self) -> str:
        return KINDS[self.kind].label

    @property
    def differences(self) -> list[FieldRow]:
        return [row for row in self.rows if row.differs]


def _texts(kind: TravellingKind, data: dict[str, Any] | None) -> tuple[Any, dict[str, str]]:
    """The domain record of `data` (None for a deletion) and the text of each of its fields."""
    if data is None:
        return None, {}
    record: Any = from_dict(kind.domain_class, data)
    return record, {f.name: kind.field_text(record, f.name) for f in dataclasses.fields(record)}


def compare_versions(kind: TravellingKind, local: dict[str, Any] | None,
                     incoming: dict[str, Any] | None) -> list[FieldRow]:
    """Every field either version fills in, in the kind's reading order (its dataclass's), with both texts and
    whether they differ; the record's id and fields the user never fills in are left out unless they differ."""
    mine, mine_texts = _texts(kind, local)
    theirs, their_texts = _texts(kind, incoming)
    internal = kind.internal_fields | ({kind.parent_field} if kind.parent_field else set())
    rows = []
    for f in dataclasses.fields(kind.domain_class):
        if f.name == "id" or f.name in kind.station_fields:
            continue
        local_text, incoming_text = mine_texts.get(f.name, ""), their_texts.get(f.name, "")
        differs = (mine is None) != (theirs is None) or local_text != incoming_text or (
            mine is not None and getattr(mine, f.name) != getattr(theirs, f.name))
        if (local_text or incoming_text) and (differs or f.name not in internal):
            rows.append(FieldRow(f.name, kind.field_labels.get(f.name, f.name), local_text, incoming_text, differs))
    return rows


def compare(kind_name: str, title: str, local: dict[str, Any] | None, incoming: dict[str, Any] | None) -> Comparison:
    """The two versions of a record of kind `kind_name` (by its code), side by side."""
    kind = KINDS[kind_name]
    return Comparison(kind_name, title, compare_versions(kind, local, incoming), local is None, incoming is None)


def planned_comparison(entry: PlannedRecord) -> Comparison:
    """This station's version of a record an import plans for (a conflict above all) beside the package's."""
    return compare(entry.kind, entry.title, entry.local_data, entry.incoming_data)
