"""The deadlines to come (and those just passed) of the schemes one may still apply to, for the deadlines view,
`essaim funding deadlines` and the calendar export."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from app.domain.formats import format_count
from app.domain.schemes import Scheme
from app.domain.vocabulary import SchemeStatus

PASSED_SHOWN = timedelta(days=30)
"""A deadline passed less than this long ago is still shown, as passed."""


@dataclass(frozen=True)
class DeadlineEntry:
    scheme: Scheme
    on: date
    label: str
    days_left: int
    """Negative once passed."""

    @property
    def passed(self) -> bool:
        return self.days_left < 0

    @property
    def when(self) -> str:
        """« dans 12 jours », « aujourd'hui », « passée depuis 3 jours »."""
        if self.passed:
            return f"passée depuis {format_count(-self.days_left, 'jour')}"
        return "aujourd'hui" if self.days_left == 0 else f"dans {format_count(self.days_left, 'jour')}"

    @property
    def uid(self) -> str:
        """The same for this deadline of this scheme on every export: a calendar updates it rather than doubling it."""
        return f"{self.scheme.id}-{self.on.isoformat()}@essaim"


def deadlines_within(schemes: list[Scheme], today: date, days: int) -> list[DeadlineEntry]:
    """Every dated deadline of a scheme not closed nor discontinued, from `PASSED_SHOWN` ago to `days` ahead,
    nearest first."""
    first, last = today - PASSED_SHOWN, today + timedelta(days=days)
    entries = [DeadlineEntry(scheme, deadline.on, deadline.label, (deadline.on - today).days)
               for scheme in schemes if scheme.status == SchemeStatus.OUVERT
               for deadline in scheme.deadlines if deadline.on is not None and first <= deadline.on <= last]
    return sorted(entries, key=lambda entry: (entry.on, entry.scheme.name.casefold()))
