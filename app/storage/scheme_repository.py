"""Schemes of the funding catalogue between the domain (`Scheme`) and the store: load, save, index, search."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any, NamedTuple

from sqlalchemy import bindparam, insert, select, text, update
from sqlalchemy.orm import Session

from app.domain.codec import from_dict, to_dict
from app.domain.schemes import Deadline, Scheme
from app.storage.changes import Change, note_change
from app.storage.models import SchemeLink, SchemeRow, utcnow
from app.storage.session import WORKSTATION_KEY

NEW, CHANGED = "nouveau", "modifie"
"""Marks of a scheme since the last catalogue update or package (`SchemeRow.news`), until the user has seen it."""
ID_CHUNK = 500
"""Ids bound in one statement (SQLite limits the number of parameters)."""
FIELDS = tuple(f.name for f in dataclasses.fields(Scheme) if f.name not in ("id", "deadlines"))
WEIGHTS = (10.0, 2.0, 1.0)
"""bm25 weights of the index's columns: name, short name, financers and programme; description and the rest;
eligibility."""


def to_domain(row: SchemeRow) -> Scheme:
    scheme = Scheme(id=row.id, **{name: getattr(row, name) for name in FIELDS})
    scheme.deadlines = [from_dict(Deadline, item) for item in row.deadlines if isinstance(item, dict)]
    return scheme


def deadline_days(deadlines: list[Any]) -> list[date]:
    """The days of a row's deadlines (without building the whole scheme)."""
    return [deadline.on for item in deadlines if isinstance(item, dict)
            and (deadline := from_dict(Deadline, item)).on is not None]


def get(session: Session, scheme_id: str) -> SchemeRow | None:
    row = session.get(SchemeRow, scheme_id)
    return row if row is not None and row.deleted_at is None else None


def load(session: Session, scheme_id: str) -> Scheme | None:
    row = get(session, scheme_id)
    return to_domain(row) if row is not None else None


def load_all(session: Session) -> list[Scheme]:
    """Every scheme (not the deleted ones), in one query."""
    return [to_domain(row) for row in session.scalars(select(SchemeRow).where(SchemeRow.deleted_at.is_(None)))]


class HeldScheme(NamedTuple):
    """What a catalogue update reads first of each scheme of an origin (the whole row only when it merges)."""

    id: str
    name: str
    shipped: str | None
    source_updated: datetime | None
    unpublished_on: date | None
    deleted: bool
    deadlines: list[Any]


def held_of(session: Session, origin: str) -> dict[str, HeldScheme]:
    """The schemes of `origin` by their key there, deleted ones too, read without their text fields."""
    found = session.execute(select(SchemeRow.origin_key, SchemeRow.id, SchemeRow.name, SchemeRow.shipped,
                                   SchemeRow.source_updated, SchemeRow.unpublished_on, SchemeRow.deleted_at,
                                   SchemeRow.deadlines).where(SchemeRow.origin == origin))
    return {key: HeldScheme(scheme_id, name, shipped, updated, unpublished, deleted is not None, deadlines or [])
            for key, scheme_id, name, shipped, updated, unpublished, deleted, deadlines in found.tuples()}


def names_of_others(session: Session, origin: str) -> list[tuple[str, str, str]]:
    """(id, name, origin) of the schemes held from other origins than `origin`."""
    found = session.execute(select(SchemeRow.id, SchemeRow.name, SchemeRow.origin).where(
        SchemeRow.origin != origin, SchemeRow.deleted_at.is_(None)))
    return list(found.tuples())


def existing_ids(session: Session, scheme_ids: list[str]) -> set[str]:
    """Which of `scheme_ids` a row holds already (deleted or not)."""
    found: set[str] = set()
    for start in range(0, len(scheme_ids), ID_CHUNK):
        found |= set(session.scalars(select(SchemeRow.id).where(SchemeRow.id.in_(scheme_ids[start:start + ID_CHUNK]))))
    return found


def by_key(session: Session, origin: str, origin_key: str) -> SchemeRow | None:
    """The scheme `origin` knows as `origin_key` (deleted or not)."""
    return session.scalar(select(SchemeRow).where(SchemeRow.origin == origin, SchemeRow.origin_key == origin_key))


