"""Dossier file names cut long titles where a reader would: at a phrase or a word, with nothing dangling."""

from __future__ import annotations

import pytest

from app.exports.dossier_files import safe_file_name

MENE = "Autosuffisance 2025 : l'énergie renouvelable comme projet de territoire au Mené"


@pytest.mark.parametrize(("title", "limit", "expected"), [
    (MENE, 80, "Autosuffisance 2025 - l'énergie renouvelable comme projet de territoire au Mené"),
    (MENE, 70, "Autosuffisance 2025 - l'énergie renouvelable comme projet"),
    (MENE, 30, "Autosuffisance 2025"),
    ("Garage solidaire du Hainaut : réparer et vendre des véhicules à bas coût pour l'emploi", 80,
     "Garage solidaire du Hainaut - réparer et vendre des véhicules à bas coût"),
    ("Loos-en-Gohelle, ville pilote du développement durable et programme « fifty-fifty » renouvelé", 80,
     "Loos-en-Gohelle, ville pilote du développement durable et programme"),
    ("Une initiative au long cours (accompagnement des porteurs et ingénierie territoriale partagée)", 80,
     "Une initiative au long cours"),
])
def test_long_titles_are_cut_into_readable_names(title: str, limit: int, expected: str) -> None:
    assert safe_file_name(title, limit) == expected


@pytest.mark.parametrize("title", [
    MENE, "Titre : " + "mot, " * 30, "Titre - " * 20, "Accueil et hébergement - de l'urgence à l'insertion - " * 3,
    "a" * 200, "Projet " + "x" * 150,
])
def test_a_cut_name_ends_on_a_word(title: str) -> None:
    name = safe_file_name(title)
    assert 0 < len(name) <= 80
    assert name == name.strip() and name[-1] not in "-,;:.(«'’…", name
    assert not name.endswith((" au", " de", " des", " du", " pour", " et", " à", " la", " le", " les")), name
