"""Reading with the standard library's sqlite3 alone, for the first screen and the commands that only read (issue 20).

`essaim fiche show` needs one fiche, `essaim export dossier` a fiche with its scenarios, its shortlist and the lab
projects that carry it: importing SQLAlchemy and mapping the models would take longer than everything else they do.
When the store is at the newest schema, it is read here through a read-only connection, without the lock (SQLite
gives a reader a consistent snapshot beside a writer); any other store goes through `Store.open` first, which
migrates it after a backup or refuses a newer one.

The values come as SQLite holds them and are turned into the domain's types by each field's annotation (text
dates, exact decimals as text, booleans as 0 or 1, lists as JSON that `json_columns` decodes as the models do).
`fiche_repository.load` gives the same `FicheData` through the ORM, and `PlainReading` the same dossier as
`StoreReading`: tests read both ways.
"""

from __future__ import annotations

import dataclasses
import sqlite3
import typing
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from app.domain.economics import GridLine, Scenario
from app.domain.fiche import (
    CHOICE_FIELDS,
    Attachment,
    Contact,
    FactorRating,
    FicheData,
    HumanMean,
    Indicator,
    Partner,
    Site,
    Source,
    Step,
)
from app.domain.lab import LabItem, LabProject
from app.domain.shortlist import ShortlistEntry
from app.storage.json_columns import decode_attachments, decode_list, decode_records
from app.storage.migrations import SCHEMA_REVISION, stored_revision
from app.storage.store_file import connect, store_file

FICHE_TABLE = "fiche"
TAG_TABLE = "fiche_tag"
CHOICE_TABLE = "fiche_choice"
LIST_TABLES: dict[str, tuple[str, type]] = {
    "contacts": ("fiche_contact", Contact),
    "steps": ("fiche_step", Step),
    "human_means": ("fiche_human_mean", HumanMean),
    "sites": ("fiche_site", Site),
    "partners": ("fiche_partner", Partner),
    "indicators": ("fiche_indicator", Indicator),
    "factors": ("fiche_factor", FactorRating),
    "attachments": ("fiche_attachment", Attachment),
    "sources": ("fiche_source", Source),
}
"""A fiche's lists: the table of each and the record of its rows (`fiche_repository.ROW_LISTS` adds their models)."""

SCENARIO_FIELDS = ("fiche_id", "name", "horizon_years", "beneficiaries_per_year", "learning_discount", "illustrative",
                   "notes")
"""A scenario's own columns (its lines are rows of `grid_line`)."""

Converter = Callable[[Any], Any]


def open_current(data_dir: Path) -> sqlite3.Connection | None:
    """A read-only connection to the store of `data_dir` when it is at the newest schema; None otherwise (no store
    yet, an older or a newer one, an unreadable file): then the caller opens it as every command does."""
    path = store_file(data_dir)
    if not path.is_file():
        return None
    try:
        conn = connect(path, read_only=True)
    except sqlite3.Error:
        return None
    try:
        revision = stored_revision(conn)
    except sqlite3.Error:
        revision = None
    if revision != SCHEMA_REVISION:
        conn.close()
        return None
    return conn


def live_fiche_ids(conn: sqlite3.Connection, prefix: str = "") -> list[str]:
    """The ids of the fiches neither trashed nor deleted that begin with `prefix`."""
    rows = conn.execute(f"SELECT id FROM {FICHE_TABLE} WHERE deleted_at IS NULL AND trashed_at IS NULL "
                        "AND substr(id, 1, ?) = ? ORDER BY id", (len(prefix), prefix))
    return [row[0] for row in rows]


def count_live_fiches(conn: sqlite3.Connection) -> int:
    """Fiches that are neither in the trash nor tombstones."""
    return int(conn.execute(f"SELECT count(*) FROM {FICHE_TABLE} WHERE deleted_at IS NULL AND trashed_at IS NULL")
               .fetchone()[0])


def read_fiche(conn: sqlite3.Connection, fiche_id: str) -> FicheData | None:
    """The fiche `fiche_id` (trashed or not), or None if there is none or it is deleted."""
    scalars = _scalar_fields()
    row = conn.execute(f"SELECT {', '.join(scalars)} FROM {FICHE_TABLE} WHERE id = ? AND deleted_at IS NULL",
                       (fiche_id,)).fetchone()
    if row is None:
        return None
    data: FicheData = _record(FicheData, scalars, row, id=fiche_id)
    data.tags = [label for (label,) in conn.execute(
        f"SELECT label FROM {TAG_TABLE} WHERE fiche_id = ? ORDER BY position", (fiche_id,))]
    for list_name, (table, record_class) in LIST_TABLES.items():
        names = tuple(field.name for field in dataclasses.fields(record_class))
        rows = conn.execute(f"SELECT {', '.join(names)} FROM {table} WHERE fiche_id = ? ORDER BY position",
                            (fiche_id,))
        setattr(data, list_name, [_record(record_class, names, values) for values in rows])
    for field_name, code in conn.execute(f"SELECT field, code FROM {CHOICE_TABLE} WHERE fiche_id = ? "
                                         "ORDER BY position", (fiche_id,)):
        if field_name in CHOICE_FIELDS:
            getattr(data, field_name).append(code)
    return data


