"""What the parts of an exchange share: errors, the identity of a record's content, times as packages write them."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

from app.domain.formats import format_count
from app.storage.errors import StoreError
from app.sync.package_format import PackageError

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


def iso(value: datetime | None) -> str | None:
    return None if value is None else value.astimezone(UTC).isoformat()


def parse_time(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError as error:
        raise PackageError(f"Date illisible dans le paquet : « {text[:40]} ».") from error
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
