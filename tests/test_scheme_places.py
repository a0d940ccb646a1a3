"""Schemes found from a territory, and a fiche's territory in the match: containment on sets of communes."""

from __future__ import annotations

from datetime import date

import pytest

from app.domain.fiche import FicheData
from app.domain.scheme_finder import SchemeQuery
from app.domain.scheme_places import place_of, territory_fit
from app.domain.schemes import Scheme
from app.domain.territories import TerritoryCodeError, load_territories
from app.services.funding import Finder
from app.storage import scheme_repository
from app.storage.store import Store

TODAY = date(2026, 11, 26)
AREAS = {"Fonds national": ["FR"], "Région Auvergne-Rhône-Alpes": ["R84"], "Département de l'Isère": ["D38"],
         "Département du Rhône": ["D69"], "Ville de Grenoble": ["C38185"], "Guadeloupe": ["D971"],
         "Vienne Condrieu Agglomération": ["E200077014"], "Sans territoire dit": []}


@pytest.fixture
def finder(store: Store) -> Finder:
    with store.transaction() as session:
        for name, territories in AREAS.items():
            scheme_repository.save(session, Scheme(id=f"s-{len(name)}-{name[:6]}", name=name, territories=territories))
    return Finder(store)


def found_from(finder: Finder, territory: str) -> set[str]:
    return {found.scheme.name for found in finder.search(SchemeQuery(territory=territory), TODAY).results}


def test_a_commune_finds_every_level_that_covers_it(finder: Finder) -> None:
    assert found_from(finder, "38185") == {"Fonds national", "Région Auvergne-Rhône-Alpes", "Département de l'Isère",
                                            "Ville de Grenoble"}


def test_an_epci_spanning_two_departements_finds_both(finder: Finder) -> None:
    assert found_from(finder, "200077014") == {"Fonds national", "Région Auvergne-Rhône-Alpes",
                                               "Département de l'Isère", "Département du Rhône",
                                               "Vienne Condrieu Agglomération"}
    assert found_from(finder, "69235") == {"Fonds national", "Région Auvergne-Rhône-Alpes", "Département du Rhône",
                                           "Vienne Condrieu Agglomération"}, "Saint-Romain-en-Gal, Rhône side"


def test_overseas_a_national_scheme_is_found_and_a_metropolitan_region_is_not(finder: Finder) -> None:
    assert found_from(finder, "97101") == {"Fonds national", "Guadeloupe"}
    with pytest.raises(TerritoryCodeError, match="n'est pas un code de territoire"):
        found_from(finder, "Grenoble centre")


def test_a_cias_territory_is_its_intercommunality_and_a_departement_covers_it_in_part() -> None:
    index = load_territories()
    cias = FicheData(title="Portage de repas", structure_name="CIAS de Vienne Condrieu", structure_type="cias",
                     commune="Vienne", departement="Isère")
    place = place_of(cias, index)
    assert place == "E200077014"
    fits = {name: territory_fit(Scheme(name=name, territories=areas), place, index) for name, areas in AREAS.items()}
    assert fits["Département de l'Isère"] == "partiel" and fits["Département du Rhône"] == "partiel"
    assert fits["Région Auvergne-Rhône-Alpes"] == "couvre" and fits["Fonds national"] == "couvre"
    assert fits["Guadeloupe"] == "hors" and fits["Sans territoire dit"] == "inconnu"
    ccas = FicheData(title="Visites", structure_name="CCAS de Grenoble", structure_type="ccas", insee_code="38185")
    assert place_of(ccas, index) == "C38185"
    same_name = FicheData(title="T", structure_name="CCAS", structure_type="ccas", commune="Saint-Martin",
                          departement="")
    assert place_of(same_name, index) is None, "four communes have that name: the fiche must say which"
    same_name.departement = "Gers"
    assert place_of(same_name, index) == "C32389"
