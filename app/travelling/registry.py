"""The kinds of records that travel in .essaim packages, each registered once.

A kind says how its records are stored (`KindStorage`), what they are in the domain (a dataclass read
and written by `app.domain.codec`), how the user knows them (a French label, a title, field labels),
what they belong to (a parent kind), and where and how they travel (the package member and the JSON
Schema fragment of their content). Export, import, conflicts, kept versions, bringing a version back
and the package format all work from `KINDS`; none of them names a kind.

Adding a kind: write its model (a `TravellingRecord`), its migration, its domain dataclass and a
`KindStorage` (`FlatStorage` does for a record kept in one row), then `KINDS.register(TravellingKind(…))`
in `app/travelling/builtin.py`. See the README's developer section.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from app.domain.codec import DecodeError, from_dict, to_dict
from app.domain.fiche import FieldError
from app.domain.field_texts import BY_TYPE, FieldText

if TYPE_CHECKING:
    from sqlalchemy.orm import Session
    from sqlalchemy.sql import ColumnElement

    from app.storage.models import TravellingRecord

NAME_PATTERN = re.compile(r"^[a-z][a-z_]{0,15}$")
"""A kind's code is stored in `exchange_record.kind` and `record_history.kind` (16 characters)."""


class InvalidRecord(DecodeError):
    """A record that breaks the domain's rules; `problems` lists them in French."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(" ".join(problems))
        self.problems = problems


class KindStorage(Protocol):
    """How the records of one kind are read and written in the store (all SQL stays in the storage layer)."""

    @property
    def model(self) -> type[TravellingRecord]:
        """The mapped class of the kind's rows."""
        ...

    def load_options(self) -> tuple[Any, ...]:
        """Loader options that bring a row with everything `to_domain` reads."""
        ...

    def to_domain(self, row: Any) -> Any:
        ...

    def save(self, session: Session, record: Any, *, new: bool) -> TravellingRecord:
        """Write `record` over the stored one (or create it; `new`: known to be absent); derived data such as
        a search index is left to `after_write`."""
        ...

    def tombstone(self, session: Session, record_id: str) -> None:
        """Delete for good, leaving the tombstone that makes the deletion travel."""
        ...

    def insert_many(self, session: Session, records: list[Any], metadata: list[dict[str, object]]) -> None:
        """Create records known to be absent, each with its travelling columns, in a few statements."""
        ...

    def replace_many(self, session: Session, records: list[Any], metadata: list[dict[str, object]]) -> None:
        """Overwrite stored records (not loaded in the session) in a few statements."""
        ...

    def after_write(self, session: Session, records: list[Any]) -> None:
        """Bring derived data (a search index) up to date for records written by the methods above."""
        ...

    def stays_home(self) -> list[ColumnElement[bool]]:
        """Conditions true of the rows that may travel (a fiche in the local trash may not)."""
        ...


