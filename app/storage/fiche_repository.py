"""Fiches between the domain (`FicheData`) and the store: load, save, search, trash, tombstones."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from functools import cache
from typing import Any

from sqlalchemy import (
    Select,
    Text,
    bindparam,
    case,
    delete,
    func,
    insert,
    inspect,
    select,
    text,
    type_coerce,
    update,
)
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.sql.base import ReadOnlyColumnCollection
from sqlalchemy.sql.schema import Column

from app.domain.fiche import CHOICE_FIELDS, FicheData
from app.domain.fiche_search import (
    FicheQuery,
    FicheSummary,
    fold,
    fts_match_expression,
    merge_spellings,
    place_key,
    searchable_text,
)
from app.domain.vocabulary import Stage
from app.storage import grid_repository
from app.storage.blobs import ensure_blobs
from app.storage.models import (
    Base,
    Fiche,
    FicheChild,
    FicheChoice,
    FicheTag,
    utcnow,
)
from app.storage.plain_reading import LIST_TABLES

_MODEL_OF_TABLE = {mapper.class_.__tablename__: mapper.class_ for mapper in Base.registry.mappers}
ROW_LISTS: dict[str, tuple[type, type]] = {
    name: (_MODEL_OF_TABLE[table], record_class) for name, (table, record_class) in LIST_TABLES.items()}
"""A fiche's lists: the model of each table `plain_reading.LIST_TABLES` names, and the record of its rows."""
CHILD_TABLES: tuple[type[FicheChild], ...] = (FicheTag, FicheChoice, *(orm_cls for orm_cls, _ in ROW_LISTS.values()))
SCALAR_FIELDS = tuple(
    f.name for f in dataclasses.fields(FicheData)
    if f.name not in ROW_LISTS and f.name not in CHOICE_FIELDS and f.name not in ("id", "tags")
)


def _row_values(domain_cls: type, row: object) -> dict[str, object]:
    return {f.name: getattr(row, f.name) for f in dataclasses.fields(domain_cls)}


def to_domain(row: Fiche) -> FicheData:
    data = FicheData(id=row.id, **{name: getattr(row, name) for name in SCALAR_FIELDS})
    data.tags = [tag.label for tag in row.tags]
    for name, (_orm_cls, domain_cls) in ROW_LISTS.items():
        setattr(data, name, [domain_cls(**_row_values(domain_cls, child)) for child in getattr(row, name)])
    for name in CHOICE_FIELDS:
        setattr(data, name, [choice.code for choice in row.choices if choice.field == name])
    return data


@cache
def with_children() -> tuple[Any, ...]:
    """Loader options for a fiche with all its lists (built once: building them costs more than a small query)."""
    return tuple(selectinload(getattr(Fiche, name)) for name in (*ROW_LISTS, "tags", "choices"))


def get_fiche(session: Session, fiche_id: str) -> Fiche | None:
    row = session.get(Fiche, fiche_id, options=with_children())
    return row if row is not None and row.deleted_at is None else None


def load(session: Session, fiche_id: str) -> FicheData | None:
    row = get_fiche(session, fiche_id)
    return to_domain(row) if row is not None else None


def save(session: Session, data: FicheData, *, new: bool = False, flush: bool = True, index: bool = True) -> Fiche:
    """Write `data` over the stored fiche (or create it); only what differs is touched.

    `new` says the id is known to be absent (no lookup); an import of many fiches passes flush=False and
    index=False, then flushes once and calls `reindex_many`.
    """
    ensure_blobs(session, data.attachments, flush)
    row = session.get(Fiche, data.id, options=with_children()) if data.id and not new else None
    if row is None:
        row = Fiche(id=data.id) if data.id else Fiche()
        session.add(row)
        current = FicheData()
    else:
        current = to_domain(row)
    for name in SCALAR_FIELDS:
        if getattr(current, name) != getattr(data, name):
            setattr(row, name, getattr(data, name))
    if row.title_key != fold(data.title) or row.structure_key != fold(data.structure_name):
        row.title_key, row.structure_key = fold(data.title), fold(data.structure_name)
    if current.tags != data.tags:
        row.tags = [FicheTag(position=n, label=label) for n, label in enumerate(data.tags)]
    for name, (orm_cls, domain_cls) in ROW_LISTS.items():
        wanted = getattr(data, name)
        if getattr(current, name) != wanted:
            setattr(row, name, [orm_cls(position=n, **_row_values(domain_cls, item)) for n, item in enumerate(wanted)])
    if any(getattr(current, name) != getattr(data, name) for name in CHOICE_FIELDS):
        row.choices = [
            FicheChoice(position=n, field=name, code=code)
            for n, (name, code) in enumerate((name, code) for name in CHOICE_FIELDS for code in getattr(data, name))
        ]
    if flush or not data.id:
        session.flush()
    data.id = row.id
    if index:
        reindex(session, data)
    return row


