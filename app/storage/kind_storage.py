"""How each travelling kind is read and written: the `KindStorage` of `app.travelling.registry`.

`FicheStorage`, `ScenarioStorage` and `SchemeStorage` delegate to their repositories; `FlatStorage` serves any kind
whose record is one row (its dataclass fields are its columns; a list is one column, such as its attachments).
"""

from __future__ import annotations

import copy
import dataclasses
from functools import cache
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.sql import ColumnElement

from app.domain.codec import DecodeError, from_dict, to_dict
from app.domain.economics import Scenario
from app.domain.fiche import FicheData
from app.domain.schemes import STATION_FIELDS, Scheme
from app.storage import fiche_repository, grid_repository, scheme_repository
from app.storage.blobs import ensure_blobs
from app.storage.models import Fiche, GridScenario, SchemeRow, TravellingRecord, utcnow


class FicheStorage:
    model = Fiche

    def load_options(self) -> tuple[Any, ...]:
        return fiche_repository.with_children()

    def to_domain(self, row: Fiche) -> FicheData:
        return fiche_repository.to_domain(row)

    def save(self, session: Session, record: FicheData, *, new: bool) -> TravellingRecord:
        return fiche_repository.save(session, record, new=new, flush=False, index=False)

    def tombstone(self, session: Session, record_id: str) -> None:
        fiche_repository.make_tombstone(session, record_id)

    def insert_many(self, session: Session, records: list[FicheData], metadata: list[dict[str, object]]) -> None:
        fiche_repository.insert_many(session, records, metadata)

    def replace_many(self, session: Session, records: list[FicheData], metadata: list[dict[str, object]]) -> None:
        fiche_repository.replace_many(session, records, metadata)

    def after_write(self, session: Session, records: list[FicheData]) -> None:
        fiche_repository.reindex_many(session, records)

    def stays_home(self) -> list[ColumnElement[bool]]:
        return [Fiche.trashed_at.is_(None)]


class ScenarioStorage:
    model = GridScenario

    def load_options(self) -> tuple[Any, ...]:
        return (selectinload(GridScenario.lines),)

    def to_domain(self, row: GridScenario) -> Scenario:
        return grid_repository.to_domain(row)

    def save(self, session: Session, record: Scenario, *, new: bool) -> TravellingRecord:
        return grid_repository.save(session, record, new=new, flush=False)

    def tombstone(self, session: Session, record_id: str) -> None:
        grid_repository.delete(session, record_id)

    def insert_many(self, session: Session, records: list[Scenario], metadata: list[dict[str, object]]) -> None:
        grid_repository.insert_many(session, records, metadata)

    def replace_many(self, session: Session, records: list[Scenario], metadata: list[dict[str, object]]) -> None:
        grid_repository.replace_many(session, records, metadata)

    def after_write(self, session: Session, records: list[Scenario]) -> None:
        """Scenarios have no derived data."""

    def stays_home(self) -> list[ColumnElement[bool]]:
        return []


