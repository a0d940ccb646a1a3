"""A lab project as printed sections: the action plan (Word, PDF) and the checklist (Excel) the dossier writers draw,
and the part « Lab d'innovation » of the dossiers of the fiches the lab carries.

The plan reads in the order a steering meeting needs it: progress per phase, what is late or blocked, the items
still open by owner and due date, then every phase's items, then the evidence gathered.
"""

from __future__ import annotations

from datetime import date

from app.domain.document import LabelledValue, Paragraph, Section, Table
from app.domain.dossier import Cover, Dossier
from app.domain.formats import format_count, format_date, format_decimal
from app.domain.lab import ItemStatus, LabItem, LabProject, PhaseTally, Tally, alerts, is_late, is_open
from app.domain.lab_template import LabModel, LabPath
from app.domain.vocabulary import QT_TRANSLATE_NOOP

_ = QT_TRANSLATE_NOOP

PLAN_SUBTITLE = _("sections", "Plan d'action du lab d'innovation")
LAB_PART_TITLE = _("sections", "Lab d'innovation")
NO_OWNER = "—"


def lab_dossier(project: LabProject, items: list[LabItem], tally: Tally, phases: list[PhaseTally],
                exported_on: date) -> Dossier:
    """The action plan of `project` as a dossier (cover and sections)."""
    facts = [LabelledValue(label, value) for label, value in (
        ("Structure", project.structure_name),
        ("Choix", LabPath.label_of(project.path)),
        ("Modèle", LabModel.label_of(project.model)),
        ("Habitants", format_decimal(project.population) if project.population is not None else ""),
        ("Modèle de liste", f"{project.template_title} (version {project.template_revision})"),
        ("Avancement", progress_text(tally)),
        ("Date d'export", format_date(exported_on)),
    ) if value]
    return Dossier(Cover(project.name, PLAN_SUBTITLE, facts, exported_on),
                   lab_sections(project, items, tally, phases, exported_on), author=project.structure_name,
                   sheet_title="Plan d'action", lists=[checklist_table(items, exported_on)])


def checklist_table(items: list[LabItem], today: date) -> Table:
    """The whole checklist, one row per item, for a sheet to sort and filter."""
    headers = ["Phase", "N°", "Élément", "État", "Responsable", "Échéance", "Fait le", "Alerte", "Notes",
               "Raison « sans objet »", "Pièces et liens", "Retiré du modèle"]
    rows = [[f"{item.phase_number}. {item.phase_title}", item.number, item.title, ItemStatus.label_of(item.status),
             item.owner, format_date(item.due_on), format_date(item.done_on), " ; ".join(alerts(item, items, today)),
             item.notes, item.not_applicable_reason, "\n".join(_proofs(item)),
             "oui" if item.removed_from_template else ""] for item in items]
    return Table("Liste", headers, rows)


def progress_text(tally: Tally) -> str:
    """« 12 faits sur 70 (17 %), 5 en cours, 13 sans objet »."""
    parts = [f"{format_count(tally.done, 'fait')} sur {format_decimal(tally.applicable)} ({tally.percent} %)"]
    if tally.started:
        parts.append(f"{format_decimal(tally.started)} en cours")
    if tally.not_applicable:
        parts.append(f"{format_decimal(tally.not_applicable)} sans objet")
    return ", ".join(parts)


def lab_sections(project: LabProject, items: list[LabItem], tally: Tally, phases: list[PhaseTally],
                 today: date, level: int = 1) -> list[Section]:
    """The plan's sections; `level` 2 puts them under a section of a fiche's dossier."""
    progress = Section("labo-avancement", "Avancement", level=level)
    progress.value("Projet", project.name if level > 1 else "")
    progress.value("Ensemble", progress_text(tally))
    progress.table("Avancement par phase", ["Phase", "Faits", "Applicables", "En cours", "Sans objet", "%"],
                   [[f"{phase.number}. {phase.title}", format_decimal(phase.tally.done),
                     format_decimal(phase.tally.applicable), format_decimal(phase.tally.started),
                     format_decimal(phase.tally.not_applicable), f"{phase.tally.percent} %"] for phase in phases],
                   (1, 2, 3, 4, 5))
    flagged = [(item, " ; ".join(found)) for item in items
               if not item.removed_from_template and (found := alerts(item, items, today))]
    progress.table("En retard ou bloqués", ["N°", "Élément", "Alerte", "Responsable", "Échéance"],
                   [[item.number, item.title, said, item.owner or NO_OWNER, format_date(item.due_on)]
                    for item, said in flagged])
    sections = [progress]
    plan = Section("labo-plan", "Actions à mener, par responsable et échéance", level=level)
    open_items = sorted((item for item in items if is_open(item) and not item.removed_from_template),
                        key=lambda item: (item.owner.casefold() or "\uffff", item.due_on or date.max, item.position))
    plan.table("Actions à mener", ["Responsable", "Échéance", "N°", "Élément", "État"],
               [[item.owner or NO_OWNER, format_date(item.due_on), item.number, item.title,
                 ItemStatus.label_of(item.status) + (" — en retard" if is_late(item, today) else "")]
                for item in open_items])
    if not open_items:
        plan.items.append(Paragraph("Toutes les actions applicables sont faites."))
    sections.append(plan)
    for phase in phases:
        section = Section(f"labo-{phase.phase_id}", f"Phase {phase.number}. {phase.title}", level=level)
        rows = [[item.number, item.title + (" (retiré du modèle)" if item.removed_from_template else ""),
                 ItemStatus.label_of(item.status), item.owner, format_date(item.due_on), format_date(item.done_on),
                 _notes(item)]
                for item in items if item.phase_id == phase.phase_id]
        section.table(f"Phase {phase.number} — {progress_text(phase.tally)}",
                      ["N°", "Élément", "État", "Responsable", "Échéance", "Fait le", "Notes"], rows)
        sections.append(section)
    evidence = Section("labo-preuves", "Pièces justificatives", level=level)
    evidence.table("Pièces et liens", ["N°", "Élément", "Pièce ou lien"],
                   [[item.number, item.title, proof] for item in items for proof in _proofs(item)])
    if not evidence.items:
        evidence.items.append(Paragraph("Aucune pièce justificative n'est encore jointe."))
    sections.append(evidence)
    return sections


def _notes(item: LabItem) -> str:
    if item.status == ItemStatus.SANS_OBJET and item.not_applicable_reason:
        return item.not_applicable_reason + (f"\n{item.notes}" if item.notes else "")
    return item.notes


def _proofs(item: LabItem) -> list[str]:
    return [*(f"{attachment.label or attachment.file_name} ({attachment.file_name})" if attachment.label
              else attachment.file_name for attachment in item.evidence),
            *(f"{link.title} — {link.url}" if link.title and link.title != link.url else link.url
              for link in item.links)]