def by_origin(session: Session, origin: str) -> dict[str, SchemeRow]:
    """The schemes of one origin, by their key there (deleted ones too: a scheme the user deleted stays so)."""
    return {row.origin_key: row for row in session.scalars(select(SchemeRow).where(SchemeRow.origin == origin))}


def save(session: Session, scheme: Scheme, shipped: dict[str, Any] | None = None, index: bool = True) -> SchemeRow:
    """Write `scheme` over the stored one (or create it); `shipped`, when given, is what its origin gave. Without
    `index`, the caller reindexes the schemes it saved at once (`reindex`: a much faster update of many)."""
    row = session.get(SchemeRow, scheme.id) if scheme.id else None
    if row is None:
        row = SchemeRow(id=scheme.id) if scheme.id else SchemeRow()
        session.add(row)
        current: Scheme | None = None
    else:
        current = to_domain(row)
    for name in FIELDS:
        if current is None or getattr(current, name) != getattr(scheme, name):
            setattr(row, name, getattr(scheme, name))
    if current is None or current.deadlines != scheme.deadlines:
        row.deadlines = [to_dict(deadline) for deadline in scheme.deadlines]
    if shipped is not None:
        remember_shipped(row, shipped)
    session.flush()
    scheme.id = row.id
    if index:
        reindex(session, [scheme])
    return row


def add_new(session: Session, schemes: Sequence[tuple[Scheme, dict[str, Any] | None, dict[str, Any]]]) -> None:
    """Create schemes this store does not hold, each with what its origin gave and other columns of its row
    (`raw`, `news`…), in one statement and indexed together: the quick way to add thousands."""
    if not schemes:
        return
    now = utcnow()
    stamp = {"created_at": now, "updated_at": now, "revision": 1, "deleted_at": None,
             "workstation_id": session.info[WORKSTATION_KEY]}
    session.execute(insert(SchemeRow), [
        {"id": scheme.id, **{name: getattr(scheme, name) for name in FIELDS}, **stamp, **columns,
         "deadlines": [to_dict(deadline) for deadline in scheme.deadlines],
         "shipped": as_text(shipped) if shipped is not None else None}
        for scheme, shipped, columns in schemes])
    reindex(session, [scheme for scheme, _shipped, _columns in schemes], fresh=True)
    note_change(session, Change.SCHEME)


def delete(session: Session, scheme_id: str) -> bool:
    """Delete for good, leaving a tombstone: a shipped scheme deleted here is not brought back by an update."""
    row = get(session, scheme_id)
    if row is None:
        return False
    row.deleted_at = utcnow()
    session.execute(_DELETE_ENTRIES, {"ids": [scheme_id]})
    return True


def all_rows(session: Session) -> list[SchemeRow]:
    """Every scheme held (not the deleted ones), as rows."""
    return list(session.scalars(select(SchemeRow).where(SchemeRow.deleted_at.is_(None))))


def origin_columns(raw: dict[str, Any] | None, updated: datetime | None) -> dict[str, Any]:
    """The row's columns that keep what the origin sent and when it last changed it."""
    return {"raw": as_text(raw) if raw is not None else None,
            "source_updated": updated}


def record_origin(row: SchemeRow, raw: dict[str, Any] | None, updated: datetime | None) -> None:
    """Keep the record as its origin sent it and when the origin last changed it (written only when different)."""
    text_of_raw = origin_columns(raw, None)["raw"]
    if text_of_raw is not None and row.raw != text_of_raw:
        row.raw = text_of_raw
    if updated is not None and row.source_updated != updated:
        row.source_updated = updated


def set_unpublished(session: Session, scheme_id: str, on: date | None) -> None:
    """Mark the scheme as no longer published by its origin since `on` (None: published again)."""
    session.execute(update(SchemeRow).where(SchemeRow.id == scheme_id).values(unpublished_on=on))


