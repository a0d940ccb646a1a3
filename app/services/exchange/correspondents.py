"""Correspondents, this station's name, and the outbox « Envoyer par e-mail » fills."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from app.services.errors import NotFoundError
from app.services.exchange.common import InvalidName
from app.storage import exchange_repository as repo
from app.storage.store import Store

NAME_LIMIT = 100


@dataclass(frozen=True)
class Correspondent:
    name: str
    last_sent_at: datetime | None
    last_received_at: datetime | None


def correspondents(store: Store) -> list[Correspondent]:
    with store.read() as session:
        return [Correspondent(p.name, p.last_sent_at, p.last_received_at) for p in repo.peers(session)]


def _clean_name(text: str, what: str) -> str:
    """One line of printable text, spaces collapsed; refused in French when empty or too long."""
    name = " ".join("".join(ch if ch.isprintable() else " " for ch in text).split())
    if not name:
        raise InvalidName(f"{what} ne peut pas être vide.")
    if len(name) > NAME_LIMIT:
        raise InvalidName(f"{what} ne doit pas dépasser {NAME_LIMIT} caractères.")
    return name


def rename_workstation(store: Store, label: str) -> str:
    """Name this station as its correspondents will see it on its packages (« CCAS de Grenoble — accueil »)."""
    name = _clean_name(label, "Le nom de ce poste")
    store.rename_workstation(name)
    return name


def rename_correspondent(store: Store, name: str, new_name: str) -> str:
    """Give a correspondent another name; what was exchanged with it is kept."""
    cleaned = _clean_name(new_name, "Le nom du correspondant")
    with store.transaction() as session:
        if cleaned != name and repo.peer_by_name(session, cleaned) is not None:
            raise InvalidName(f"Un correspondant s'appelle déjà « {cleaned} ».")
        if not repo.rename_peer(session, name, cleaned):
            raise NotFoundError(f"Aucun correspondant ne s'appelle « {name} ».")
    return cleaned


def outbox_dir(data_dir: Path) -> Path:
    """Where « Envoyer par e-mail » leaves packages, for the user to attach them."""
    return data_dir / "envois"