def insert_many(session: Session, fiches: list[FicheData], metadata: list[dict[str, object]]) -> None:
    """Create fiches known to be absent in a few statements, for an import of many.

    Each metadata dict gives the travelling columns (revision, created_at, updated_at, workstation_id) the
    fiche arrives with. The search index is left to `reindex_many`.
    """
    if not fiches:
        return
    ensure_blobs(session, [attachment for fiche in fiches for attachment in fiche.attachments])
    session.execute(insert(Fiche), _fiche_rows(fiches, metadata))
    _insert_children(session, fiches)


def replace_many(session: Session, fiches: list[FicheData], metadata: list[dict[str, object]],
                 chunk: int = 500) -> None:
    """Overwrite fiches known to be stored (tombstones included: they come back) in a few statements.

    For an import: the rows must not be loaded in this session (their objects would go stale). Metadata as
    `insert_many`; the search index is left to `reindex_many`.
    """
    if not fiches:
        return
    ensure_blobs(session, [attachment for fiche in fiches for attachment in fiche.attachments])
    ids = [fiche.id for fiche in fiches]
    for child in CHILD_TABLES:
        for start in range(0, len(ids), chunk):
            session.execute(delete(child).where(child.fiche_id.in_(ids[start:start + chunk])),
                            execution_options={"synchronize_session": False})
    session.execute(update(Fiche), _fiche_rows(fiches, metadata), execution_options={"synchronize_session": False})
    _insert_children(session, fiches)


def _fiche_rows(fiches: list[FicheData], metadata: list[dict[str, object]]) -> list[dict[str, object]]:
    """Column values of received fiches; a fiche in the local trash stays there (trashed_at is not touched)."""
    return [{"id": fiche.id, **{name: getattr(fiche, name) for name in SCALAR_FIELDS}, "title_key": fold(fiche.title),
             "structure_key": fold(fiche.structure_name), "deleted_at": None, **meta}
            for fiche, meta in zip(fiches, metadata, strict=True)]


def _insert_children(session: Session, fiches: list[FicheData]) -> None:
    children: list[tuple[type, list[dict[str, object]]]] = [
        (FicheTag, [{"fiche_id": f.id, "position": n, "label": label}
                    for f in fiches for n, label in enumerate(f.tags)]),
        (FicheChoice, [{"fiche_id": f.id, "position": n, "field": name, "code": code} for f in fiches
                       for n, (name, code) in enumerate((name, code) for name in CHOICE_FIELDS
                                                        for code in getattr(f, name))]),
    ]
    children += [(orm_cls, [{"fiche_id": f.id, "position": n, **_row_values(domain_cls, item)}
                            for f in fiches for n, item in enumerate(getattr(f, name))])
                 for name, (orm_cls, domain_cls) in ROW_LISTS.items()]
    for orm_cls, rows in children:
        if rows:
            session.execute(insert(orm_cls), rows)


def reindex(session: Session, data: FicheData) -> None:
    session.execute(text("DELETE FROM fiche_search WHERE fiche_id = :id"), {"id": data.id})
    session.execute(text("INSERT INTO fiche_search(fiche_id, body) VALUES (:id, :body)"),
                    {"id": data.id, "body": searchable_text(data)})


_DELETE_ENTRIES = text("DELETE FROM fiche_search WHERE fiche_id IN :ids").bindparams(bindparam("ids", expanding=True))


