"""Errors the services raise for the user; `str(error)` is French."""

from __future__ import annotations

from app.domain.fiche import FieldError
from app.storage.errors import StoreError


class ValidationError(StoreError):
    """A record its own validation refuses; `what` names it (« La fiche », « Le scénario »), and its article
    gives the agreement."""

    def __init__(self, errors: list[FieldError], what: str = "La fiche") -> None:
        self.errors = errors
        stored = "enregistrée" if what.startswith("La ") else "enregistré"
        super().__init__(f"{what} n'est pas {stored} : " + " ".join(error.message for error in errors))


class NotFoundError(StoreError):
    pass

