"""A new version of a checklist template (or a UDCCAS' own template) imported from a file.

`preview` reads the file and says what it changes: items new, changed (with what) and removed, and for each project
that follows the template how many items it gains, how many removed items it keeps because the user wrote in them
(marked « retiré du modèle »), how many it drops. `apply` does it in one transaction after a backup: every user's
status, owner, dates, notes and evidence stay with their item, matched by the item's id; an item with user data is
never deleted. Importing the same file again changes nothing; an older revision than the one held is refused.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.orm import Session

from app.domain.codec import to_dict
from app.domain.formats import format_count
from app.domain.lab import LabItem, LabProject, copy_from_template, drawn_item, reapplied
from app.domain.lab_template import LabTemplate, TemplateItem
from app.errors import UserError
from app.imports.lab_template_file import read_template_file
from app.services import labs
from app.storage import lab_repository as repo
from app.storage.backup import BackupKind, forget_backup
from app.storage.models import new_uuid
from app.storage.store import Store

ITEM_FIELD_NAMES = {"title": "intitulé", "guidance": "conseils", "number": "numéro", "phase": "phase",
                    "applies": "conditions d'application", "not_applicable_note": "raison « sans objet »",
                    "depends_on": "dépendances", "schemes": "dispositifs liés", "links": "liens",
                    "source": "source", "parent": "élément détaillé", "suggested_owner": "responsable suggéré"}


@dataclass(frozen=True)
class ProjectEffect:
    name: str
    added: int
    kept_removed: int
    """Items the template no longer has that the user wrote in: kept, marked « retiré du modèle »."""
    dropped: int
    """Items the template no longer has that the user never touched: deleted."""


@dataclass
class TemplateUpdate:
    template: LabTemplate
    source_name: str
    held_revision: int | None
    """The revision of the same template on this station (None: a template new here)."""
    new: list[TemplateItem] = field(default_factory=list)
    changed: list[tuple[TemplateItem, list[str]]] = field(default_factory=list)
    """Each changed item with the French names of what changed."""
    removed: list[TemplateItem] = field(default_factory=list)
    projects: list[ProjectEffect] = field(default_factory=list)
    same: bool = False
    """The file holds the template as this station already has it: nothing to do."""

    def summary(self) -> str:
        if self.same:
            return f"« {self.template.title} » est déjà à jour sur ce poste : rien à changer."
        what = "nouveau modèle" if self.held_revision is None else \
            f"version {self.template.revision} (ce poste a la version {self.held_revision})"
        new = format_count(len(self.new), "élément nouveau", "éléments nouveaux")
        return (f"« {self.template.title} », {what} : {new}, "
                f"{format_count(len(self.changed), 'modifié')}, {format_count(len(self.removed), 'retiré')} ; "
                f"{format_count(len(self.projects), 'projet concerné', 'projets concernés')}.")


def preview(store: Store, path: Path) -> TemplateUpdate:
    """What importing the template file `path` would change; nothing is written."""
    incoming = read_template_file(path)
    held = labs.template(store, incoming.id)
    if held is not None and incoming.revision < held.revision:
        raise UserError(f"Ce fichier contient la version {incoming.revision} du modèle « {incoming.title} », plus "
                        f"ancienne que celle de ce poste ({held.revision}) : rien n'a été changé.")
    update = TemplateUpdate(incoming, path.name, held.revision if held is not None else None)
    if held is not None and to_dict(held) == to_dict(incoming):
        update.same = True
        return update
    before = {item.id: (phase.id, item) for phase, item in held.items()} if held is not None else {}
    now = {item.id: (phase.id, item) for phase, item in incoming.items()}
    update.new = [item for key, (_phase, item) in now.items() if key not in before]
    update.removed = [item for key, (_phase, item) in before.items() if key not in now]
    for key, (phase_id, item) in now.items():
        if key in before:
            differences = _differences(before[key], (phase_id, item))
            if differences:
                update.changed.append((item, differences))
    with store.read() as session:
        following = [project for project in repo.projects(session) if project.template_id == incoming.id]
        items = repo.items_of_projects(session, [project.id for project in following])
    for project in following:
        present = {record.item_id for record in items[project.id]}
        gone = [record for record in items[project.id]
                if record.item_id not in now and not record.removed_from_template]
        kept = sum(record.has_user_data() for record in gone)
        update.projects.append(ProjectEffect(project.name, len(now.keys() - present), kept, len(gone) - kept))
    return update


def _differences(before: tuple[str, TemplateItem], now: tuple[str, TemplateItem]) -> list[str]:
    old, new = to_dict(before[1]), to_dict(now[1])
    names = [ITEM_FIELD_NAMES.get(name, name) for name in new if name != "id" and old.get(name) != new[name]]
    if before[0] != now[0]:
        names.insert(0, ITEM_FIELD_NAMES["phase"])
    return names


def apply(store: Store, update: TemplateUpdate) -> int:
    """Keep the template and bring every project that follows it up to date, in one transaction after a backup;
    the number of projects brought up to date."""
    if update.same:
        return 0
    held = labs.template(store, update.template.id)
    if (held.revision if held is not None else None) != update.held_revision:
        raise UserError("Le modèle a changé sur ce poste depuis l'aperçu : rien n'a été changé. Relancez l'import.")
    backup = store.backup(BackupKind.IMPORT)
    try:
        with store.transaction() as session:
            repo.save_template(session, update.template, update.source_name)
            following = [project for project in repo.projects(session) if project.template_id == update.template.id]
            for project in following:
                _follow(session, project, repo.items_of(session, project.id), update.template)
    except BaseException:
        forget_backup(backup)
        raise
    return len(following)


def _follow(session: Session, project: LabProject, records: list[LabItem], template: LabTemplate) -> None:
    """The project's items redrawn from the new template, the user's data kept with each (see the module)."""
    by_item = {record.item_id: record for record in records}
    written: list[LabItem] = []
    for position, (phase, item) in enumerate(template.items()):
        record = by_item.pop(item.id, None)
        if record is None:
            written.append(drawn_item(project.id, new_uuid(), position, phase, item, project.answers))
            continue
        copy_from_template(record, position, phase, item)
        record.removed_from_template = False
        reapplied(record, item, project.answers)
        written.append(record)
    for record in by_item.values():
        if record.has_user_data():
            record.removed_from_template = True
            written.append(record)
        else:
            repo.delete_item(session, record.id)
    repo.save_items(session, written)
    project.template_revision, project.template_title = template.revision, template.title
    repo.save_project(session, project)
