"""Use cases of the fiche workspace: search, open, save, duplicate, trash, erase personal data."""

from __future__ import annotations

import copy
import uuid

from app.domain.fiche import FicheData, validate
from app.domain.fiche_search import FicheQuery, FicheSummary
from app.domain.text_checks import unreadable_text_errors
from app.services.errors import NotFoundError, ValidationError
from app.storage import fiche_repository as repo
from app.storage.store import Store


def new_fiche(default_structure: str = "") -> FicheData:
    """A fiche not yet in the store, with its identity already chosen."""
    return FicheData(id=str(uuid.uuid4()), title="Nouvelle fiche", structure_name=default_structure)


def search(store: Store, query: FicheQuery) -> list[FicheSummary]:
    with store.read() as session:
        return repo.search(session, query)


def search_ids(store: Store, query: FicheQuery) -> list[str]:
    """The sorted ids of the fiches a query keeps; `summaries` gives their list rows on demand."""
    with store.read() as session:
        return repo.search_ids(session, query)


def summaries(store: Store, ids: list[str], live_only: bool = False) -> dict[str, FicheSummary]:
    with store.read() as session:
        return repo.summaries(session, ids, live_only)


def load(store: Store, fiche_id: str) -> FicheData:
    with store.read() as session:
        data = repo.load(session, fiche_id)
    if data is None:
        raise NotFoundError(f"Aucune fiche n'a l'identifiant {fiche_id}.")
    return data


def save(store: Store, data: FicheData) -> FicheData:
    """Validate then write the fiche in one transaction; nothing is written when it is invalid."""
    errors = validate(data) + unreadable_text_errors(data)
    if errors:
        raise ValidationError(errors)
    data = copy.deepcopy(data)
    with store.transaction() as session:
        repo.save(session, data)
    return data


def duplicate(store: Store, fiche_id: str) -> FicheData:
    original = load(store, fiche_id)
    twin = copy.deepcopy(original)
    twin.id = str(uuid.uuid4())
    twin.title = f"Copie de {original.title}"
    twin.status = "brouillon"
    twin.is_example = False
    return save(store, twin)


def move_to_trash(store: Store, fiche_id: str) -> None:
    with store.transaction() as session:
        if not repo.set_trashed(session, fiche_id, True):
            raise NotFoundError(f"Aucune fiche n'a l'identifiant {fiche_id}.")


def restore_from_trash(store: Store, fiche_id: str) -> None:
    with store.transaction() as session:
        if not repo.set_trashed(session, fiche_id, False):
            raise NotFoundError(f"Aucune fiche n'a l'identifiant {fiche_id}.")


def empty_trash(store: Store) -> int:
    """Delete for good every fiche in the trash; tombstones remain so the deletions can travel."""
    with store.transaction() as session:
        return repo.purge_trash(session)


def erase_personal_data(store: Store, fiche_id: str) -> int:
    """Remove the fiche's contacts; returns how many were erased."""
    data = load(store, fiche_id)
    erased = len(data.contacts)
    if erased:
        data.contacts = []
        with store.transaction() as session:
            repo.save(session, data)
    return erased


def places(store: Store) -> tuple[list[str], list[str]]:
    with store.read() as session:
        return repo.distinct_places(session)
