"""Build a fiche's dossier: the cover and the parts the user chose, in reading order.

Each part of the dossier comes from a provider registered in `PARTS`. A later part (the funding shortlist,
a lab checklist) is one more `DossierPart` here; the writers need no change, since they draw any section.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Protocol

from app.domain.document import Section
from app.domain.dossier import Dossier, fiche_cover
from app.domain.economics import Scenario
from app.domain.fiche import FicheData
from app.domain.fiche_sections import SECTION_TITLES, fiche_sections
from app.domain.grid_sections import GRID_TITLE, grid_sections
from app.domain.lab import LabItem, LabProject, phase_tallies, tally
from app.domain.lab_sections import LAB_PART_TITLE, lab_sections
from app.domain.shortlist import SHORTLIST_TITLE, ShortlistEntry, shortlist_sections
from app.services.errors import NotFoundError
from app.storage.store import Store


@dataclass(frozen=True)
class DossierOptions:
    parts: frozenset[str] | None = None
    """Keys of the parts to include (see `part_titles`); None for all."""
    scenario_ids: frozenset[str] | None = None
    """Ids of the fiche's scenarios the « modele » part shows; None for all of them, empty for none (the part is
    then left out)."""
    include_personal: bool = True
    """Contacts are personal data: left out when False."""
    exported_on: date | None = None
    """The date printed on the cover; today when None."""


class DossierReading(Protocol):
    """What a dossier reads: through the store's sessions (`StoreReading`) or, for a command that only reads, a
    plain SQLite connection (`app.storage.plain_reading.PlainReading`)."""

    def fiche(self, fiche_id: str) -> FicheData | None: ...

    def scenarios(self, fiche_id: str) -> list[Scenario]: ...

    def shortlist(self, fiche_id: str) -> list[ShortlistEntry]: ...

    def labs_of(self, fiche_id: str) -> list[tuple[LabProject, list[LabItem]]]:
        """The lab projects that carry the fiche, each with its checklist."""
        ...


@dataclass(frozen=True)
class StoreReading:
    store: Store

    def fiche(self, fiche_id: str) -> FicheData | None:
        from app.storage import fiche_repository

        with self.store.read() as session:
            return fiche_repository.load(session, fiche_id)

    def scenarios(self, fiche_id: str) -> list[Scenario]:
        from app.services import grid

        return grid.scenarios(self.store, fiche_id)

    def shortlist(self, fiche_id: str) -> list[ShortlistEntry]:
        from app.storage import shortlist_repository

        with self.store.read() as session:
            return shortlist_repository.of_fiche(session, fiche_id)

    def labs_of(self, fiche_id: str) -> list[tuple[LabProject, list[LabItem]]]:
        from app.services import labs

        return [(project, labs.load(self.store, project.id).items) for project in labs.projects(self.store)
                if fiche_id in project.fiche_ids]


@dataclass
class DossierSource:
    """What a part provider may read."""

    reading: DossierReading
    fiche: FicheData
    options: DossierOptions
    scenarios: list[Scenario]

    @cached_property
    def fiche_sections(self) -> dict[str, Section]:
        """The fiche's sections by key, built once for all the fiche parts."""
        return {s.key: s for s in fiche_sections(self.fiche, self.options.include_personal)}


@dataclass(frozen=True)
class DossierPart:
    key: str
    title: str
    build: Callable[[DossierSource], list[Section]]
    """The part's sections; a level-2 section belongs to the level-1 section before it."""


def _fiche_part(key: str) -> Callable[[DossierSource], list[Section]]:
    def build(source: DossierSource) -> list[Section]:
        section = source.fiche_sections.get(key)
        return [section] if section is not None else []
    return build


def _grid_part(source: DossierSource) -> list[Section]:
    return grid_sections(source.scenarios)


def _shortlist_part(source: DossierSource) -> list[Section]:
    return shortlist_sections(source.reading.shortlist(source.fiche.id))


