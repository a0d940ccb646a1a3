"""Lab projects, their checklists' items and the imported checklist templates, between the domain and the store.

A project and each of its items are one row each (`FlatStorage`, for the editors here and for packages: the
travelling kinds « lab » and « lab_item » use the same storage); an item's evidence files are registered (`Blob`)
as a fiche's attachments are. An imported template is kept whole as JSON (`LabTemplateRow`).
"""

from __future__ import annotations

import json

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.codec import DecodeError, from_dict, to_dict
from app.domain.lab import LabItem, LabProject
from app.domain.lab_template import LabTemplate
from app.storage.kind_storage import FlatStorage
from app.storage.models import LabItemRow, LabProjectRow, LabTemplateRow, new_uuid

PROJECTS = FlatStorage(LabProjectRow, LabProject)
ITEMS = FlatStorage(LabItemRow, LabItem, attachment_field="evidence")


def projects(session: Session) -> list[LabProject]:
    """Every lab project, by name."""
    rows = session.scalars(select(LabProjectRow).where(LabProjectRow.deleted_at.is_(None))
                           .order_by(LabProjectRow.name, LabProjectRow.created_at))
    return [PROJECTS.to_domain(row) for row in rows]


def project(session: Session, lab_id: str) -> LabProject | None:
    row = session.get(LabProjectRow, lab_id)
    return PROJECTS.to_domain(row) if row is not None and row.deleted_at is None else None


def items_of(session: Session, lab_id: str) -> list[LabItem]:
    """The project's items in the checklist's order."""
    rows = session.scalars(select(LabItemRow).where(LabItemRow.lab_id == lab_id, LabItemRow.deleted_at.is_(None))
                           .order_by(LabItemRow.position, LabItemRow.number))
    return [ITEMS.to_domain(row) for row in rows]


def items_of_projects(session: Session, lab_ids: list[str]) -> dict[str, list[LabItem]]:
    """The items of several projects at once, each list in its checklist's order."""
    found: dict[str, list[LabItem]] = {lab_id: [] for lab_id in lab_ids}
    rows = session.scalars(select(LabItemRow).where(LabItemRow.lab_id.in_(lab_ids), LabItemRow.deleted_at.is_(None))
                           .order_by(LabItemRow.position, LabItemRow.number))
    for row in rows:
        found[row.lab_id].append(ITEMS.to_domain(row))
    return found


def item(session: Session, item_id: str) -> LabItem | None:
    row = session.get(LabItemRow, item_id)
    return ITEMS.to_domain(row) if row is not None and row.deleted_at is None else None


def save_project(session: Session, record: LabProject) -> None:
    """Write `record` over the stored one, or create it (a record without id gets one)."""
    new = not record.id
    if new:
        record.id = new_uuid()
    PROJECTS.save(session, record, new=new)
    session.flush()


def save_items(session: Session, records: list[LabItem]) -> None:
    """Write each item over the stored one, or create it (an item without id gets one)."""
    for record in records:
        new = not record.id
        if new:
            record.id = new_uuid()
        ITEMS.save(session, record, new=new)
    session.flush()


def delete_item(session: Session, item_id: str) -> None:
    """Delete for good, leaving a tombstone so the deletion can travel."""
    ITEMS.tombstone(session, item_id)


def delete_project(session: Session, lab_id: str) -> bool:
    """Delete the project and its items for good, leaving their tombstones."""
    if project(session, lab_id) is None:
        return False
    for record in items_of(session, lab_id):
        ITEMS.tombstone(session, record.id)
    PROJECTS.tombstone(session, lab_id)
    return True


def imported_templates(session: Session) -> list[LabTemplate]:
    """The templates imported from files (an unreadable one, written by a newer version, is left out)."""
    found = []
    for row in session.scalars(select(LabTemplateRow).order_by(LabTemplateRow.title)):
        try:
            found.append(from_dict(LabTemplate, json.loads(row.data)))
        except (DecodeError, ValueError):
            continue
    return found


def save_template(session: Session, template: LabTemplate, source_name: str) -> None:
    """Keep `template` (over an earlier version of the same id)."""
    row = session.get(LabTemplateRow, template.id) or LabTemplateRow(id=template.id)
    row.revision, row.title, row.source_name = template.revision, template.title, source_name
    row.data = json.dumps(to_dict(template), ensure_ascii=False, separators=(",", ":"))
    session.add(row)
    session.flush()