def scenarios_of(conn: sqlite3.Connection, fiche_id: str) -> list[Scenario]:
    """The fiche's scenarios, oldest first, each with its lines in order."""
    names = ("id", *SCENARIO_FIELDS)
    rows = conn.execute(f"SELECT {', '.join(names)} FROM grid_scenario WHERE fiche_id = ? AND deleted_at IS NULL "
                        "ORDER BY created_at, name", (fiche_id,)).fetchall()
    line_names = tuple(field.name for field in dataclasses.fields(GridLine))
    scenarios: list[Scenario] = []
    for row in rows:
        scenario: Scenario = _record(Scenario, names, row)
        scenario.lines = [_record(GridLine, line_names, values) for values in conn.execute(
            f"SELECT {', '.join(line_names)} FROM grid_line WHERE scenario_id = ? ORDER BY position", (row[0],))]
        scenarios.append(scenario)
    return scenarios


def shortlist_of(conn: sqlite3.Connection, fiche_id: str) -> list[ShortlistEntry]:
    """The fiche's funding applications, in the order they were added."""
    return _records(conn, ShortlistEntry, "shortlist_entry", "fiche_id = ?", (fiche_id,), "created_at, scheme_name")


def lab_projects(conn: sqlite3.Connection) -> list[LabProject]:
    """Every lab project, by name."""
    return _records(conn, LabProject, "lab_project", "1", (), "name, created_at")


def lab_items_of(conn: sqlite3.Connection, lab_id: str) -> list[LabItem]:
    """A project's checklist, in its order."""
    return _records(conn, LabItem, "lab_item", "lab_id = ?", (lab_id,), "position, number")


class PlainReading:
    """What a fiche's dossier reads (`services.dossier.DossierReading`), through a plain connection."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def fiche(self, fiche_id: str) -> FicheData | None:
        return read_fiche(self.conn, fiche_id)

    def scenarios(self, fiche_id: str) -> list[Scenario]:
        return scenarios_of(self.conn, fiche_id)

    def shortlist(self, fiche_id: str) -> list[ShortlistEntry]:
        return shortlist_of(self.conn, fiche_id)

    def labs_of(self, fiche_id: str) -> list[tuple[LabProject, list[LabItem]]]:
        return [(project, lab_items_of(self.conn, project.id)) for project in lab_projects(self.conn)
                if fiche_id in project.fiche_ids]


def _records(conn: sqlite3.Connection, record_class: type, table: str, where: str, parameters: tuple[Any, ...],
             order: str) -> list[Any]:
    """The live rows of `table` as `record_class`, whose every field is a column of the same name."""
    names = tuple(field.name for field in dataclasses.fields(record_class))
    rows = conn.execute(f"SELECT {', '.join(names)} FROM {table} WHERE ({where}) AND deleted_at IS NULL "
                        f"ORDER BY {order}", parameters)
    return [_record(record_class, names, values) for values in rows]


@cache
def _scalar_fields() -> tuple[str, ...]:
    left = {*LIST_TABLES, *CHOICE_FIELDS, "id", "tags"}
    return tuple(field.name for field in dataclasses.fields(FicheData) if field.name not in left)


@cache
def _converters(record_class: type, names: tuple[str, ...]) -> tuple[Converter, ...]:
    """For each of these fields of `record_class`, what turns SQLite's value into the field's type."""
    hints = typing.get_type_hints(record_class)
    return tuple(_converter(hints[name]) for name in names)


def _record(record_class: type, names: tuple[str, ...], values: tuple[Any, ...], **given: Any) -> Any:
    converters = _converters(record_class, names)
    return record_class(**given, **{name: convert(value)
                                    for name, convert, value in zip(names, converters, values, strict=True)})


def _converter(annotation: Any) -> Converter:
    if typing.get_origin(annotation) is list:
        (item,) = typing.get_args(annotation)
        if item is str:
            return decode_list
        if item is Attachment:
            return decode_attachments
        if isinstance(item, type) and dataclasses.is_dataclass(item):
            return lambda value: decode_records(item, value)
        raise TypeError(f"no reading of {annotation!r} from SQLite")
    kinds = {kind for kind in typing.get_args(annotation) if kind is not type(None)} or {annotation}
    kind = kinds.pop() if len(kinds) == 1 else None
    if kind is Decimal:
        return lambda value: None if value is None else Decimal(str(value))
    if kind is date:
        return lambda value: None if value is None else date.fromisoformat(value)
    if kind is bool:
        return lambda value: None if value is None else bool(value)
    if kind in (str, int):
        return lambda value: value
    raise TypeError(f"no reading of {annotation!r} from SQLite")
