"""Scenarios of the economic-model grid between the domain and the store."""

from __future__ import annotations

import dataclasses

from sqlalchemy import delete as delete_rows
from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session, selectinload

from app.domain.economics import GridLine, Scenario
from app.storage.models import GridLineRow, GridScenario, utcnow
from app.storage.plain_reading import SCENARIO_FIELDS

SCALARS = SCENARIO_FIELDS
LINE_FIELDS = tuple(f.name for f in dataclasses.fields(GridLine))


def to_domain(row: GridScenario) -> Scenario:
    scenario = Scenario(id=row.id, **{name: getattr(row, name) for name in SCALARS})
    scenario.lines = [GridLine(**{name: getattr(line, name) for name in LINE_FIELDS}) for line in row.lines]
    return scenario


def scenarios_of(session: Session, fiche_id: str) -> list[Scenario]:
    rows = session.scalars(
        select(GridScenario).options(selectinload(GridScenario.lines))
        .where(GridScenario.fiche_id == fiche_id, GridScenario.deleted_at.is_(None))
        .order_by(GridScenario.created_at, GridScenario.name)
    )
    return [to_domain(row) for row in rows]


def get(session: Session, scenario_id: str) -> GridScenario | None:
    row = session.get(GridScenario, scenario_id, options=[selectinload(GridScenario.lines)])
    return row if row is not None and row.deleted_at is None else None


def save(session: Session, scenario: Scenario, *, new: bool = False, flush: bool = True) -> GridScenario:
    """Write `scenario` (create it if new); only what differs is touched. `new`: the id is known to be absent."""
    row = (session.get(GridScenario, scenario.id, options=[selectinload(GridScenario.lines)])
           if scenario.id and not new else None)
    if row is None:
        row = GridScenario(id=scenario.id) if scenario.id else GridScenario()
        session.add(row)
        current = Scenario(fiche_id="", name="", lines=[])
        current.horizon_years = -1
    else:
        current = to_domain(row)
    for name in SCALARS:
        if getattr(current, name) != getattr(scenario, name):
            setattr(row, name, getattr(scenario, name))
    if current.lines != scenario.lines:
        row.lines = [GridLineRow(position=n, **dataclasses.asdict(line)) for n, line in enumerate(scenario.lines)]
    if flush or not scenario.id:
        session.flush()
    scenario.id = row.id
    return row


def insert_many(session: Session, scenarios: list[Scenario], metadata: list[dict[str, object]]) -> None:
    """Create scenarios known to be absent in two statements (an import); metadata as `fiche_repository.insert_many`."""
    if not scenarios:
        return
    session.execute(insert(GridScenario), _scenario_rows(scenarios, metadata))
    _insert_lines(session, scenarios)


def replace_many(session: Session, scenarios: list[Scenario], metadata: list[dict[str, object]],
                 chunk: int = 500) -> None:
    """Overwrite stored scenarios (not loaded in this session) in a few statements; see
    `fiche_repository.replace_many`."""
    if not scenarios:
        return
    ids = [scenario.id for scenario in scenarios]
    for start in range(0, len(ids), chunk):
        session.execute(delete_rows(GridLineRow).where(GridLineRow.scenario_id.in_(ids[start:start + chunk])),
                        execution_options={"synchronize_session": False})
    session.execute(update(GridScenario), _scenario_rows(scenarios, metadata),
                    execution_options={"synchronize_session": False})
    _insert_lines(session, scenarios)


def _scenario_rows(scenarios: list[Scenario], metadata: list[dict[str, object]]) -> list[dict[str, object]]:
    return [{"id": s.id, **{name: getattr(s, name) for name in SCALARS}, "deleted_at": None, **meta}
            for s, meta in zip(scenarios, metadata, strict=True)]


def _insert_lines(session: Session, scenarios: list[Scenario]) -> None:
    lines = [{"scenario_id": s.id, "position": n, **dataclasses.asdict(line)}
             for s in scenarios for n, line in enumerate(s.lines)]
    if lines:
        session.execute(insert(GridLineRow), lines)


def deleted_ids(session: Session, ids: list[str]) -> set[str]:
    """Those of `ids` that are tombstones: scenarios deleted for good."""
    return set(session.scalars(select(GridScenario.id).where(GridScenario.id.in_(ids),
                                                              GridScenario.deleted_at.is_not(None))))


def delete(session: Session, scenario_id: str) -> bool:
    """Delete for good, leaving a tombstone so the deletion can travel."""
    row = get(session, scenario_id)
    if row is None:
        return False
    row.lines = []
    row.deleted_at = utcnow()
    return True