def set_news(session: Session, scheme_ids: list[str], news: str) -> None:
    session.execute(update(SchemeRow).where(SchemeRow.id.in_(scheme_ids)).values(news=news))


def news_of(session: Session) -> dict[str, str]:
    """Scheme id → « nouveau » or « modifie », for the schemes marked since the last update."""
    return dict(session.execute(select(SchemeRow.id, SchemeRow.news).where(
        SchemeRow.news != "", SchemeRow.deleted_at.is_(None))).tuples().all())


def unpublished_of(session: Session) -> dict[str, date]:
    """Scheme id → the day its origin stopped publishing it."""
    found = session.execute(select(SchemeRow.id, SchemeRow.unpublished_on).where(
        SchemeRow.unpublished_on.is_not(None), SchemeRow.deleted_at.is_(None)))
    return {scheme_id: on for scheme_id, on in found.tuples().all() if on is not None}


def links(session: Session, origin: str) -> dict[str, SchemeLink]:
    """The schemes another origin knows, by their key there."""
    return {link.origin_key: link for link in session.scalars(select(SchemeLink).where(SchemeLink.origin == origin))}


def link(session: Session, origin: str, origin_key: str, scheme_id: str, shipped: dict[str, Any],
         updated: datetime | None) -> None:
    """Record that `origin`'s record `origin_key` is the scheme `scheme_id`, with what it gave."""
    session.merge(SchemeLink(origin=origin, origin_key=origin_key, scheme_id=scheme_id,
                             shipped=as_text(shipped),
                             source_updated=updated))


def as_text(data: dict[str, Any]) -> str:
    """What an origin gave (or sent raw), as it is stored: comparing texts tells whether it gave the same again."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def remember_shipped(row: SchemeRow, shipped: dict[str, Any]) -> None:
    """Keep what the scheme's origin gave (written only when it differs: an unchanged scheme is not touched)."""
    text_of_shipped = as_text(shipped)
    if row.shipped != text_of_shipped:
        row.shipped = text_of_shipped


def shipped_of(row: SchemeRow) -> dict[str, Any] | None:
    loaded = json.loads(row.shipped) if row.shipped else None
    return loaded if isinstance(loaded, dict) else None


_DELETE_ENTRIES = text("DELETE FROM scheme_search WHERE scheme_id IN :ids").bindparams(
    bindparam("ids", expanding=True))


def reindex(session: Session, schemes: Iterable[Scheme], fresh: bool = False) -> None:
    """The search entries of `schemes`: name and financers, then what describes it, then who may apply. `fresh`
    schemes have none yet (finding the entries to replace reads the whole index: once per call, not per scheme)."""
    rows = [{"id": s.id, "head": " ".join([s.name, s.short_name, *s.financers, *s.instructors, s.programme]),
             "body": "\n".join([s.description, s.constraints, s.territory_note, s.contact, s.next_round, s.notes]),
             "eligibility": s.eligibility} for s in schemes]
    if not rows:
        return
    if not fresh:
        ids = [row["id"] for row in rows]
        for start in range(0, len(ids), ID_CHUNK):
            session.execute(_DELETE_ENTRIES, {"ids": ids[start:start + ID_CHUNK]})
    session.execute(text("INSERT INTO scheme_search(scheme_id, head, body, eligibility) "
                         "VALUES (:id, :head, :body, :eligibility)"), rows)


def search_ids(session: Session) -> dict[int, str]:
    """Search entry → its scheme's id, to read with `text_ranks` (entries change when a scheme is saved)."""
    return dict(session.execute(text("SELECT rowid, scheme_id FROM scheme_search")).tuples().all())


def text_ranks(session: Session, match: str) -> dict[int, float]:
    """Search entry (see `search_ids`) → rank (lower is better) of the entries that match the FTS5 expression
    `match` (an entry's scheme id is not read here: that would double the time of a broad search)."""
    weights = ", ".join(str(w) for w in WEIGHTS)
    found = session.execute(text(f"SELECT rowid, bm25(scheme_search, 0.0, {weights}) FROM scheme_search "
                                 "WHERE scheme_search MATCH :match"), {"match": match})
    return dict(found.tuples().all())
