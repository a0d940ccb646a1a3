"""The dossier: a cover and titled sections, the one model the Word, Excel and PDF writers read."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from app.domain.document import LabelledValue, Section, Table
from app.domain.economics import Scenario
from app.domain.fiche import FicheData
from app.domain.formats import format_date
from app.domain.vocabulary import Stage, StructureType, TerritoryKind

DOSSIER_SUBTITLE = "Dossier de présentation de l'initiative"


@dataclass
class Cover:
    title: str
    subtitle: str
    facts: list[LabelledValue]
    exported_on: date


@dataclass
class Dossier:
    cover: Cover
    sections: list[Section]
    scenarios: list[Scenario] = field(default_factory=list)
    """The grid scenarios shown, for writers that also give their live formulas (Excel)."""
    author: str = ""
    sheet_title: str = "Fiche"
    """The name of the workbook's first sheet, which holds the sections (Excel)."""
    lists: list[Table] = field(default_factory=list)
    """Tables a workbook also gives a sheet of their own, one row per record, to sort and filter (Excel)."""

    @property
    def title(self) -> str:
        return self.cover.title


def _joined(*parts: str) -> str:
    return ", ".join(part for part in parts if part)


def territory(fiche: FicheData) -> str:
    """« Commune (INSEE 12345), Département, Région »: a reader knows the commune by its name, the code is a
    complement; without a name the code comes last."""
    code = fiche.insee_code.strip()
    if fiche.commune:
        return _joined(fiche.commune + (f" (INSEE {code})" if code else ""), fiche.departement, fiche.region)
    wider = _joined(fiche.departement, fiche.region)
    if not code:
        return wider
    return f"{wider} (commune INSEE {code})" if wider else f"Commune INSEE {code}"


def fiche_cover(fiche: FicheData, exported_on: date) -> Cover:
    """Title, porteur, territory, stage and export date; empty facts are left out."""
    structure_type = StructureType.label_of(fiche.structure_type)
    porteur = fiche.structure_name + (
        f" ({structure_type})" if fiche.structure_name and structure_type else structure_type)
    facts = [
        LabelledValue("Porteur", porteur),
        LabelledValue("Territoire", territory(fiche)),
        LabelledValue("Type de territoire", TerritoryKind.label_of(fiche.territory_kind)),
        LabelledValue("Stade", Stage.label_of(fiche.stage)),
        LabelledValue("Date d'export", format_date(exported_on)),
    ]
    return Cover(fiche.title, DOSSIER_SUBTITLE, [fact for fact in facts if fact.value], exported_on)