def _lab_part(source: DossierSource) -> list[Section]:
    """For each lab project that carries the fiche: a section naming it, its plan under it."""
    today = source.options.exported_on or date.today()
    sections: list[Section] = []
    for project, items in source.reading.labs_of(source.fiche.id):
        sections.append(Section(f"labo-{project.id}", f"{LAB_PART_TITLE} : {project.name}"))
        sections += lab_sections(project, items, tally(items), phase_tallies(items), today, level=2)
    return sections


PARTS: list[DossierPart] = [
    *(DossierPart(key, title, _fiche_part(key)) for key, title in SECTION_TITLES.items() if key != "sources"),
    DossierPart("modele", GRID_TITLE, _grid_part),
    DossierPart("financements", SHORTLIST_TITLE, _shortlist_part),
    DossierPart("labo", LAB_PART_TITLE, _lab_part),
    DossierPart("sources", SECTION_TITLES["sources"], _fiche_part("sources")),
]


def part_titles() -> list[tuple[str, str]]:
    """(key, French title) of every part a dossier can hold, in reading order."""
    return [(part.key, part.title) for part in PARTS]


def chosen_scenarios(scenarios: list[Scenario], ids: frozenset[str] | None) -> list[Scenario]:
    """The scenarios of `ids` in the fiche's order (all of them when `ids` is None). Raises NotFoundError when a
    chosen scenario is no longer the fiche's: a dossier never leaves it out without a word."""
    if ids is None:
        return scenarios
    gone = ids - {scenario.id for scenario in scenarios}
    if gone:
        raise NotFoundError("Un scénario choisi pour le dossier n'existe plus pour cette fiche "
                            "(supprimé ou remplacé entre-temps) : rouvrez l'export pour choisir à nouveau.")
    return [scenario for scenario in scenarios if scenario.id in ids]


def scenario_ids_named(scenarios: list[Scenario], wanted: list[str]) -> frozenset[str]:
    """The ids of the scenarios that `wanted` names, each by its name or by its id (or the id's first characters).

    Raises NotFoundError in French for a word that names no scenario, or several by the beginning of their id.
    """
    ids: set[str] = set()
    for given in wanted:
        text = given.strip()
        found = ([s for s in scenarios if s.name.strip() == text] or [s for s in scenarios if s.id == text]
                 or [s for s in scenarios if text and s.id.startswith(text)])
        if len(found) != 1:
            names = ", ".join(f"« {s.name} »" for s in scenarios) or "aucun"
            what = (f"« {given} » désigne {len(found)} scénarios : donnez l'identifiant, ou plus de ses caractères"
                    if found else f"Aucun scénario « {given} » pour cette fiche")
            raise NotFoundError(f"{what} (scénarios de la fiche : {names}).")
        ids.add(found[0].id)
    return frozenset(ids)


def build_dossier(source: Store | DossierReading, fiche_id: str, options: DossierOptions = DossierOptions()) -> Dossier:
    """The dossier of one fiche, read from the store or through a `DossierReading`. Raises NotFoundError for an
    unknown fiche."""
    reading = StoreReading(source) if isinstance(source, Store) else source
    fiche = reading.fiche(fiche_id)
    if fiche is None:
        raise NotFoundError(f"Aucune fiche n'a l'identifiant {fiche_id}.")
    chosen = [part for part in PARTS if options.parts is None or part.key in options.parts]
    scenarios = chosen_scenarios(reading.scenarios(fiche_id), options.scenario_ids) if any(
        part.key == "modele" for part in chosen) else []
    dossier_source = DossierSource(reading, fiche, options, scenarios)
    sections = [section for part in chosen for section in part.build(dossier_source)]
    return Dossier(
        cover=fiche_cover(fiche, options.exported_on or date.today()),
        sections=sections,
        scenarios=scenarios,
        author=fiche.structure_name,
    )
