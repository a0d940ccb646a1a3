"""Counts and messages agree in number and gender, and « … » never breaks from its text."""

from __future__ import annotations

from app.domain.fiche import FieldError
from app.domain.formats import format_count
from app.services.errors import ValidationError
from app.services.exchange import status_summary


def test_counts_agree_with_their_number() -> None:
    assert format_count(0, "fiche") == "0 fiche"
    assert format_count(1, "fiche") == "1 fiche"
    assert format_count(2, "fiche") == "2 fiches"
    assert format_count(5, "nouveau", "nouveaux") == "5 nouveaux"
    assert format_count(12_000, "fiche") == "12\u202f000 fiches"


def test_an_import_summary_agrees() -> None:
    text = status_summary({"new": 5, "updated": 1, "unchanged": 2, "deleted": 0, "conflict": 3})
    assert text == "5 nouveaux · 1 modifié · 2 inchangés · 0 supprimé · 3 en conflit"


def test_a_refused_record_is_named_with_its_gender() -> None:
    errors = [FieldError("title", "Le titre est obligatoire.")]
    assert str(ValidationError(errors)).startswith("La fiche n'est pas enregistrée : ")
    assert str(ValidationError(errors, "Le scénario")).startswith("Le scénario n'est pas enregistré : ")