def reindex_many(session: Session, fiches: list[FicheData], chunk: int = 500) -> None:
    """Index many fiches at once; the old entries go in a few statements (the index has no key on fiche_id,
    so each DELETE reads it whole)."""
    if not fiches:
        return
    ids = [f.id for f in fiches]
    for start in range(0, len(ids), chunk):
        part = ids[start:start + chunk]
        session.execute(_DELETE_ENTRIES, {"ids": part})
    session.execute(text("INSERT INTO fiche_search(fiche_id, body) VALUES (:id, :body)"),
                    [{"id": f.id, "body": searchable_text(f)} for f in fiches])


def load_all(session: Session) -> list[FicheData]:
    """Every fiche but tombstones (the trash included), read with one plain query per table: what `load` gives
    for each, without building an ORM object per row, for a pass over the whole store."""
    scalars = [getattr(Fiche, name) for name in SCALAR_FIELDS]
    fiches = {row[0]: FicheData(id=row[0], **dict(zip(SCALAR_FIELDS, row[1:], strict=True)))
              for row in session.execute(select(Fiche.id, *scalars).where(Fiche.deleted_at.is_(None)))}
    for fiche_id, label in session.execute(select(FicheTag.fiche_id, FicheTag.label)
                                           .order_by(FicheTag.fiche_id, FicheTag.position)):
        if fiche_id in fiches:
            fiches[fiche_id].tags.append(label)
    for name, (orm_cls, domain_cls) in ROW_LISTS.items():
        names = [f.name for f in dataclasses.fields(domain_cls)]
        columns: ReadOnlyColumnCollection[str, Column[Any]] = inspect(orm_cls).columns
        query = select(columns["fiche_id"], *(columns[n] for n in names)).order_by(columns["fiche_id"],
                                                                                   columns["position"])
        for row in session.execute(query):
            if row[0] in fiches:
                getattr(fiches[row[0]], name).append(domain_cls(**dict(zip(names, row[1:], strict=True))))
    for fiche_id, field_name, code in session.execute(select(FicheChoice.fiche_id, FicheChoice.field, FicheChoice.code)
                                                      .order_by(FicheChoice.fiche_id, FicheChoice.position)):
        if fiche_id in fiches and field_name in CHOICE_FIELDS:
            getattr(fiches[fiche_id], field_name).append(code)
    return list(fiches.values())


def rebuild_index(session: Session) -> int:
    """Index every fiche anew (the words of a vocabulary's labels may have changed); returns how many."""
    session.execute(text("DELETE FROM fiche_search"))
    fiches = load_all(session)
    reindex_many(session, fiches)
    return len(fiches)


def unindex(session: Session, fiche_id: str) -> None:
    session.execute(text("DELETE FROM fiche_search WHERE fiche_id = :id"), {"id": fiche_id})


def set_trashed(session: Session, fiche_id: str, trashed: bool) -> bool:
    row = get_fiche(session, fiche_id)
    if row is None:
        return False
    row.trashed_at = utcnow() if trashed else None
    return True


def make_tombstone(session: Session, fiche_id: str) -> bool:
    """Delete a fiche for good, leaving a tombstone (id, revision, deleted_at) so the deletion can travel."""
    row = get_fiche(session, fiche_id)
    if row is None:
        return False
    blank = FicheData(id=row.id)
    blank.title = row.title
    save(session, blank)
    row.deleted_at = utcnow()
    row.trashed_at = None
    unindex(session, fiche_id)
    for scenario in grid_repository.scenarios_of(session, fiche_id):
        grid_repository.delete(session, scenario.id)
    return True


def existing_ids(session: Session, ids: Iterable[str]) -> set[str]:
    wanted = list(ids)
    if not wanted:
        return set()
    return set(session.scalars(select(Fiche.id).where(Fiche.id.in_(wanted))))


SQL_SORTS = {
    "title": (Fiche.title_key,),
    "structure_name": (Fiche.structure_key, Fiche.title_key),
    "updated_at": (Fiche.updated_at,),
    "stage": (case({code.value: n for n, code in enumerate(Stage)}, value=Fiche.stage, else_=len(Stage)),
              Fiche.title_key),
}


SUMMARY_COLUMNS = (
    Fiche.id, Fiche.title, Fiche.structure_name, Fiche.structure_type, Fiche.commune, Fiche.departement,
    Fiche.region, Fiche.stage, Fiche.status, type_coerce(Fiche.updated_at, Text), Fiche.is_example,
)