@dataclass(frozen=True)
class TravellingKind:
    name: str
    """The code in packages, agreements and kept versions: never change it once released."""
    label: str
    """What the user calls one record, French, lower case (« fiche »)."""
    plural_label: str
    """The same, in the plural (« fiches »)."""
    count_key: str
    """Its key in a package manifest's counts (« fiches »)."""
    member: str
    """The package member that carries the records (« records/fiches.json »)."""
    domain_class: type
    storage: KindStorage
    field_labels: Mapping[str, str]
    """Field name → French label (QT_TRANSLATE_NOOP("fields", …)), for the import preview."""
    title_field: str
    """The field that names a record for the user."""
    parent: str | None = None
    """The kind this one belongs to: sent with it, and refused on import without it."""
    parent_field: str | None = None
    """The field holding the parent's id."""
    schema: Mapping[str, Any] = field(default_factory=dict)
    """JSON Schema of a record's content (`data`) in the package, beyond « an object »."""
    personal_fields: tuple[str, ...] = ()
    """Lists of personal data: emptied in a package sent without them; on import, the local ones are kept."""
    attachment_field: str | None = None
    """A list of {"sha256": …} whose files travel in the package's attachments."""
    validate: Callable[[Any], list[FieldError]] | None = None
    """The domain's rules for a record (French messages): a received record that breaks one is refused."""
    upgrade: Callable[[dict[str, Any], tuple[int, int]], dict[str, Any]] | None = None
    """Reads a record's content written by an older package format (given): old codes to today's."""
    added_fields: frozenset[str] = frozenset()
    """Fields added after the first release, at any depth of the content: left out of its hash while empty, so
    that versions agreed with a correspondent before they existed are still recognised."""
    station_fields: tuple[str, ...] = ()
    """Fields that belong to the station (a scheme's notes): left out of the content sent, hashed and kept aside,
    ignored in a received one; the kind's storage keeps their stored values when it writes a received version."""
    chosen_only: bool = False
    """Sent only when chosen by id (a catalogue package), never with « everything » or « since the last exchange »:
    a root kind that is not part of the work every exchange carries."""
    quiet_when_empty: bool = False
    """Not named in the summary of a package that carries none (a kind most packages do not carry)."""
    as_given: Callable[[Any], Any] | None = None
    """The domain record as its origin gave it, from a stored row (a shipped scheme as Essaim shipped it), or None:
    with a correspondent not yet agreed with, each side's origin version stands for the version they share."""
    as_copy: Callable[[dict[str, Any]], dict[str, Any]] | None = None
    """What a copy kept beside the original (« garder les deux ») changes in the content, besides its id and
    title: a scheme's copy no longer claims its origin's key."""

    field_text: FieldText = BY_TYPE
    """One field of a domain record as the user reads it (codes by their French labels, dates, euros): what the
    side-by-side comparison of two versions shows."""
    internal_fields: frozenset[str] = frozenset()
    """Fields the user never fills in (ids, a template's bookkeeping): a comparison shows them only when they differ;
    the parent field is one."""

    def hashed(self, data: dict[str, Any] | None) -> Any:
        """The content whose hash identifies a version: `data` without the empty `added_fields`."""
        return None if data is None else _without_empty(data, self.added_fields)

    def decode(self, data: Mapping[str, Any], record_id: str) -> Any:
        """The domain record from its JSON form (unknown fields and the station's own dropped, defaults filled;
        DecodeError, and InvalidRecord when the record breaks the domain's rules)."""
        record: Any = from_dict(self.domain_class, {key: value for key, value in data.items()
                                                     if key not in self.station_fields})
        record.id = record_id
        problems = self.validate(record) if self.validate else []
        if problems:
            raise InvalidRecord([problem.message for problem in problems])
        return record

    def encode(self, record: Any) -> dict[str, Any]:
        """The record's JSON form as it travels: without the station's own fields."""
        data: dict[str, Any] = to_dict(record)
        for name in self.station_fields:
            data.pop(name, None)
        return data

    def title(self, data: Mapping[str, Any] | None, fallback: str) -> str:
        if data is None:
            return fallback
        return str(data.get(self.title_field) or "") or fallback

    def attachments(self, data: Mapping[str, Any] | None) -> list[Any]:
        """The sha256 values this content refers to (items that are not objects give None)."""
        if data is None or self.attachment_field is None:
            return []
        items = data.get(self.attachment_field) or []
        return [item.get("sha256") if isinstance(item, dict) else None for item in items]

    def without_personal_data(self, data: dict[str, Any]) -> dict[str, Any]:
        return {**data, **{name: [] for name in self.personal_fields}}

    def with_local_personal_data(self, data: dict[str, Any], local: Mapping[str, Any]) -> dict[str, Any]:
        return {**data, **{name: local[name] for name in self.personal_fields if name in local}}


def _without_empty(value: Any, names: frozenset[str]) -> Any:
    if isinstance(value, dict):
        return {key: _without_empty(item, names) for key, item in value.items()
                if not (key in names and item in ("", [], None, False))}
    if isinstance(value, list):
        return [_without_empty(item, names) for item in value]
    return value


class Registry:
    """The registered kinds, parents before their children."""

    def __init__(self) -> None:
        self._kinds: dict[str, TravellingKind] = {}

    def register(self, kind: TravellingKind) -> TravellingKind:
        if not NAME_PATTERN.match(kind.name):
            raise ValueError(f"kind code {kind.name!r} must match {NAME_PATTERN.pattern}")
        if kind.name in self._kinds:
            raise ValueError(f"kind {kind.name!r} is already registered")
        if kind.parent is not None and (kind.parent not in self._kinds or kind.parent_field is None):
            raise ValueError(f"kind {kind.name!r}: register its parent {kind.parent!r} first, and name parent_field")
        if any(known.member == kind.member or known.count_key == kind.count_key for known in self):
            raise ValueError(f"kind {kind.name!r}: its package member or count key is taken")
        self._kinds[kind.name] = kind
        return kind

    def unregister(self, name: str) -> None:
        if any(kind.parent == name for kind in self):
            raise ValueError(f"kind {name!r} still has children")
        del self._kinds[name]

    @contextmanager
    def registered(self, kind: TravellingKind) -> Iterator[TravellingKind]:
        """`kind` is registered for the duration of the block (a plug-in or a test)."""
        self.register(kind)
        try:
            yield kind
        finally:
            self.unregister(kind.name)

    def __iter__(self) -> Iterator[TravellingKind]:
        return iter(list(self._kinds.values()))

    def __getitem__(self, name: str) -> TravellingKind:
        return self._kinds[name]

    def __contains__(self, name: object) -> bool:
        return name in self._kinds

    def names(self) -> tuple[str, ...]:
        return tuple(self._kinds)

    def roots(self) -> list[TravellingKind]:
        return [kind for kind in self if kind.parent is None]

    def children_of(self, name: str) -> list[TravellingKind]:
        return [kind for kind in self if kind.parent == name]

    def by_member(self, member: str) -> TravellingKind | None:
        return next((kind for kind in self if kind.member == member), None)

    def order(self, name: str) -> int:
        return self.names().index(name)


KINDS = Registry()
"""The kinds this version of Essaim exchanges (filled by `app.travelling.builtin`)."""
