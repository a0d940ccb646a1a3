"""French territories shipped with Essaim: régions, départements, EPCI à fiscalité propre and communes.

The data (`resources/territoires/territoires.json.gz`, rebuilt by `scripts/build_territories.py`) is read on
first use by `load_territories()`, never at import time. An EPCI may lie in several départements, even in two
régions: every comparison is made on the sets of communes, not on a tree.

Territory codes, one string each, never ambiguous:

    FR                      la France: every shipped commune, the five DROM included
    R84, R01                a région: R and its two-digit COG code (R01 Guadeloupe … R94 Corse)
    D38, D2A, D971          a département: D and its COG code
    E200040715              an EPCI à fiscalité propre: E and its SIREN
    C38185, C2A004          a commune: C and its INSEE code

What a user types (`parse_territory_code`): the codes above in any case, or a bare code read by its length
— 9 digits: an EPCI's SIREN; 5 characters (digits, or 2A/2B and 3 digits): a commune's INSEE code; 1 to 3
characters (01–95, 2A, 2B, 971–976): a département. A région needs its R (« R84 »): bare « 84 » is the
Vaucluse. `TerritoryIndex.resolve` also reads a former code (arrondissement municipal of Paris, Lyon or
Marseille, commune déléguée or associée, a commune's code before a merger) as the current commune.

The collectivités d'outre-mer (Saint-Pierre-et-Miquelon, Saint-Barthélemy, Saint-Martin, Wallis-et-Futuna,
Polynésie française, Nouvelle-Calédonie) are not shipped. `Territory.kind` is an administrative level,
unrelated to `vocabulary.TerritoryKind` (urbain, rural…).
"""

from __future__ import annotations

import bisect
import functools
import heapq
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from app.domain.fiche_search import fold as fold_accents
from app.domain.formats import shorten
from app.errors import UserError

AdminLevel = Literal["pays", "region", "departement", "epci", "commune"]
LEVELS: tuple[AdminLevel, ...] = ("pays", "region", "departement", "epci", "commune")
"""From the largest to the smallest."""
LEVEL_LABELS: dict[AdminLevel, str] = {
    "pays": "pays", "region": "région", "departement": "département", "epci": "EPCI", "commune": "commune",
}
FRANCE = "FR"
DATA_FORMAT = 1
RESOURCE = Path("territoires") / "territoires.json.gz"

_INSEE = r"(?:\d{5}|2[AB]\d{3})"
_DEPARTEMENT = r"(?:\d{1,2}|2[AB]|9[78]\d)"
_CODE_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"R(\d{1,2})"), "R"),
    (re.compile(rf"D({_DEPARTEMENT})"), "D"),
    (re.compile(r"E(\d{9})"), "E"),
    (re.compile(rf"C({_INSEE})"), "C"),
    (re.compile(r"(\d{9})"), "E"),
    (re.compile(rf"({_INSEE})"), "C"),
    (re.compile(rf"({_DEPARTEMENT})"), "D"),
)
_OVERSEAS_COLLECTIVITIES = ("975", "977", "978", "98")


class TerritoryCodeError(UserError, ValueError):
    """What the user typed is no territory code, or no shipped territory has it."""


@dataclass(frozen=True, slots=True)
class Territory:
    """One territory; `code` follows the scheme of the module docstring (« C38185 »)."""

    kind: AdminLevel
    code: str
    name: str
    population: int | None = None
    """Communes: INSEE's population municipale (None when unknown); others: the sum over their communes."""
    nature: str = ""
    """EPCI only: CC, CA, CU, METRO or MET69 (Métropole de Lyon)."""
    departement: str = ""
    """Communes: their département's code (« D38 »)."""
    region: str = ""
    """Communes and départements: their région's code (« R84 »)."""
    epci: str = ""
    """Communes: their EPCI's code (« E200040715 »), "" for the four island communes outside any."""

    @property
    def official_code(self) -> str:
        """The code without its prefix: INSEE code, SIREN, COG code, or FR."""
        return self.code if self.kind == "pays" else self.code[1:]

    @property
    def label(self) -> str:
        """« Grenoble (INSEE 38185) », « Isère (38) », « Auvergne-Rhône-Alpes (région 84) »…"""
        match self.kind:
            case "pays":
                return self.name
            case "region":
                return f"{self.name} (région {self.official_code})"
            case "departement":
                return f"{self.name} ({self.official_code})"
            case "epci":
                return f"{self.name} (SIREN {self.official_code})"
            case _:
                return f"{self.name} (INSEE {self.official_code})"


