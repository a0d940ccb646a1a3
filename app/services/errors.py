"""Errors the services raise for the user; `str(error)` is French."""

from __future__ import annotations

from app.domain.fiche import FieldError
from app.storage.errors import StoreError


class ValidationError(StoreError):
    def __init__(self, errors: list[FieldError], what: str = "La fiche") -> None:
        self.errors = errors
        super().__init__(f"{what} n'est pas enregistré(e) : " + " ".join(error.message for error in errors))


class NotFoundError(StoreError):
    pass

