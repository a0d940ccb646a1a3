"""The shipped territories answer what a user checks: Grenoble is in its métropole, Isère and
Auvergne-Rhône-Alpes; an EPCI over two départements is covered by neither, only by its région or France;
overseas communes are in France but not in a metropolitan région; what is typed resolves or is refused in
French. Containment is computed on sets of communes, never on a tree."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.domain.territories import (
    RESOURCE,
    Territory,
    TerritoryCodeError,
    TerritoryIndex,
    fold,
    load_territories,
    parse_territory_code,
)
from app.locations import resources_dir

GRENOBLE = "C38185"
GRENOBLE_ALPES_METROPOLE = "E200040715"
VIENNE_CONDRIEU = "E200077014"  # CA Vienne Condrieu: Isère and Rhône, both in Auvergne-Rhône-Alpes
GRAND_AVIGNON = "E248400251"  # CA du Grand Avignon: Gard (Occitanie) and Vaucluse (Provence-Alpes-Côte d'Azur)
ISLANDS_OUTSIDE_ANY_EPCI = {"22016", "29083", "29155", "85113"}  # Bréhat, Sein, Ouessant, Yeu


@pytest.fixture(scope="module")
def index() -> TerritoryIndex:
    return load_territories()


def codes(territories: list[Territory]) -> list[str]:
    return [t.code for t in territories]


def test_the_counts_are_those_of_france(index: TerritoryIndex) -> None:
    assert len(index.of_kind("pays")) == 1
    assert len(index.of_kind("region")) == 18  # 13 metropolitan, 5 overseas
    assert len(index.of_kind("departement")) == 101
    assert 1200 <= len(index.of_kind("epci")) <= 1300
    assert 34_500 <= len(index.of_kind("commune")) <= 35_100
    assert index.vintage == "2026"
    assert index.source == "@etalab/decoupage-administratif@6.0.0"


def test_the_source_says_where_the_data_comes_from_and_its_licence(index: TerritoryIndex) -> None:
    source = (resources_dir() / RESOURCE).with_name("SOURCE.md").read_text(encoding="utf-8")
    assert index.source.rpartition("@")[2] in source
    assert "Licence Ouverte" in source
    assert "python scripts/build_territories.py" in source


def test_grenoble_is_in_its_metropole_isere_and_auvergne_rhone_alpes(index: TerritoryIndex) -> None:
    grenoble = index.get(GRENOBLE)
    assert grenoble is not None
    assert (grenoble.name, grenoble.kind, grenoble.official_code) == ("Grenoble", "commune", "38185")
    assert (grenoble.departement, grenoble.region, grenoble.epci) == ("D38", "R84", GRENOBLE_ALPES_METROPOLE)
    assert grenoble.population is not None and grenoble.population > 100_000
    assert codes(index.containing(GRENOBLE)) == ["FR", "R84", "D38", GRENOBLE_ALPES_METROPOLE, GRENOBLE]
    assert [t.name for t in index.containing(GRENOBLE)][:4] == [
        "France", "Auvergne-Rhône-Alpes", "Isère", "Grenoble-Alpes-Métropole"]
    assert codes(index.epcis_of_commune(GRENOBLE)) == [GRENOBLE_ALPES_METROPOLE]
    assert index.communes_of(GRENOBLE) == {"38185"}
    assert "38185" in index.communes_of(GRENOBLE_ALPES_METROPOLE)
    metropole = index.get(GRENOBLE_ALPES_METROPOLE)
    assert metropole is not None and metropole.nature == "METRO"
    for area in ("FR", "R84", "D38", GRENOBLE_ALPES_METROPOLE, GRENOBLE):
        assert index.covers(area, GRENOBLE)
    assert index.covers("D38", GRENOBLE_ALPES_METROPOLE)
    assert not index.covers("D73", GRENOBLE) and not index.overlaps("D73", GRENOBLE)
    assert not index.covers(GRENOBLE, "D38") and index.overlaps(GRENOBLE, "D38")


def test_an_epci_over_two_departements_is_covered_by_neither(index: TerritoryIndex) -> None:
    # Found in the data rather than trusted: every EPCI lying in exactly two départements of one région.
    spanning = [epci for epci in index.of_kind("epci")
                if len(index.departements_of(epci.code)) == 2 and len(index.regions_of(epci.code)) == 1]
    assert VIENNE_CONDRIEU in codes(spanning)
    for epci in [index.get(VIENNE_CONDRIEU), spanning[0]]:
        assert epci is not None
        first, second = index.departements_of(epci.code)
        for departement in (first, second):
            assert not index.covers(departement.code, epci.code)
            assert index.overlaps(departement.code, epci.code)
            assert index.overlaps(epci.code, departement.code)
        assert index.communes_of(epci.code) <= index.communes_of(first.code) | index.communes_of(second.code)
        (region,) = index.regions_of(epci.code)
        assert index.covers(region.code, epci.code) and index.covers("FR", epci.code)
        assert codes(index.containing(epci.code)) == ["FR", region.code, epci.code]
    assert [d.name for d in index.departements_of(VIENNE_CONDRIEU)] == ["Isère", "Rhône"]


def test_an_epci_over_two_regions_is_covered_by_france_only(index: TerritoryIndex) -> None:
    assert codes(index.departements_of(GRAND_AVIGNON)) == ["D30", "D84"]
    assert codes(index.regions_of(GRAND_AVIGNON)) == ["R76", "R93"]
    assert not index.covers("R76", GRAND_AVIGNON) and not index.covers("R93", GRAND_AVIGNON)
    assert index.overlaps("R76", GRAND_AVIGNON) and index.overlaps("R93", GRAND_AVIGNON)
    assert codes(index.containing(GRAND_AVIGNON)) == ["FR", GRAND_AVIGNON]


def test_an_overseas_commune_is_in_france_but_in_no_metropolitan_region(index: TerritoryIndex) -> None:
    abymes = index.resolve("97101")
    assert (abymes.name, abymes.departement, abymes.region) == ("Les Abymes", "D971", "R01")
    assert index.covers("FR", abymes.code) and index.covers("R01", abymes.code) and index.covers("D971", abymes.code)
    assert not index.covers("R84", abymes.code) and not index.overlaps("R11", abymes.code)
    assert [t.name for t in index.containing(abymes.code)][:3] == ["France", "Guadeloupe", "Guadeloupe"]
    assert {"97101", "97411", "97611"} <= index.communes_of("FR")  # Guadeloupe, La Réunion, Mayotte
    assert codes(index.of_kind("region"))[:5] == ["R01", "R02", "R03", "R04", "R06"]


def test_corsica_has_two_departements_2a_and_2b(index: TerritoryIndex) -> None:
    ajaccio = index.resolve("2a004")
    assert (ajaccio.code, ajaccio.name, ajaccio.departement, ajaccio.region) == ("C2A004", "Ajaccio", "D2A", "R94")
    bastia = index.resolve("2B033")
    assert bastia.name == "Bastia" and bastia.departement == "D2B"
    assert codes(index.departements_of("R94")) == ["D2A", "D2B"]
    assert index.covers("R94", "D2B") and not index.covers("D2A", bastia.code)
    assert index.resolve("20004") == ajaccio  # Ajaccio's code before 1976
    with pytest.raises(TerritoryCodeError, match=r"2A .*2B"):
        index.resolve("20")


def test_sets_of_communes_partition_france(index: TerritoryIndex) -> None:
    everything = index.communes_of("FR")
    by_region = [index.communes_of(r.code) for r in index.of_kind("region")]
    by_departement = [index.communes_of(d.code) for d in index.of_kind("departement")]
    by_epci = [index.communes_of(e.code) for e in index.of_kind("epci")]
    assert sum(map(len, by_region)) == sum(map(len, by_departement)) == len(everything)
    assert frozenset().union(*by_departement) == everything
    assert sum(map(len, by_epci)) == len(everything) - len(ISLANDS_OUTSIDE_ANY_EPCI)
    assert everything - frozenset().union(*by_epci) == ISLANDS_OUTSIDE_ANY_EPCI
    assert index.epcis_of_commune("C29155") == []  # Ouessant
    assert len(index.departements_of("FR")) == 101 and codes(index.containing("FR")) == ["FR"]


def test_paris_lyon_and_marseille_are_single_communes_their_arrondissements_lead_to_them(
        index: TerritoryIndex) -> None:
    assert index.get("C75112") is None  # arrondissements municipaux are not communes
    assert index.resolve("75112").code == "C75056"
    assert index.resolve("69383").name == "Lyon"
    assert index.resolve("13201").name == "Marseille"
    assert codes(index.departements_of("E200054781")) == ["D75", "D91", "D92", "D93", "D94", "D95"]  # Grand Paris


@pytest.mark.parametrize(("typed", "code"), [
    ("38185", "C38185"), ("c38185", "C38185"), ("2a004", "C2A004"), ("2B033", "C2B033"),
    ("200040715", "E200040715"), ("200 040 715", "E200040715"), ("E200040715", "E200040715"),
    ("38", "D38"), ("1", "D01"), ("2A", "D2A"), ("971", "D971"), ("d2b", "D2B"),
    ("R84", "R84"), ("r1", "R01"), ("84", "D84"), ("fr", "FR"), ("France", "FR"),
])
def test_what_a_user_types_reads_as_a_territory_code(typed: str, code: str) -> None:
    assert parse_territory_code(typed) == code


@pytest.mark.parametrize("typed", ["", "  ", "Isère", "3818", "382185", "2C004", "R", "R123", "E12345", "38-185"])
def test_what_is_no_code_is_refused_in_french(typed: str) -> None:
    with pytest.raises(TerritoryCodeError, match=r"code|territoire") as raised:
        parse_territory_code(typed)
    assert "tapez" in str(raised.value)


def test_a_huge_text_is_never_echoed_whole() -> None:
    with pytest.raises(TerritoryCodeError) as raised:
        parse_territory_code("x" * 5000)
    assert len(str(raised.value)) < 400


def test_codes_in_lower_case_are_read_alike(index: TerritoryIndex) -> None:
    assert index.get("d38") == index.get("D38")
    assert index.communes_of("d38") == index.communes_of("D38")
    assert codes(index.departements_of("r94")) == ["D2A", "D2B"]
    assert index.covers("r84", "c38185") and codes(index.containing("c38185"))[-1] == GRENOBLE


def test_typed_codes_resolve_and_unknown_ones_say_so(index: TerritoryIndex) -> None:
    assert index.resolve("200040715").name == "Grenoble-Alpes-Métropole"
    assert index.resolve("38185").name == "Grenoble"
    assert index.resolve("38").name == "Isère"
    assert index.resolve("R84").name == "Auvergne-Rhône-Alpes"
    assert index.resolve("84").name == "Vaucluse"
    assert index.resolve("FR").name == "France"
    for code in ("E123456789", "C99999", "D99", "R99", "X1", ""):
        assert index.get(code) is None
    for typed, message in [("123456789", "Aucun EPCI de SIREN 123456789"), ("99999", "Aucune commune"),
                           ("99", "Aucun département"), ("R99", "Aucune région"),
                           ("97501", "collectivité d'outre-mer"), ("213801855", "code INSEE")]:
        with pytest.raises(TerritoryCodeError, match=message):
            index.resolve(typed)
    with pytest.raises(TerritoryCodeError, match="D99"):
        index.communes_of("D99")
    with pytest.raises(TerritoryCodeError):
        index.covers("FR", "C99999")
    with pytest.raises(TerritoryCodeError, match="commune"):
        index.epcis_of_commune("D38")


def test_search_ignores_accents_and_case_and_ranks_exact_names_first(index: TerritoryIndex) -> None:
    assert fold("Saint-Martin-d'Hères") == "saint martin d heres"
    isere = index.search("Isere")
    assert isere[0].code == "D38"
    assert "C26281" in codes(isere)  # Romans-sur-Isère
    grenoble = codes(index.search("grenoble"))
    assert grenoble[:2] == [GRENOBLE, GRENOBLE_ALPES_METROPOLE]
    assert "C38421" in codes(index.search("saint-martin-d"))  # Saint-Martin-d'Hères
    assert index.search("ST MARTIN D HERES")[0].code == "C38421"
    assert index.search("saint etienne")[0].name == "Saint-Étienne"
    assert index.search("auvergne")[0].code == "R84"
    assert codes(index.search("Grésivaudan", kinds=["epci"])) == ["E200018166"]
    assert all(t.kind == "commune" for t in index.search("saint", kinds=["commune"], limit=50))
    assert len(index.search("saint", limit=7)) == 7
    assert index.search("   ") == [] and index.search("zzzqqq") == []


def test_search_finds_a_typed_code_first(index: TerritoryIndex) -> None:
    assert codes(index.search("38")) == ["D38"]
    assert codes(index.search("2A004")) == ["C2A004"]
    assert codes(index.search("75112"))[0] == "C75056"
    assert index.search("38", kinds=["commune"]) == []


def test_labels_say_the_level_and_the_code(index: TerritoryIndex) -> None:
    labels = [index.resolve(typed).label for typed in ("FR", "R84", "38", "200040715", "38185")]
    assert labels == ["France", "Auvergne-Rhône-Alpes (région 84)", "Isère (38)",
                      "Grenoble-Alpes-Métropole (SIREN 200040715)", "Grenoble (INSEE 38185)"]


def test_lookups_are_cheap_once_loaded(index: TerritoryIndex) -> None:
    assert load_territories() is index
    start = time.perf_counter()
    for _ in range(1000):
        index.covers("R84", VIENNE_CONDRIEU)
        index.overlaps("D38", VIENNE_CONDRIEU)
        index.communes_of("D38")
        index.covers("FR", "R84")
    assert time.perf_counter() - start < 1.0  # about a millisecond in all; a generous bound for slow machines


def test_importing_the_module_reads_no_data() -> None:
    script = ("import app.domain.territories as t; "
              "assert t.load_territories.cache_info().currsize == 0")
    subprocess.run([sys.executable, "-c", script], check=True, cwd=Path(__file__).resolve().parent.parent)