def parse_territory_code(text: str) -> str:
    """The territory code for what a user typed (« 38185 » → « C38185 », « r84 » → « R84 »).

    Reads the form only: whether the territory exists is `TerritoryIndex.resolve`'s business.
    Raises `TerritoryCodeError` with a French sentence when the text is no code.
    """
    compact = re.sub(r"\s+", "", text).upper()
    if not compact:
        raise TerritoryCodeError("Aucun territoire indiqué : tapez un code INSEE, un SIREN d'EPCI, "
                                 "un code de département, une région précédée de R ou FR.")
    if compact in (FRANCE, "FRANCE"):
        return FRANCE
    for pattern, prefix in _CODE_PATTERNS:
        match = pattern.fullmatch(compact)
        if match:
            value = match.group(1)
            if prefix in "RD" and len(value) == 1:
                value = "0" + value
            return prefix + value
    raise TerritoryCodeError(
        f"« {shorten(text.strip())} » n'est pas un code de territoire : tapez un code INSEE de commune (38185, 2A004), "
        "le SIREN d'un EPCI (9 chiffres), un code de département (38, 2A, 971), une région précédée de R (R84) "
        "ou FR pour la France entière."
    )


_COMBINING = re.compile("[\u0300-\u036f]+")
_SEPARATORS = re.compile(r"[^a-z0-9\n]+")
_LINE_EDGES = re.compile(r" *\n *")


def _fold_lines(text: str) -> str:
    """`fold` on every line of `text` at once (one pass over all names instead of one call per name)."""
    return _LINE_EDGES.sub("\n", _SEPARATORS.sub(" ", fold_accents(text))).strip(" ")


def fold(text: str) -> str:
    """Lower case, no accents, words separated by one space: « Saint-Martin-d'Hères » → « saint martin d heres »."""
    return _fold_lines(text.replace("\n", " "))


_ABBREVIATIONS = {"st": "saint", "ste": "sainte", "sts": "saints", "stes": "saintes"}


class _SearchKeys:
    """Folded names and a sorted list of their words, for prefix look-ups by bisection."""

    def __init__(self, entries: list[tuple[str, str, int, int]]) -> None:
        self.codes = [code for code, _name, _level, _population in entries]
        self.levels = [level for _code, _name, level, _population in entries]
        self.populations = [population for _code, _name, _level, population in entries]
        self.names = _fold_lines("\n".join(name for _code, name, _level, _population in entries)).split("\n")
        pairs = sorted((word, owner) for owner, name in enumerate(self.names) for word in set(name.split()))
        self.words = [word for word, _owner in pairs]
        self.owners = [owner for _word, owner in pairs]

    def having_word_starting(self, prefix: str) -> set[int]:
        """The entries with a word starting with `prefix` (folded)."""
        low = bisect.bisect_left(self.words, prefix)
        high = bisect.bisect_left(self.words, prefix + "~", low)  # "~" sorts after every folded character
        return set(self.owners[low:high])


