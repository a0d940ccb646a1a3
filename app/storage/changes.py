"""What a transaction changed, as the views need to know it.

Every model names the `Change` its rows belong to (`change` class attribute; a child row belongs to its
parent's). The session hooks in `app.storage.session` collect them from every flush and every ORM
statement, and the store keeps those of committed transactions until someone takes them
(`Store.take_changes`): callers never declare what they changed.
"""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

CHANGES_KEY = "changes"
"""`session.info` key of the set of changes made in the current transaction."""


class Change(Enum):
    FICHE = "fiche"
    SCENARIO = "scenario"
    SCHEME = "scheme"
    """The funding catalogue (workspace 3)."""
    SHORTLIST = "shortlist"
    """The fiches' shortlists of funding."""
    LAB = "lab"
    """Lab projects, their checklists and the templates they follow (workspace 4)."""
    EXCHANGE = "exchange"
    """Correspondents, agreed versions, this station's name, the last import."""
    HISTORY = "history"
    """Versions kept aside by imports."""
    STORE = "store"
    """The whole store was replaced (a backup restored, an import undone)."""
    RECEIVED = "received"
    """Records were replaced from outside the editors (an import, a version brought back): an editor showing
    one of them reloads it."""


def change_of(model: type) -> Change | None:
    """The change a row of `model` belongs to; None for derived or unknown tables."""
    change = getattr(model, "change", None)
    return change if isinstance(change, Change) else None


def note_change(session: Session, change: Change) -> None:
    """Record a change the hooks cannot see (RECEIVED: the content came from outside)."""
    session.info.setdefault(CHANGES_KEY, set()).add(change)
