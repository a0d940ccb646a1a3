"""The dossier's cover names the territory as a reader knows it: the commune, the INSEE code only beside it."""

from __future__ import annotations

from datetime import date

import pytest

from app.domain.dossier import fiche_cover
from app.domain.fiche import FicheData


def territory(**place: str) -> str:
    facts = {fact.label: fact.value for fact in fiche_cover(FicheData(title="T", **place), date(2026, 11, 21)).facts}
    return facts.get("Territoire", "")


@pytest.mark.parametrize(("place", "expected"), [
    ({"commune": "Forges-les-Eaux", "insee_code": "76276", "departement": "Seine-Maritime", "region": "Normandie"},
     "Forges-les-Eaux (INSEE 76276), Seine-Maritime, Normandie"),
    ({"commune": "Denain", "departement": "Nord", "region": "Hauts-de-France"}, "Denain, Nord, Hauts-de-France"),
    ({"insee_code": "78440", "departement": "Yvelines", "region": "Île-de-France"},
     "Yvelines, Île-de-France (commune INSEE 78440)"),
    ({"insee_code": "2A004"}, "Commune INSEE 2A004"),
    ({}, ""),
])
def test_the_cover_territory_gives_the_commune_with_its_insee_code_as_a_complement(place: dict[str, str],
                                                                                  expected: str) -> None:
    assert territory(**place) == expected
