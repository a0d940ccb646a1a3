"""An Aides-territoires perimeter read as Essaim territory codes, and the level of the scheme it gives.

Aides-territoires gives a perimeter's name and its scale (`perimeter_scale`, since the Symfony version), or, in
older copies, one string holding both: « Drôme (Département) », « Valence (Commune – 26000) » (the postal codes
of the commune), « Communes littorales (Ad-hoc) ». A perimeter becomes territory codes when the shipped
territories hold it under that exact name (accents, case and punctuation aside) and at that level:

- « France » (scale Pays) is `FR`; « Europe » (scale Continent) is `FR` too: an aid open across Europe is open
  everywhere in France;
- « Métropole » is the thirteen régions of metropolitan France, « Outre-mer » the five overseas régions;
- a région, a département or an EPCI by its name; a commune by its INSEE code, or by its name when only one
  commune has it, or when the postal codes of « X (Commune – 26000) » tell its département;
- a name without a scale is looked for among the régions, then the départements.

What cannot be resolved (an ad-hoc area such as « Communes littorales » or a LEADER area, a river basin, a
commune whose name several communes share) is kept in words for `Scheme.territory_note`: its name, followed by
its kind when it names a commune, an EPCI, a département or a région (« Valence (commune) »).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.domain.territories import FRANCE, AdminLevel, TerritoryCodeError, TerritoryIndex, fold
from app.domain.vocabulary import FundingLevel

SCALE_NAMES: dict[str, str] = {
    "commune": "commune", "epci": "epci", "intercommunalite": "epci", "bassin hydrographique": "bassin",
    "departement": "departement", "region": "region", "outre mer": "outre-mer", "metropole": "metropole",
    "ad hoc": "ad-hoc", "pays": "pays", "continent": "continent",
}
"""Aides-territoires' scale names, folded, → the scale they stand for here."""
SCALE_NUMBERS: dict[int, str] = {1: "commune", 5: "epci", 8: "bassin", 10: "departement", 15: "region",
                                 16: "outre-mer", 17: "metropole", 18: "ad-hoc", 20: "pays", 25: "continent"}
"""The scale numbers of Aides-territoires' perimeter table, for a copy that gives them."""
SCALE_LEVELS: dict[str, str] = {
    "commune": FundingLevel.COMMUNAL, "epci": FundingLevel.INTERCOMMUNAL, "departement": FundingLevel.DEPARTEMENTAL,
    "region": FundingLevel.REGIONAL, "pays": FundingLevel.NATIONAL, "metropole": FundingLevel.NATIONAL,
    "outre-mer": FundingLevel.NATIONAL, "continent": FundingLevel.EUROPEEN,
}
"""The level of a scheme whose perimeter has this scale; a river basin or an ad-hoc area says none."""
_KIND_LEVELS: dict[str, str] = {"pays": FundingLevel.NATIONAL, "region": FundingLevel.REGIONAL,
                                "departement": FundingLevel.DEPARTEMENTAL, "epci": FundingLevel.INTERCOMMUNAL,
                                "commune": FundingLevel.COMMUNAL}
_SCALE_KINDS: dict[str, AdminLevel] = {"region": "region", "departement": "departement", "epci": "epci",
                                       "commune": "commune"}
_SCALE_WORDS = {"commune": "commune", "epci": "intercommunalité", "departement": "département", "region": "région"}
"""Said after the name of a territory of this scale that could not be found (« Valence (commune) »)."""
_OVERSEAS_REGIONS = ("R01", "R02", "R03", "R04", "R06")
_QUALIFIED = re.compile(r"^(?P<name>.+?)\s*\((?P<qualifier>[^()]*)\)$")
_COMMUNE_QUALIFIER = re.compile(r"^commune\s*(?:[–—-]\s*(?P<zipcodes>[\d\s,;]*))?$", re.IGNORECASE)
_ZIPCODE = re.compile(r"\d{5}")
_INSEE = re.compile(r"^(?:\d{5}|2[AB]\d{3})$", re.IGNORECASE)


@dataclass(frozen=True)
class Area:
    """Where an aid applies, as Essaim keeps it."""

    territories: tuple[str, ...] = ()
    note: str = ""
    level: str = ""


@dataclass(frozen=True)
class _Perimeter:
    name: str
    scale: str
    zipcodes: tuple[str, ...] = ()


def scale_of(value: object) -> str:
    """The scale `perimeter_scale` names (« Département », « commune », 10…), "" when it names none."""
    if isinstance(value, bool):
        return ""
    if isinstance(value, int):
        return SCALE_NUMBERS.get(value, "")
    return SCALE_NAMES.get(fold(value), "") if isinstance(value, str) else ""


