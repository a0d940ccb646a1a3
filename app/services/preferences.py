"""User preferences, kept as a JSON file in the user's configuration folder (not in the store,
since one of them says where the store is)."""

from __future__ import annotations

import json
import logging
import os
from dataclasses import asdict, dataclass, field, fields
from decimal import Decimal, InvalidOperation
from pathlib import Path

from app.errors import UserError
from app.locations import config_dir

log = logging.getLogger(__name__)

PREFERENCES_FILE = "preferences.json"
DEFAULT_BACKUP_KEEP = 10
DEFAULT_DAILY_COSTS = {
    "Directeur ou directrice": "450",
    "Chef de projet": "350",
    "Travailleur social": "260",
    "Conseiller ou conseillère en économie sociale et familiale": "260",
    "Agent administratif": "200",
    "Agent d'accueil": "190",
}
"""Illustrative loaded daily costs of a local authority's staff; each user sets theirs in the preferences."""


@dataclass
class Preferences:
    data_dir: str = ""
    backup_keep: int = DEFAULT_BACKUP_KEEP
    default_author: str = ""
    default_structure: str = ""
    window_geometry: str = ""
    window_state: str = ""
    last_workspace: str = ""
    recent_items: list[str] = field(default_factory=list)
    export_dir: str = ""
    """The folder where the last dossier was exported."""
    daily_costs: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_DAILY_COSTS))
    """Default daily cost (euros, as text) by role, pre-filling new lines of the economic grid."""

    def validate(self) -> list[str]:
        """French messages for every invalid value; empty when all is well."""
        problems = []
        if not 1 <= self.backup_keep <= 365:
            problems.append("Le nombre de sauvegardes conservées doit être compris entre 1 et 365.")
        for role, cost in self.daily_costs.items():
            try:
                valid = Decimal(cost.replace(",", ".")) >= 0 and bool(role.strip())
            except (InvalidOperation, AttributeError):
                valid = False
            if not valid:
                problems.append(f"Coût journalier invalide pour « {role} » : {cost}.")
        if self.data_dir and not Path(self.data_dir).expanduser().is_absolute():
            problems.append("Le dossier de données doit être un chemin complet.")
        return problems


class InvalidPreferences(UserError, ValueError):
    """Preferences that cannot be saved; the message says which and why."""


def preferences_path() -> Path:
    return config_dir() / PREFERENCES_FILE


def load_preferences(path: Path | None = None) -> Preferences:
    """The saved preferences; defaults for what is missing, unreadable or of the wrong type."""
    path = path or preferences_path()
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Preferences()
    except (OSError, ValueError):
        log.warning("preferences file %s unreadable; defaults used", path)
        return Preferences()
    prefs = Preferences()
    if not isinstance(raw, dict):
        return prefs
    for spec in fields(Preferences):
        value = raw.get(spec.name)
        default = getattr(prefs, spec.name)
        if value is not None and isinstance(value, type(default)):
            setattr(prefs, spec.name, value)
    return prefs


def save_preferences(prefs: Preferences, path: Path | None = None) -> None:
    """Write atomically: a crash leaves either the old file or the new one."""
    problems = prefs.validate()
    if problems:
        raise InvalidPreferences(" ".join(problems))
    path = path or preferences_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".tmp")
    partial.write_text(json.dumps(asdict(prefs), ensure_ascii=False, indent=2), encoding="utf-8")
    os.replace(partial, path)
