"""A fiche's shortlist of funding: add a scheme, follow the application, keep its files, feed the grid with what was
obtained."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from app.domain.economics import Block, GridLine
from app.domain.fiche import Attachment
from app.domain.schemes import next_deadline
from app.domain.shortlist import ApplicationStatus, ShortlistEntry, validate_entry
from app.errors import UserError
from app.services import fiches, grid
from app.services.attachments import import_file
from app.services.errors import NotFoundError, ValidationError
from app.services.funding import load_scheme
from app.storage import shortlist_repository as repo
from app.storage.store import Store

SECURED = frozenset({ApplicationStatus.OBTENU, ApplicationStatus.VERSE})
GONE = "Cette demande de financement n'existe plus."


def entries(store: Store, fiche_id: str) -> list[ShortlistEntry]:
    with store.read() as session:
        return repo.of_fiche(session, fiche_id)


def add(store: Store, fiche_id: str, scheme_id: str, today: date | None = None) -> ShortlistEntry:
    """Put a scheme of the catalogue on the fiche's shortlist, « repéré », aiming at its next deadline."""
    fiches.load(store, fiche_id)
    scheme = load_scheme(store, scheme_id)
    with store.transaction() as session:
        if any(entry.scheme_id == scheme_id for entry in repo.of_fiche(session, fiche_id)):
            raise UserError(f"« {scheme.name} » est déjà dans la liste des financements de cette fiche.")
        entry = ShortlistEntry(fiche_id=fiche_id, scheme_id=scheme_id, scheme_name=scheme.name,
                               target_deadline=next_deadline(scheme, today or date.today()))
        repo.save(session, entry)
    return entry


def save(store: Store, entry: ShortlistEntry) -> ShortlistEntry:
    _check(entry)
    with store.transaction() as session:
        if entry.id and repo.get(session, entry.id) is None:
            raise NotFoundError(GONE)
        repo.save(session, entry)
    return entry


def set_attachments(store: Store, entry_id: str, attachments: list[Attachment]) -> ShortlistEntry:
    """The application's attachments become `attachments` (files already in the store, see `import_file`); the
    rest of the stored application is left as it is. One transaction."""
    with store.transaction() as session:
        entry = _stored(session, entry_id)
        entry.attachments = list(attachments)
        _check(entry)
        repo.save(session, entry)
    return entry


def attach_files(store: Store, entry_id: str, paths: list[Path]) -> tuple[ShortlistEntry, list[Attachment]]:
    """Copy the files into the store and add them to the application, in one transaction: the entry and what was
    added. A file that cannot be added (unreadable, over 50 Mo) adds none, said in French."""
    with store.read() as session:
        _stored(session, entry_id)
    added = [import_file(store.data_dir, path) for path in paths]
    with store.transaction() as session:
        entry = _stored(session, entry_id)
        entry.attachments += added
        _check(entry)
        repo.save(session, entry)
    return entry, added


def detach(store: Store, entry_id: str, which: str) -> tuple[ShortlistEntry, Attachment]:
    """Remove from the application the attachment named `which` (its file name, or the start of its SHA-256); its
    file stays in the store while anything else refers to it. One transaction."""
    with store.transaction() as session:
        entry = _stored(session, entry_id)
        wanted = which.strip()
        matching = [item for item in entry.attachments if item.file_name == wanted] or \
                   [item for item in entry.attachments if len(wanted) >= 6 and item.sha256.startswith(wanted.lower())]
        if len(matching) != 1:
            raise UserError(f"« {wanted} » ne désigne pas une pièce jointe de « {entry.scheme_name} » "
                            f"({'plusieurs la portent' if matching else 'aucune ne porte ce nom'}).")
        entry.attachments.remove(matching[0])
        repo.save(session, entry)
    return entry, matching[0]


def remove(store: Store, entry_id: str) -> None:
    with store.transaction() as session:
        if not repo.delete(session, entry_id):
            raise NotFoundError(GONE)


def _check(entry: ShortlistEntry) -> None:
    problems = validate_entry(entry)
    if problems:
        raise ValidationError(problems, "La demande de financement")


def _stored(session: Session, entry_id: str) -> ShortlistEntry:
    entry = repo.load(session, entry_id)
    if entry is None:
        raise NotFoundError(GONE)
    return entry


def to_grid(store: Store, entry: ShortlistEntry, scenario_name: str | None = None) -> GridLine:
    """Add the amount obtained to a scenario of the fiche's grid as a funding line linked to the scheme (not secured
    while the application is not « obtenu » or « versé »)."""
    if entry.amount_obtained is None:
        raise UserError(f"Indiquez d'abord le montant obtenu de « {entry.scheme_name} ».")
    scenario = grid.find(store, entry.fiche_id, scenario_name)
    line = GridLine(Block.FINANCEMENTS.value, entry.scheme_name, amount=entry.amount_obtained,
                    funding_ref=entry.scheme_id, uncertain=entry.status not in SECURED)
    scenario.lines.append(line)
    grid.save(store, scenario)
    return line