class SchemeStorage:
    """Schemes of the funding catalogue, written through `scheme_repository`: its search index (`scheme_search`)
    follows every write, a deletion leaves its tombstone and takes the scheme out of the index.

    What belongs to this station is never replaced by a received version: the fields of `STATION_FIELDS` (the
    user's notes) and the columns that are no field of `Scheme` (`shipped`, what the scheme's origin gave here).
    """

    model = SchemeRow
    CHUNK = 500

    def load_options(self) -> tuple[Any, ...]:
        return ()

    def to_domain(self, row: SchemeRow) -> Scheme:
        return scheme_repository.to_domain(row)

    def as_given(self, row: SchemeRow) -> Scheme | None:
        """The scheme as its origin last gave this station (None when it came from no origin, or unreadable)."""
        shipped = scheme_repository.shipped_of(row)
        if shipped is None:
            return None
        try:
            scheme: Scheme = from_dict(Scheme, shipped)
        except DecodeError:
            return None
        scheme.id = row.id
        return scheme

    def save(self, session: Session, record: Scheme, *, new: bool) -> TravellingRecord:
        stored = None if new else session.get(SchemeRow, record.id)
        kept = {name: getattr(stored, name) for name in STATION_FIELDS} if stored is not None else {}
        return scheme_repository.save(session, dataclasses.replace(record, **kept))

    def tombstone(self, session: Session, record_id: str) -> None:
        scheme_repository.delete(session, record_id)

    def _rows(self, records: list[Scheme], metadata: list[dict[str, object]], news: str) -> list[dict[str, object]]:
        """Column values of received schemes: the station's fields left out (kept, or their defaults), marked new
        or changed until the user has seen them (as after a catalogue update by file)."""
        fields = [name for name in scheme_repository.FIELDS if name not in STATION_FIELDS]
        return [{"id": record.id, **{name: getattr(record, name) for name in fields},
                 "deadlines": [to_dict(deadline) for deadline in record.deadlines], "deleted_at": None,
                 "news": news, **meta}
                for record, meta in zip(records, metadata, strict=True)]

    def insert_many(self, session: Session, records: list[Scheme], metadata: list[dict[str, object]]) -> None:
        if records:
            session.execute(insert(SchemeRow), self._rows(records, metadata, scheme_repository.NEW))

    def replace_many(self, session: Session, records: list[Scheme], metadata: list[dict[str, object]]) -> None:
        if records:
            session.execute(update(SchemeRow), self._rows(records, metadata, scheme_repository.CHANGED),
                            execution_options={"synchronize_session": False})

    def after_write(self, session: Session, records: list[Scheme]) -> None:
        """Index the schemes written as they are now stored (with the station's notes, which the index holds)."""
        session.flush()
        ids = [record.id for record in records]
        stored: list[Scheme] = []
        for start in range(0, len(ids), self.CHUNK):
            rows = session.scalars(select(SchemeRow).where(SchemeRow.id.in_(ids[start:start + self.CHUNK]),
                                                           SchemeRow.deleted_at.is_(None))
                                   .execution_options(populate_existing=True))
            stored += [scheme_repository.to_domain(row) for row in rows]
        scheme_repository.reindex(session, stored)

    def stays_home(self) -> list[ColumnElement[bool]]:
        return []


class FlatStorage:
    """A record that is one row: each field of `domain_class` but `id` is a column of `model`.

    `attachment_field` names a list of `Attachment` whose files are registered (`Blob`) before the row is
    written, as a fiche's are.
    """

    def __init__(self, model: type[TravellingRecord], domain_class: type, attachment_field: str | None = None) -> None:
        self.model = model
        self.domain_class = domain_class
        self.attachment_field = attachment_field

    @property
    def fields(self) -> tuple[str, ...]:
        return _fields(self.domain_class)

    def load_options(self) -> tuple[Any, ...]:
        return ()

    def to_domain(self, row: TravellingRecord) -> Any:
        """The record, sharing nothing with the row: a list changed in the record is not changed in the row."""
        return self.domain_class(id=row.id, **{name: copy.deepcopy(getattr(row, name)) for name in self.fields})

    def _register_files(self, session: Session, records: list[Any], flush: bool = True) -> None:
        if self.attachment_field is not None:
            field = self.attachment_field
            ensure_blobs(session, [item for record in records for item in getattr(record, field)], flush)

    def save(self, session: Session, record: Any, *, new: bool) -> TravellingRecord:
        self._register_files(session, [record], flush=False)
        row = None if new else session.get(self.model, record.id)
        if row is None:
            row = self.model()
            row.id = record.id
            session.add(row)
        for name in self.fields:
            if getattr(row, name) != getattr(record, name):
                setattr(row, name, copy.deepcopy(getattr(record, name)))
        return row

    def tombstone(self, session: Session, record_id: str) -> None:
        row = session.get(self.model, record_id)
        if row is not None and row.deleted_at is None:
            row.deleted_at = utcnow()

    def _rows(self, records: list[Any], metadata: list[dict[str, object]]) -> list[dict[str, object]]:
        return [{"id": record.id, **{name: getattr(record, name) for name in self.fields}, "deleted_at": None, **meta}
                for record, meta in zip(records, metadata, strict=True)]

    def insert_many(self, session: Session, records: list[Any], metadata: list[dict[str, object]]) -> None:
        if records:
            self._register_files(session, records)
            session.execute(insert(self.model), self._rows(records, metadata))

    def replace_many(self, session: Session, records: list[Any], metadata: list[dict[str, object]]) -> None:
        if records:
            self._register_files(session, records)
            session.execute(update(self.model), self._rows(records, metadata),
                            execution_options={"synchronize_session": False})

    def after_write(self, session: Session, records: list[Any]) -> None:
        """A flat record has no derived data."""

    def stays_home(self) -> list[ColumnElement[bool]]:
        return []


@cache
def _fields(domain_class: type) -> tuple[str, ...]:
    return tuple(field.name for field in dataclasses.fields(domain_class) if field.name != "id")
