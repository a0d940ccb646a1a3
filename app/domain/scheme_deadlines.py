"""The deadlines to come (and those just passed) of the schemes one may still apply to, and the due dates of the lab
projects' open items, for the deadlines view, `essaim funding deadlines` and the calendar export."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from app.domain.formats import format_count
from app.domain.lab import LabItem, LabProject, is_open
from app.domain.schemes import Scheme
from app.domain.vocabulary import SchemeStatus

PASSED_SHOWN = timedelta(days=30)
"""A deadline passed less than this long ago is still shown, as passed."""


@dataclass(frozen=True)
class DeadlineEntry:
    key: str
    """The scheme's or the lab item's id (a scheme on the fiche's list is marked by it)."""
    title: str
    """What is due, as the list shows it: the scheme's name, « Lab de Vif — 1.2 Envisager… »."""
    on: date
    label: str
    days_left: int
    """Negative once passed."""
    uid: str
    """The same for this date on every export: a calendar updates the event rather than doubling it."""
    summary: str
    """The calendar event's title."""
    details: tuple[str, ...] = ()
    url: str = ""

    @property
    def passed(self) -> bool:
        return self.days_left < 0

    @property
    def when(self) -> str:
        """« dans 12 jours », « aujourd'hui », « passée depuis 3 jours »."""
        if self.passed:
            return f"passée depuis {format_count(-self.days_left, 'jour')}"
        return "aujourd'hui" if self.days_left == 0 else f"dans {format_count(self.days_left, 'jour')}"


def deadlines_within(schemes: list[Scheme], today: date, days: int,
                     lab_tasks: Sequence[tuple[LabProject, LabItem]] = ()) -> list[DeadlineEntry]:
    """Every dated deadline of a scheme not closed nor discontinued, and every due date of a lab item still to do,
    from `PASSED_SHOWN` ago to `days` ahead, nearest first."""
    first, last = today - PASSED_SHOWN, today + timedelta(days=days)
    entries = [_scheme_entry(scheme, deadline.on, deadline.label, today)
               for scheme in schemes if scheme.status == SchemeStatus.OUVERT
               for deadline in scheme.deadlines if deadline.on is not None and first <= deadline.on <= last]
    entries += [_lab_entry(project, item, item.due_on, today) for project, item in lab_tasks
                if item.due_on is not None and first <= item.due_on <= last and is_open(item)
                and not item.removed_from_template]
    return sorted(entries, key=lambda entry: (entry.on, entry.title.casefold()))


def _scheme_entry(scheme: Scheme, on: date, label: str, today: date) -> DeadlineEntry:
    what = f" ({label})" if label else ""
    details = (", ".join(scheme.financers), scheme.application_url or scheme.source_url,
               f"Source : {scheme.source_title}" if scheme.source_title else "")
    return DeadlineEntry(scheme.id, scheme.name, on, label, (on - today).days, f"{scheme.id}-{on.isoformat()}@essaim",
                         f"Date limite{what} : {scheme.name}", tuple(detail for detail in details if detail),
                         scheme.application_url)


def _lab_entry(project: LabProject, item: LabItem, on: date, today: date) -> DeadlineEntry:
    """A lab item has one due date: its event keeps its UID when the date moves."""
    details = (f"Responsable : {item.owner}" if item.owner else "", f"Phase {item.phase_number}. {item.phase_title}",
               f"Projet de lab : {project.name}" + (f" ({project.structure_name})" if project.structure_name else ""))
    return DeadlineEntry(item.id, f"{project.name} — {item.number} {item.title}", on, "Échéance du lab",
                         (on - today).days, f"{item.id}@essaim", f"Lab « {project.name} » : {item.number} {item.title}",
                         tuple(detail for detail in details if detail))