class TerritoryIndex:
    """Every shipped territory, with its communes precomputed as frozensets of INSEE codes.

    Methods taking a code expect the scheme's codes (`resolve` reads what a user typed); except `get`, they
    raise `TerritoryCodeError` for a code no territory has.
    """

    def __init__(self, data: dict[str, Any]) -> None:
        if data.get("format") != DATA_FORMAT:
            raise ValueError(f"territories data format {data.get('format')!r}, {DATA_FORMAT} expected")
        self.source: str = data["source"]
        self.vintage: str = data["millesime"]
        """The year of the COG the data follows (« 2026 »: as on 1 January 2026)."""
        self._aliases: dict[str, str] = data["a"]
        self._communes: dict[str, tuple[str, str, int | None]] = {}
        """INSEE code → (name, département code, population); their `Territory` is made on demand."""
        self._commune_territories: dict[str, Territory] = {}
        by_departement: dict[str, list[str]] = {}
        departement_population: dict[str, int] = {}
        for insee, name, departement, population in data["c"]:
            self._communes[insee] = (name, departement, population)
            by_departement.setdefault(departement, []).append(insee)
            departement_population[departement] = departement_population.get(departement, 0) + (population or 0)

        self._members: dict[str, frozenset[str]] = {FRANCE: frozenset(self._communes)}
        self._areas: dict[str, Territory] = {}
        region_departements: dict[str, list[str]] = {}
        for code, name, region in data["d"]:
            self._members["D" + code] = frozenset(by_departement.get(code, ()))
            self._areas["D" + code] = Territory("departement", "D" + code, name, departement_population.get(code, 0),
                                                region="R" + region)
            region_departements.setdefault("R" + region, []).append("D" + code)
        for code, name in data["r"]:
            departements = region_departements.get("R" + code, [])
            self._members["R" + code] = frozenset().union(*(self._members[d] for d in departements))
            self._areas["R" + code] = Territory("region", "R" + code, name,
                                                sum(self._areas[d].population or 0 for d in departements))
        self._region_departements = region_departements
        self._commune_epci: dict[str, str] = {}
        for siren, name, nature, communes in data["e"]:
            key = "E" + siren
            self._members[key] = frozenset(communes)
            self._commune_epci.update(dict.fromkeys(communes, key))
            population = sum(self._communes[insee][2] or 0 for insee in communes)
            self._areas[key] = Territory("epci", key, name, population, nature)
        self._areas[FRANCE] = Territory("pays", FRANCE, "France", sum(departement_population.values()))

    # Lookups

    def get(self, code: str) -> Territory | None:
        """The territory of this scheme code (« D38 »), None when there is none."""
        code = code.strip().upper()
        found = self._areas.get(code)
        if found is not None or not code.startswith("C"):
            return found
        found = self._commune_territories.get(code)
        if found is None and code[1:] in self._communes:
            name, departement, population = self._communes[code[1:]]
            found = Territory("commune", code, name, population, departement="D" + departement,
                              region=self._areas["D" + departement].region, epci=self._commune_epci.get(code[1:], ""))
            self._commune_territories[code] = found
        return found

    def resolve(self, text: str) -> Territory:
        """The territory for what a user typed (« 38185 », « 2a004 », « R84 », a SIREN, a former code).

        Raises `TerritoryCodeError`, in French, when the text is no code or no shipped territory has it.
        """
        code = parse_territory_code(text)
        found = self.get(code)
        if found is None and code.startswith("C") and code[1:] in self._aliases:
            found = self.get("C" + self._aliases[code[1:]])
        if found is not None:
            return found
        raise TerritoryCodeError(self._unknown(code))

    def _unknown(self, code: str) -> str:
        value = code[1:]
        if value.startswith(_OVERSEAS_COLLECTIVITIES) and code[0] in "DC":
            return (f"« {value} » relève d'une collectivité d'outre-mer (Saint-Pierre-et-Miquelon, Saint-Barthélemy, "
                    "Saint-Martin, Wallis-et-Futuna, Polynésie, Nouvelle-Calédonie), absente du découpage livré.")
        match code[0]:
            case "R":
                return f"Aucune région de code {value} (codes du COG {self.vintage} : R11 Île-de-France, R84…)."
            case "D" if value == "20":
                return ("Aucun département 20 : la Corse compte deux départements, "
                        "2A (Corse-du-Sud) et 2B (Haute-Corse).")
            case "D":
                return f"Aucun département de code {value} dans le découpage {self.vintage}."
            case "E":
                return (f"Aucun EPCI de SIREN {value} dans le découpage {self.vintage} (le SIREN d'une commune "
                        "n'est pas reconnu : tapez son code INSEE).")
            case _:
                return f"Aucune commune de code INSEE {value} dans le découpage {self.vintage}."

    def _require(self, code: str) -> Territory:
        found = self.get(code)
        if found is None:
            raise TerritoryCodeError(
                f"« {shorten(code)} » n'est le code d'aucun territoire du découpage {self.vintage}.")
        return found

    def _territories(self, codes: Iterable[str]) -> list[Territory]:
        """The territories of these known codes, by code."""
        return [self._require(code) for code in sorted(codes)]

    def of_kind(self, kind: AdminLevel) -> list[Territory]:
        """Every territory of this level, by code."""
        if kind == "commune":
            return self._territories("C" + insee for insee in self._communes)
        return sorted((t for t in self._areas.values() if t.kind == kind), key=lambda t: t.code)

    # Sets of communes

    def communes_of(self, code: str) -> frozenset[str]:
        """The INSEE codes of the territory's communes (a commune's is itself; FR's is every commune)."""
        communes = self._members.get(code)
        if communes is not None:
            return communes
        territory = self._require(code)  # a commune, or a code typed in lower case
        if territory.kind == "commune":
            return frozenset((territory.official_code,))
        return self._members[territory.code]

    def covers(self, area: str, place: str) -> bool:
        """Whether every commune of `place` is in `area` (a territory covers itself)."""
        return self.communes_of(place) <= self.communes_of(area)

    def overlaps(self, area: str, place: str) -> bool:
        """Whether `area` and `place` share at least one commune."""
        return not self.communes_of(place).isdisjoint(self.communes_of(area))

    def containing(self, place: str) -> list[Territory]:
        """Every territory covering `place`, itself included, from FR down to the smallest level."""
        territory = self._require(place)
        candidates = [self._areas[FRANCE], *self.regions_of(place), *self.departements_of(place),
                      *self.epcis_of(place), territory]
        found = {t.code: t for t in candidates if self.covers(t.code, place)}
        return sorted(found.values(), key=lambda t: (LEVELS.index(t.kind), -len(self.communes_of(t.code)), t.code))

    def regions_of(self, code: str) -> list[Territory]:
        """The régions sharing communes with the territory, by code."""
        return self._territories({d.region for d in self.departements_of(code)})

    def departements_of(self, code: str) -> list[Territory]:
        """The départements sharing communes with the territory, by code (an EPCI may give two or three)."""
        territory = self._require(code)
        if territory.kind == "pays":
            return self._territories(c for c in self._areas if c.startswith("D"))
        if territory.kind == "region":
            return self._territories(self._region_departements.get(territory.code, ()))
        return self._territories({"D" + self._communes[insee][1] for insee in self.communes_of(code)})

    def epcis_of(self, code: str) -> list[Territory]:
        """The EPCI sharing communes with the territory, by code."""
        epci_of = self._commune_epci
        return self._territories({epci_of[insee] for insee in self.communes_of(code) if insee in epci_of})

    def epcis_of_commune(self, code: str) -> list[Territory]:
        """The commune's EPCI: one, or none for Île-de-Bréhat, Île-de-Sein, Ouessant and L'Île-d'Yeu."""
        if self._require(code).kind != "commune":
            raise TerritoryCodeError(f"« {shorten(code)} » n'est pas un code de commune (C suivi du code INSEE).")
        return self.epcis_of(code)

    # Search by name

    @functools.cached_property
    def _search_keys(self) -> _SearchKeys:
        entries = [(t.code, t.name, LEVELS.index(t.kind), t.population or 0) for t in self._areas.values()]
        entries += [("C" + insee, name, LEVELS.index("commune"), population or 0)
                    for insee, (name, _departement, population) in self._communes.items()]
        return _SearchKeys(entries)

    def search(self, text: str, kinds: Iterable[AdminLevel] | None = None, limit: int = 20) -> list[Territory]:
        """Territories whose name (or code) matches `text`, ignoring accents, case and punctuation.

        First a territory whose code is typed, then names equal to the text, then names starting with it,
        then names with a word starting with each word typed (« grenoble » finds Grenoble-Alpes-Métropole,
        « st martin » Saint-Martin-…); within each, the most populated first, the largest level on a tie.
        """
        levels = {LEVELS.index(kind) for kind in (kinds if kinds is not None else LEVELS)}
        words = [_ABBREVIATIONS.get(word, word) for word in fold(text).split()]
        if not words or limit <= 0:
            return []
        found: list[Territory] = []
        try:
            typed: Territory | None = self.resolve(text)
        except TerritoryCodeError:
            typed = None
        if typed is not None and LEVELS.index(typed.kind) in levels:
            found.append(typed)
        keys = self._search_keys
        candidates: set[int] | None = None
        for word in sorted(set(words), key=len, reverse=True):  # the longest word narrows the most
            having = keys.having_word_starting(word)
            candidates = having if candidates is None else candidates & having
        query = " ".join(words)

        def rank(entry: int) -> tuple[int, int, int, str]:
            name = keys.names[entry]
            tier = 1 if name == query else 2 if name.startswith(query) else 3
            return tier, -keys.populations[entry], keys.levels[entry], keys.codes[entry]

        chosen = (entry for entry in candidates or () if keys.levels[entry] in levels)
        for entry in heapq.nsmallest(limit + 1, chosen, key=rank):
            territory = self._require(keys.codes[entry])
            if territory != typed:
                found.append(territory)
        return found[:limit]


@functools.cache
def load_territories(path: Path | None = None) -> TerritoryIndex:
    """The shipped territories (or those of `path`), read once then kept."""
    import gzip

    if path is None:
        from app.locations import resources_dir

        path = resources_dir() / RESOURCE
    with gzip.open(path, "rb") as stream:
        data = json.loads(stream.read().decode("utf-8"))
    return TerritoryIndex(data)
