"""A catalogue update's preview in French words: the counts for the dialog's heading, every list for the command
line."""

from __future__ import annotations

from app.domain.formats import format_count, format_date
from app.domain.schemes import SCHEME_FIELD_LABELS
from app.services.catalogue_update import Changed, UpdatePreview


def field_label(name: str) -> str:
    return SCHEME_FIELD_LABELS.get(name, name)


def describe(result: UpdatePreview, shown: int = 10) -> list[str]:
    """The preview in French lines, for the command line (the dialog shows the same lists)."""
    lines = summary(result)
    sections: list[tuple[str, list[str]]] = [
        ("Nouveaux", [incoming.scheme.name for incoming in result.new]),
        ("Modifiés", [_changed_line(change) for change in result.changed]),
        ("Déjà au catalogue sous une autre origine (liés, pas doublés)",
         [f"{duplicate.incoming.scheme.name} → {duplicate.name}" for duplicate in result.duplicates]),
        ("Plus publiés (marqués, jamais supprimés)", [name for _id, name in result.gone]),
        ("Dates limites passées depuis la dernière mise à jour",
         [f"{name} ({format_date(on)})" for name, on in result.passed]),
        ("Refusés", [str(problem) for problem in result.file.problems]),
    ]
    for title, items in sections:
        if items:
            lines.append(f"{title} ({len(items)}) :")
            lines += [f"  {item}" for item in items[:shown]]
            if len(items) > shown:
                lines.append(f"  … et {len(items) - shown} autres")
    return lines


def summary(result: UpdatePreview) -> list[str]:
    """What the file is and how many schemes of each sort it holds."""
    counts = [format_count(len(result.new), "nouveau", "nouveaux"),
              format_count(len(result.changed), "modifié", "modifiés"),
              format_count(len(result.unchanged) + len(result.refreshed), "inchangé", "inchangés")]
    if result.duplicates:
        counts.append(format_count(len(result.duplicates), "déjà au catalogue sous une autre origine",
                                   "déjà au catalogue sous une autre origine"))
    if result.file.problems:
        counts.append(format_count(len(result.file.problems), "refusé", "refusés"))
    lines = [result.file.label, ", ".join(counts) + "."]
    if result.older:
        lines.append(format_count(len(result.older), "enregistrement plus ancien que celui du poste, laissé de côté",
                                  "enregistrements plus anciens que ceux du poste, laissés de côté") + ".")
    if result.deleted_here:
        lines.append(format_count(result.deleted_here, "dispositif supprimé sur ce poste, laissé supprimé",
                                  "dispositifs supprimés sur ce poste, laissés supprimés") + ".")
    return lines


def _changed_line(change: Changed) -> str:
    line = f"{change.incoming.scheme.name} — {', '.join(field_label(name) for name in change.taken) or 'rien'}"
    if change.conflicts:
        line += f" ; vos modifications gardées : {', '.join(field_label(name) for name in change.conflicts)}"
    return line