def _perimeter(text: str, scale: str) -> _Perimeter:
    """The name, scale and postal codes in « Valence (Commune – 26000) » or « Drôme (Département) »."""
    match = _QUALIFIED.match(text)
    if match is None:
        return _Perimeter(text, scale)
    qualifier = match.group("qualifier").strip()
    commune = _COMMUNE_QUALIFIER.match(qualifier)
    if commune is not None:
        return _Perimeter(match.group("name"), scale or "commune",
                          tuple(_ZIPCODE.findall(commune.group("zipcodes") or "")))
    named = SCALE_NAMES.get(fold(qualifier))
    if named is None or (scale and named != scale):
        return _Perimeter(text, scale)
    return _Perimeter(match.group("name"), named)


class PerimeterReader:
    """Reads perimeters against the shipped territories, remembering each answer (a file repeats them)."""

    def __init__(self, index: TerritoryIndex) -> None:
        self.index = index
        self.known: dict[tuple[str, str], Area] = {}

    def area(self, text: str, scale_value: object) -> Area:
        """Where an aid with this perimeter and `perimeter_scale` applies."""
        key = (text, repr(scale_value))
        found = self.known.get(key)
        if found is None:
            found = self.known[key] = self._area(text, scale_of(scale_value))
        return found

    def _area(self, text: str, scale: str) -> Area:
        if not text:
            return Area(level=str(SCALE_LEVELS.get(scale, "")))
        perimeter = _perimeter(text, scale)
        codes = self._codes(perimeter)
        level = str(SCALE_LEVELS.get(perimeter.scale, ""))
        if not codes:
            return Area(note=_note(text, perimeter), level=level)
        if not level:
            territory = self.index.get(codes[0])
            level = str(_KIND_LEVELS.get(territory.kind, "")) if territory is not None else ""
        return Area(tuple(codes), level=level)

    def _codes(self, perimeter: _Perimeter) -> list[str]:
        name = fold(perimeter.name)
        match perimeter.scale:
            case "pays":
                return [FRANCE] if name == "france" else []
            case "continent":
                return [FRANCE] if name == "europe" else []
            case "metropole" | "outre-mer":
                return self._regions(overseas=perimeter.scale == "outre-mer")
            case "region" | "departement" | "epci":
                return self._named(perimeter.name, _SCALE_KINDS[perimeter.scale])
            case "commune":
                return self._commune(perimeter)
            case "":
                if name == "france":
                    return [FRANCE]
                return self._named(perimeter.name, "region") or self._named(perimeter.name, "departement")
            case _:
                return []

    def _regions(self, overseas: bool) -> list[str]:
        return [t.code for t in self.index.of_kind("region") if (t.code in _OVERSEAS_REGIONS) == overseas]

    def _named(self, name: str, kind: AdminLevel) -> list[str]:
        wanted = fold(name)
        found = [t.code for t in self.index.search(name, kinds=[kind], limit=50) if fold(t.name) == wanted]
        return found if len(found) == 1 else []

    def _commune(self, perimeter: _Perimeter) -> list[str]:
        if _INSEE.match(perimeter.name.strip()):
            try:
                return [self.index.resolve(perimeter.name).code]
            except TerritoryCodeError:
                return []
        wanted = fold(perimeter.name)
        found = [t for t in self.index.search(perimeter.name, kinds=["commune"], limit=200) if fold(t.name) == wanted]
        if len(found) > 1 and perimeter.zipcodes:
            departements = {_departement_of(zipcode) for zipcode in perimeter.zipcodes}
            found = [t for t in found if t.departement in departements or
                     (t.departement in ("D2A", "D2B") and "D20" in departements)]
        return [found[0].code] if len(found) == 1 else []


def _note(text: str, perimeter: _Perimeter) -> str:
    """The perimeter in words: its name, with the kind of territory it is when that helps (« Valence (commune) »);
    a commune's postal codes are kept as Aides-territoires gave them."""
    if perimeter.zipcodes:
        return text
    word = _SCALE_WORDS.get(perimeter.scale)
    return f"{perimeter.name} ({word})" if word else perimeter.name


def _departement_of(zipcode: str) -> str:
    """The département code a postal code most often belongs to (« 26000 » → D26, « 97400 » → D974; Corsica's
    20xxx gives D20, read as either of its two départements)."""
    return "D" + (zipcode[:3] if zipcode.startswith("97") else zipcode[:2])
