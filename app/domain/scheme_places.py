"""Where a scheme applies and where a fiche is, in territory codes: the finder's territory filter and the match's
territory criterion compare them on sets of communes (`app.domain.territories`)."""

from __future__ import annotations

from app.domain.fiche import FicheData
from app.domain.schemes import Scheme
from app.domain.territories import AdminLevel, Territory, TerritoryCodeError, TerritoryIndex, fold
from app.domain.vocabulary import StructureType


def areas_of(scheme: Scheme, index: TerritoryIndex) -> list[str]:
    """The scheme's territory codes that the shipped territories know (others are left aside)."""
    return [code for code in scheme.territories if index.get(code) is not None]


def territory_fit(scheme: Scheme, place: str | None, index: TerritoryIndex) -> str:
    """« couvre », « partiel », « hors », or « inconnu » when the scheme's area or the place is not known."""
    areas = areas_of(scheme, index)
    if place is None or not areas:
        return "inconnu"
    if any(index.covers(area, place) for area in areas):
        return "couvre"
    return "partiel" if any(index.overlaps(area, place) for area in areas) else "hors"


def place_of(fiche: FicheData, index: TerritoryIndex) -> str | None:
    """The fiche's territory as a code: its commune (by INSEE code, or by name within its département), the
    intercommunality of that commune for a CIAS or an EPCI, else its département or région by name."""
    commune = None
    if fiche.insee_code.strip():
        try:
            commune = index.resolve(fiche.insee_code).code
        except TerritoryCodeError:
            commune = None
    if commune is None and fiche.commune.strip():
        commune = _named(fiche.commune, "commune", index, fiche.departement)
    if commune is not None:
        if fiche.structure_type in (StructureType.CIAS, StructureType.EPCI):
            epcis = index.epcis_of_commune(commune)
            if len(epcis) == 1:
                return epcis[0].code
        return commune
    return _named(fiche.departement, "departement", index) or _named(fiche.region, "region", index)


def _named(name: str, kind: AdminLevel, index: TerritoryIndex, departement: str = "") -> str | None:
    """The territory of that exact name (accents and case aside), if only one has it; a commune's name is made sure
    by the fiche's département when there are several (there are many « Saint-Martin »)."""
    if not name.strip():
        return None
    found = [t for t in index.search(name, kinds=[kind], limit=50) if fold(t.name) == fold(name)]
    if len(found) > 1 and departement.strip():
        found = [t for t in found if _departement_name(t, index) == fold(departement)] or found
    return found[0].code if len(found) == 1 else None


def _departement_name(commune: Territory, index: TerritoryIndex) -> str:
    departement = index.get(commune.departement)
    return fold(departement.name) if departement is not None else ""


def fiche_place_fields(commune: Territory, index: TerritoryIndex) -> dict[str, str]:
    """The fields of a fiche that say where it is, for a shipped commune: its official name and INSEE code, and its
    département's and région's names as fiches hold them (« Saint-Étienne », « 42218 », « Loire »,
    « Auvergne-Rhône-Alpes »): `place_of` finds the commune again from them."""
    departement = index.get(commune.departement)
    region = index.get(commune.region)
    return {"commune": commune.name, "insee_code": commune.official_code,
            "departement": departement.name if departement is not None else "",
            "region": region.name if region is not None else ""}
