"""What every catalogue reader says when a scheme it read breaks a rule of `validate_scheme`."""

from __future__ import annotations

from app.domain.fiche import FieldError
from app.domain.schemes import SCHEME_FIELD_LABELS


def rule_message(error: FieldError) -> str:
    """The message as it reads after « ligne 4, colonne Nom : »: without the field's name that the place already
    gives, its first letter lowered unless it opens an acronym (« Le montant… » → « le montant… »)."""
    sentence = error.message.removeprefix(f"{SCHEME_FIELD_LABELS.get(error.field, error.field)} : ")
    return sentence[0].lower() + sentence[1:] if sentence[1:2].islower() else sentence
