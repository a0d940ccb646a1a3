"""A fiche's shortlist of funding: add a scheme, follow the application, feed the grid with what was obtained."""

from __future__ import annotations

from datetime import date

from app.domain.economics import Block, GridLine
from app.domain.schemes import next_deadline
from app.domain.shortlist import ApplicationStatus, ShortlistEntry, validate_entry
from app.errors import UserError
from app.services import fiches, grid
from app.services.errors import NotFoundError, ValidationError
from app.services.funding import load_scheme
from app.storage import shortlist_repository as repo
from app.storage.store import Store

SECURED = frozenset({ApplicationStatus.OBTENU, ApplicationStatus.VERSE})


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
    problems = validate_entry(entry)
    if problems:
        raise ValidationError(problems, "La demande de financement")
    with store.transaction() as session:
        if entry.id and repo.get(session, entry.id) is None:
            raise NotFoundError("Cette demande de financement n'existe plus.")
        repo.save(session, entry)
    return entry


def remove(store: Store, entry_id: str) -> None:
    with store.transaction() as session:
        if not repo.delete(session, entry_id):
            raise NotFoundError("Cette demande de financement n'existe plus.")


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