def _spellings(session: Session, column: Any, wanted: str) -> list[str]:
    """Every spelling of the place `wanted` in `column` (« Isère » → « Isère », « isere », « Isere »…)."""
    key = place_key(wanted)
    return [value for value in session.scalars(select(column).distinct()) if place_key(value) == key]


def _filtered(session: Session, query: FicheQuery, *columns: Any) -> Select[Any]:
    """SELECT `columns` of the fiches that `query` keeps, sorted in SQL when its sort key allows; a département
    or région keeps the fiches of every spelling of it."""
    statement = select(*columns).where(Fiche.deleted_at.is_(None))
    statement = statement.where(Fiche.trashed_at.is_not(None) if query.in_trash else Fiche.trashed_at.is_(None))
    match = fts_match_expression(query.text)
    if match:
        statement = statement.where(
            Fiche.id.in_(text("SELECT fiche_id FROM fiche_search WHERE fiche_search MATCH :match")
                         .bindparams(match=match))
        )
    for column, values in ((Fiche.stage, query.stages), (Fiche.structure_type, query.structure_types),
                           (Fiche.status, query.statuses)):
        if values:
            statement = statement.where(column.in_(sorted(values)))
    for field_name, codes in (("themes", query.themes), ("scaling_models", query.scaling_models)):
        if codes:
            statement = statement.where(Fiche.id.in_(
                select(FicheChoice.fiche_id).where(FicheChoice.field == field_name, FicheChoice.code.in_(sorted(codes)))
            ))
    for column, place in ((Fiche.departement, query.departement), (Fiche.region, query.region)):
        if place:
            statement = statement.where(column.in_(_spellings(session, column, place)))
    order = SQL_SORTS.get(query.sort_key, (Fiche.title_key,))
    return statement.order_by(*(c.desc() if query.descending else c for c in order))


def _departement_key(departement: str, title_key: str) -> tuple[str, str]:
    """Départements sort in Python: French folding of short names, then the folded title."""
    return fold(departement), title_key


def search(session: Session, query: FicheQuery) -> list[FicheSummary]:
    """Every fiche the query keeps, as list rows, sorted."""
    rows = list(map(FicheSummary._make, session.connection().execute(_filtered(session, query, *SUMMARY_COLUMNS))))
    if query.sort_key == "departement":
        rows.sort(key=lambda r: _departement_key(r.departement, fold(r.title)), reverse=query.descending)
    return rows


def search_ids(session: Session, query: FicheQuery) -> list[str]:
    """The ids of the fiches the query keeps, sorted: what a lazy list needs first (cheap on 10 000 rows)."""
    if query.sort_key == "departement":
        statement = _filtered(session, query, Fiche.id, Fiche.departement, Fiche.title_key)
        rows = list(session.connection().execute(statement))
        rows.sort(key=lambda r: _departement_key(r[1], r[2]), reverse=query.descending)
        return [row[0] for row in rows]
    return list(session.connection().execute(_filtered(session, query, Fiche.id)).scalars())


def summaries(session: Session, ids: list[str], live_only: bool = False) -> dict[str, FicheSummary]:
    """List rows of the given fiches, by id; `live_only` leaves out those in the trash or deleted."""
    result: dict[str, FicheSummary] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        statement = select(*SUMMARY_COLUMNS).where(Fiche.id.in_(chunk))
        if live_only:
            statement = statement.where(Fiche.deleted_at.is_(None), Fiche.trashed_at.is_(None))
        result.update((row[0], FicheSummary._make(row)) for row in session.connection().execute(statement))
    return result


def distinct_places(session: Session) -> tuple[list[str], list[str]]:
    """The départements and régions named by live fiches, for the filters: one value per place, however many
    spellings the fiches use (`merge_spellings`)."""
    live = (Fiche.deleted_at.is_(None), Fiche.trashed_at.is_(None))
    found = []
    for column in (Fiche.departement, Fiche.region):
        rows = session.execute(select(column, func.count()).where(*live, column != "").group_by(column))
        found.append(merge_spellings(dict(rows.tuples().all())))
    return found[0], found[1]


def purge_trash(session: Session) -> int:
    ids = list(session.scalars(select(Fiche.id).where(Fiche.trashed_at.is_not(None), Fiche.deleted_at.is_(None))))
    for fiche_id in ids:
        make_tombstone(session, fiche_id)
    return len(ids)


