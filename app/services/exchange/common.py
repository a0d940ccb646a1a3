"""What the parts of an exchange share: errors, the identity of a record's content, times as packages write them."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from app.domain.formats import format_count, shorten
from app.storage.errors import StoreError
from app.sync.package_format import PackageError

if TYPE_CHECKING:
    from app.storage.models import TravellingRecord
    from app.travelling import TravellingKind

RESOLUTIONS = ("mine", "theirs", "both")
STATUS_LABELS = {"new": "nouveau", "updated": "modifié", "unchanged": "inchangé", "deleted": "supprimé",
                 "conflict": "en conflit"}
STATUS_PLURALS = {"new": "nouveaux", "updated": "modifiés", "unchanged": "inchangés", "deleted": "supprimés",
                  "conflict": "en conflit"}


def status_summary(counts: dict[str, int]) -> str:
    """« 5 nouveaux · 1 modifié · 0 supprimé… », for the import preview and `essaim package inspect`."""
    return " · ".join(format_count(counts.get(status, 0), label, STATUS_PLURALS[status])
                      for status, label in STATUS_LABELS.items())


class ConflictError(StoreError):
    """An import with unresolved conflicts: nothing was applied."""


class NothingToSend(StoreError):
    """The package would hold no record: nothing was written."""


class StalePlan(StoreError):
    """Records changed between the preview of an import and its application: nothing was applied."""


class InvalidName(StoreError):
    """A workstation or correspondent name that cannot be used."""


def record_hash(data: dict[str, Any] | None) -> str:
    """The identity of a record's content (a tombstone has one too)."""
    text = "tombstone" if data is None else json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def given_hash(kind: TravellingKind, stored: TravellingRecord) -> str | None:
    """The hash of a stored record as its origin gave this station (`TravellingKind.as_given`), if it keeps one."""
    given = kind.as_given(stored) if kind.as_given is not None and stored.deleted_at is None else None
    return None if given is None else record_hash(kind.hashed(kind.encode(given)))


def iso(value: datetime | None) -> str | None:
    return None if value is None else value.astimezone(UTC).isoformat()


FIRST_YEAR, LAST_YEAR = 2000, 2100
"""The years a time in a package may fall in (Essaim did not exist before; a later one is a forgery)."""


def time_problem(text: str) -> str:
    """What is wrong with a time of a package, to follow « date » ("" when nothing is): Essaim writes ISO 8601
    with the zone, between `FIRST_YEAR` and `LAST_YEAR`."""
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return f"illisible (« {shorten(text)} »)"
    if parsed.tzinfo is None:
        return f"sans fuseau horaire (« {shorten(text)} »)"
    if not FIRST_YEAR <= parsed.year <= LAST_YEAR:
        return f"hors de la période {FIRST_YEAR}–{LAST_YEAR} (« {shorten(text)} »)"
    return ""


def parse_time(text: str | None) -> datetime | None:
    """A time of a package; None when absent; PackageError (French) when `time_problem` finds something wrong."""
    if not text:
        return None
    problem = time_problem(text)
    if problem:
        raise PackageError(f"Le paquet porte une date {problem} : il est refusé.")
    return datetime.fromisoformat(text)
