"""A lone surrogate in a field is refused by validation in French, never by an encoder's exception."""

from __future__ import annotations

import uuid

import pytest

from app.domain.economics import GridLine, Scenario
from app.domain.fiche import Contact, FicheData
from app.services import fiches, grid
from app.services.errors import ValidationError
from app.storage.store import Store


@pytest.mark.parametrize("where", ["title", "summary", "contact", "tag"])
def test_a_fiche_with_a_lone_surrogate_is_refused_and_nothing_is_stored(store: Store, where: str) -> None:
    fiche = FicheData(id=str(uuid.uuid4()), title="Jardin partagé", structure_name="CCAS")
    broken = "Jardin \ud800 partagé"
    if where == "contact":
        fiche.contacts = [Contact(name=broken)]
    elif where == "tag":
        fiche.tags = [broken]
    else:
        setattr(fiche, where, broken)
    with pytest.raises(ValidationError, match="caractère invalide"):
        fiches.save(store, fiche)
    assert fiches.search_ids(store, fiches.FicheQuery()) == []


def test_a_scenario_with_a_lone_surrogate_is_refused(store: Store) -> None:
    fiche = fiches.save(store, FicheData(id=str(uuid.uuid4()), title="Navette", structure_name="CCAS"))
    scenario = Scenario(id=str(uuid.uuid4()), fiche_id=fiche.id, name="Base",
                        lines=[GridLine("montage", "Chef de projet \udfff")])
    with pytest.raises(ValidationError, match="caractère invalide"):
        grid.save(store, scenario)
    assert grid.scenarios(store, fiche.id) == []
