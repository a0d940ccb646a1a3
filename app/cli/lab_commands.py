"""`essaim lab …`: the lab-setup checklists (workspace 4) from the command line."""

from __future__ import annotations

import argparse
import json
from datetime import date
from pathlib import Path

from app.domain.codec import to_dict
from app.domain.formats import format_date, format_decimal, shorten
from app.domain.lab import ItemStatus, alerts
from app.domain.lab_sections import progress_text
from app.domain.lab_template import LabAnswers, LabModel, LabPath
from app.services import labs
from app.services.errors import NotFoundError
from app.storage.store import Store

STATUS_MARKS: dict[str, str] = {ItemStatus.A_FAIRE: "[ ]", ItemStatus.EN_COURS: "[~]", ItemStatus.FAIT: "[x]",
                                ItemStatus.SANS_OBJET: "[-]"}


def resolve_lab_id(store: Store, given: str) -> str:
    """A full id, or a prefix that names exactly one lab project."""
    matches = [project.id for project in labs.projects(store) if project.id.startswith(given.strip().lower())]
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise NotFoundError(f"Aucun projet de lab ne commence par « {shorten(given)} ».")
    raise NotFoundError(f"« {shorten(given)} » désigne {len(matches)} projets de lab : donnez plus de caractères.")


def lab_templates(args: argparse.Namespace, store: Store) -> int:
    for template in labs.templates(store):
        count = len(template.items())
        print(f"{template.id}  {template.title} (version {template.revision}, {len(template.phases)} phases, "
              f"{count} éléments)")
    return 0


def lab_list(args: argparse.Namespace, store: Store) -> int:
    for project, tally in labs.overview(store):
        structure = f" — {project.structure_name}" if project.structure_name else ""
        print(f"{project.id[:8]}  {shorten(project.name, 60)}{structure} : {progress_text(tally)}")
    return 0


def lab_start(args: argparse.Namespace, store: Store) -> int:
    answers = LabAnswers(args.model, args.path, args.population)
    view = labs.start(store, args.name, args.structure or "", answers, args.template)
    left_out = sum(item.status == ItemStatus.SANS_OBJET for item in view.items)
    print(f"Projet de lab créé : {view.project.id} « {view.project.name} », {len(view.items)} éléments dont "
          f"{left_out} sans objet pour ces réponses.")
    return 0


def lab_show(args: argparse.Namespace, store: Store) -> int:
    view = labs.load(store, resolve_lab_id(store, args.lab_id))
    if args.json:
        print(json.dumps({"project": to_dict(view.project), "progress": to_dict(view.tally),
                          "phases": [to_dict(phase) for phase in view.phases],
                          "items": [to_dict(item) for item in view.items]}, ensure_ascii=False, indent=2))
        return 0
    project = view.project
    print(project.name)
    population = f", {format_decimal(project.population)} habitants" if project.population is not None else ""
    print(f"{LabPath.label_of(project.path)} — {LabModel.label_of(project.model)}{population}")
    print(f"Modèle : {project.template_title} (version {project.template_revision})")
    print(f"Avancement : {progress_text(view.tally)}")
    today = date.today()
    for phase in view.phases:
        print(f"\nPhase {phase.number}. {phase.title} — {phase.tally.done}/{phase.tally.applicable}")
        for item in (item for item in view.items if item.phase_id == phase.phase_id):
            details = [text for text in (item.owner, item.due_on and f"échéance {format_date(item.due_on)}") if text]
            details += [alert.upper() if alert == "en retard" else alert for alert in alerts(item, view.items, today)]
            if item.removed_from_template:
                details.append("retiré du modèle")
            shown = f" ({' ; '.join(details)})" if details else ""
            print(f"  {STATUS_MARKS.get(item.status, '[?]')} {item.number} {item.title}{shown}")
            if item.status == ItemStatus.SANS_OBJET and item.not_applicable_reason:
                print(f"        {item.not_applicable_reason}")
    return 0


def lab_export(args: argparse.Namespace, store: Store) -> int:
    path = labs.export(store, resolve_lab_id(store, args.lab_id), args.format, Path(args.output))
    print(f"Écrit : {path}")
    return 0


def lab_import_template(args: argparse.Namespace, store: Store) -> int:
    from app.services import lab_templates

    update = lab_templates.preview(store, Path(args.file))
    print(update.summary())
    for item in update.new:
        print(f"  + {item.number} {item.title}")
    for item, what in update.changed:
        print(f"  ~ {item.number} {item.title} ({', '.join(what)})")
    for item in update.removed:
        print(f"  − {item.number} {item.title}")
    for effect in update.projects:
        print(f"  Projet « {effect.name} » : {effect.added} ajouté(s), {effect.kept_removed} gardé(s) comme « retiré "
              f"du modèle » (avec des données), {effect.dropped} supprimé(s) (jamais renseignés)")
    if update.same:
        return 0
    if args.dry_run:
        print("Essai à blanc : rien n'a été changé.")
        return 0
    count = lab_templates.apply(store, update)
    print(f"Modèle enregistré ; {count} projet(s) mis à jour.")
    return 0
