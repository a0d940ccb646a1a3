"""Labo (workspace 4): start a lab project from a checklist template, follow its items, keep their evidence.

Every change is one transaction. The templates a project may follow are the shipped ones
(`resources/checklists/`) and those imported from files (`lab_templates`), an imported one standing for a shipped
one of the same id when its revision is not lower.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from app.domain.fiche import Attachment
from app.domain.lab import (
    EvidenceLink,
    LabItem,
    LabProject,
    PhaseTally,
    Tally,
    drawn_item,
    phase_tallies,
    reapplied,
    settle,
    tally,
    validate_lab,
    validate_lab_item,
)
from app.domain.lab_sections import lab_dossier
from app.domain.lab_template import LabAnswers, LabTemplate
from app.errors import UserError
from app.progress import Progress
from app.services.attachments import import_file
from app.services.errors import NotFoundError, ValidationError
from app.storage import lab_repository as repo
from app.storage.models import new_uuid
from app.storage.store import Store

GONE_PROJECT = "Ce projet de lab n'existe plus."
GONE_ITEM = "Cet élément de la liste n'existe plus."


def templates(store: Store) -> list[LabTemplate]:
    """The templates a new project may follow: shipped ones, replaced by an imported version that is not older."""
    from app.imports.lab_template_file import shipped_templates

    with store.read() as session:
        imported = {template.id: template for template in repo.imported_templates(session)}
    found = []
    for shipped in shipped_templates():
        mine = imported.pop(shipped.id, None)
        found.append(mine if mine is not None and mine.revision >= shipped.revision else shipped)
    return found + sorted(imported.values(), key=lambda template: template.title)


def template(store: Store, template_id: str) -> LabTemplate | None:
    return next((found for found in templates(store) if found.id == template_id), None)


def projects(store: Store) -> list[LabProject]:
    with store.read() as session:
        return repo.projects(session)


@dataclass(frozen=True)
class ProjectView:
    """A project as the workspace shows it: the record, its items, the overall and per-phase tallies."""

    project: LabProject
    items: list[LabItem]
    tally: Tally
    phases: list[PhaseTally]


def load(store: Store, lab_id: str) -> ProjectView:
    with store.read() as session:
        project = _project(session, lab_id)
        items = repo.items_of(session, lab_id)
    return ProjectView(project, items, tally(items), phase_tallies(items))


def overview(store: Store) -> list[tuple[LabProject, Tally]]:
    """Every project with its overall tally (for the list of projects)."""
    with store.read() as session:
        found = repo.projects(session)
        items = repo.items_of_projects(session, [project.id for project in found])
    return [(project, tally(items[project.id])) for project in found]


def tasks(store: Store) -> list[tuple[LabProject, LabItem]]:
    """Every item of every project with its project (for the deadlines view and the calendar)."""
    with store.read() as session:
        found = repo.projects(session)
        items = repo.items_of_projects(session, [project.id for project in found])
    return [(project, item) for project in found for item in items[project.id]]


def start(store: Store, name: str, structure_name: str, answers: LabAnswers, template_id: str,
          started_on: date | None = None, fiche_ids: list[str] | None = None) -> ProjectView:
    """A new project and its checklist drawn from the template for `answers`, in one transaction."""
    chosen = template(store, template_id)
    if chosen is None:
        raise UserError(f"Le modèle de liste « {template_id} » n'est pas installé sur ce poste.")
    project = LabProject(id=new_uuid(), name=name.strip(), structure_name=structure_name.strip(),
                         model=answers.model, path=answers.path, population=answers.population,
                         template_id=chosen.id, template_revision=chosen.revision, template_title=chosen.title,
                         started_on=started_on or date.today(), fiche_ids=list(fiche_ids or []))
    _check_project(project)
    items = [drawn_item(project.id, new_uuid(), position, phase, item, answers)
             for position, (phase, item) in enumerate(chosen.items())]
    with store.transaction() as session:
        repo.save_project(session, project)
        repo.save_items(session, items)
    return load(store, project.id)


def save_project(store: Store, project: LabProject) -> ProjectView:
    """Write the project's own fields; when its answers changed, the items they leave out (or no longer do) follow
    (`reapplied`), in the same transaction."""
    _check_project(project)
    chosen = template(store, project.template_id)
    with store.transaction() as session:
        before = _project(session, project.id)
        repo.save_project(session, project)
        if chosen is not None and before.answers != project.answers:
            changed = []
            for record in repo.items_of(session, project.id):
                item = chosen.item(record.item_id)
                if item is not None and reapplied(record, item, project.answers):
                    changed.append(record)
            repo.save_items(session, changed)
    return load(store, project.id)


def save_item(store: Store, record: LabItem, today: date | None = None) -> LabItem:
    """Write the item as the user left it; « fait » without a date is done today, and a date done is kept only
    while it is done."""
    settle(record, today or date.today())
    _check_item(record)
    with store.transaction() as session:
        _item(session, record.id)
        repo.save_items(session, [record])
    return record


def attach_evidence(store: Store, item_id: str, paths: list[Path]) -> tuple[LabItem, list[Attachment]]:
    """Copy the files into the store and add them to the item's evidence, in one transaction. A file that cannot be
    added (unreadable, over 50 Mo) adds none, said in French."""
    with store.read() as session:
        _item(session, item_id)
    added = [import_file(store.data_dir, path) for path in paths]
    with store.transaction() as session:
        record = _item(session, item_id)
        record.evidence += added
        _check_item(record)
        repo.save_items(session, [record])
    return record, added


def add_link(store: Store, item_id: str, title: str, url: str) -> LabItem:
    with store.transaction() as session:
        record = _item(session, item_id)
        record.links.append(EvidenceLink(title.strip() or url.strip(), url.strip()))
        _check_item(record)
        repo.save_items(session, [record])
    return record


def export(store: Store, lab_id: str, format_key: str, path: Path, today: date | None = None,
           progress: Progress | None = None) -> Path:
    """The project's action plan (Word, PDF) or checklist (Excel) written by the dossier writers."""
    from app.exports.dossier_files import FORMATS, write_dossier_file

    if format_key not in FORMATS:
        raise UserError(f"Format inconnu « {format_key} » : docx, pdf ou xlsx.")
    view = load(store, lab_id)
    dossier = lab_dossier(view.project, view.items, view.tally, view.phases, today or date.today())
    return write_dossier_file(dossier, format_key, path, progress)


def delete(store: Store, lab_id: str) -> None:
    with store.transaction() as session:
        if not repo.delete_project(session, lab_id):
            raise NotFoundError(GONE_PROJECT)


def _project(session: Session, lab_id: str) -> LabProject:
    project = repo.project(session, lab_id)
    if project is None:
        raise NotFoundError(GONE_PROJECT)
    return project


def _item(session: Session, item_id: str) -> LabItem:
    record = repo.item(session, item_id)
    if record is None:
        raise NotFoundError(GONE_ITEM)
    return record


def _check_project(project: LabProject) -> None:
    problems = validate_lab(project)
    if problems:
        raise ValidationError(problems, "Le projet de lab")


def _check_item(record: LabItem) -> None:
    problems = validate_lab_item(record)
    if problems:
        raise ValidationError(problems, "L'élément de la liste")
