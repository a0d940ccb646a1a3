"""What a fiche search looks for, and the text of a fiche that search reads."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import NamedTuple

from app.domain.fiche import FicheData
from app.domain.vocabulary import (
    Coded,
    EvaluationMethod,
    InnovationIntensity,
    InnovationNature,
    InnovationObject,
    ScalingModel,
    ScalingObjective,
    ScalingVariant,
    Stage,
    StructureType,
    TerritoryKind,
    Theme,
)


@dataclass
class FicheQuery:
    """A search over fiches: free text plus filters; empty filters do not filter."""

    text: str = ""
    themes: set[str] = field(default_factory=set)
    stages: set[str] = field(default_factory=set)
    structure_types: set[str] = field(default_factory=set)
    scaling_models: set[str] = field(default_factory=set)
    statuses: set[str] = field(default_factory=set)
    departement: str = ""
    region: str = ""
    in_trash: bool = False
    sort_key: str = "title"
    descending: bool = False


class FicheSummary(NamedTuple):
    """One row of the fiche list (a tuple: thousands are built per search)."""

    id: str
    title: str
    structure_name: str
    structure_type: str
    commune: str
    departement: str
    region: str
    stage: str
    status: str
    updated_at: str
    """ISO text, UTC, as stored; `updated()` reads it."""
    is_example: bool

    def updated(self) -> datetime:
        return datetime.fromisoformat(self.updated_at).replace(tzinfo=UTC)


def _strip_accents(ch: str) -> str:
    decomposed = unicodedata.normalize("NFKD", ch)
    return "".join(c for c in decomposed if not unicodedata.combining(c)) or ch


_FOLD_TABLE = {code: _strip_accents(chr(code)) for code in range(0xC0, 0x250) if _strip_accents(chr(code)) != chr(code)}
_FOLD_TABLE.update({ord("œ"): "oe", ord("æ"): "ae", ord("’"): "'"})


def fold(text: str) -> str:
    """Lower case without accents, for sorting and comparing French text (fast: one table lookup per character)."""
    return text.casefold().translate(_FOLD_TABLE)


_PLACE_WORDS = re.compile(r"[^\W_]+")


def place_key(text: str) -> str:
    """What a place name is however it was typed: « Isère », « isere », « ISÈRE  » → « isere »;
    « Côtes-d'Armor » and « Cotes d'Armor » → « cotes d armor »."""
    return " ".join(_PLACE_WORDS.findall(fold(text)))


def _spelling_rank(spelling: str, count: int) -> tuple[int, int, int, str]:
    accents = sum(1 for ch in spelling if not ch.isascii())
    return int(spelling.isupper() or spelling.islower()), -accents, -count, spelling


def best_spelling(spellings: dict[str, int]) -> str:
    """The best of several spellings of one place (spelling → number of fiches): capitalised rather than all in
    one case, accented, then the most used — with the accents another spelling of the same letters has
    (« Auvergne-Rhone-Alpes » and « auvergne-rhône-alpes » give « Auvergne-Rhône-Alpes »)."""
    ranked = sorted(spellings.items(), key=lambda pair: _spelling_rank(*pair))
    best = list(ranked[0][0])
    for spelling, _count in ranked[1:]:
        if len(spelling) == len(best) and fold(spelling) == fold("".join(best)):
            for n, (mine, theirs) in enumerate(zip(best, spelling, strict=True)):
                if mine.isascii() and not theirs.isascii():
                    best[n] = theirs.upper() if mine.isupper() else theirs.lower()
    return "".join(best)


def merge_spellings(counts: dict[str, int]) -> list[str]:
    """One value per place from the spellings the fiches use (spelling → number of fiches): the `best_spelling`
    of each, sorted in French order."""
    by_place: dict[str, dict[str, int]] = {}
    for spelling, count in counts.items():
        same = by_place.setdefault(place_key(spelling), {})
        same[spelling.strip()] = same.get(spelling.strip(), 0) + count
    best = [best_spelling(spellings) for key, spellings in by_place.items() if key]
    return sorted(best, key=lambda spelling: (place_key(spelling), spelling))


WORD_RE = re.compile(r"\w+", re.UNICODE)


def fts_match_expression(text: str, whole_words_twice: bool = False) -> str:
    """An FTS5 query where every word the user typed must appear as a word prefix.

    With `whole_words_twice`, a word found whole also matches a second phrase of the query, so that it counts twice
    in the rank: « FEDER » comes before « fédérations ».
    """
    words = WORD_RE.findall(text)
    if whole_words_twice:
        return " AND ".join(f'("{word}" OR "{word}"*)' for word in words)
    return " AND ".join(f'"{word}"*' for word in words)


def _labels(vocabulary: type[Coded], codes: Iterable[str]) -> list[str]:
    return [vocabulary.label_of(code) for code in codes]


def searchable_text(fiche: FicheData) -> str:
    """Every text of a fiche, partners, indicators and contacts included, and the labels of its codes."""
    parts: list[str] = [
        fiche.title, fiche.summary, " ".join(fiche.tags), fiche.structure_name, fiche.commune, fiche.insee_code,
        fiche.departement, fiche.region, fiche.need, fiche.target_public, fiche.objectives, fiche.impacts,
        fiche.lessons, fiche.difficulties, fiche.levers_helped, fiche.levers_for_others, fiche.core_concept,
        fiche.room_to_adapt, fiche.readiness_notes, fiche.stop_reason, fiche.public_role, fiche.evaluation_duration,
        fiche.evaluation_committee, fiche.evaluator, fiche.evaluation_findings,
    ]
    parts += _labels(StructureType, [fiche.structure_type] if fiche.structure_type else [])
    parts += _labels(TerritoryKind, [fiche.territory_kind] if fiche.territory_kind else [])
    parts += _labels(Stage, [fiche.stage] if fiche.stage else [])
    parts += _labels(Theme, fiche.themes) + _labels(ScalingModel, fiche.scaling_models)
    parts += _labels(ScalingVariant, fiche.scaling_variants)
    parts += _labels(ScalingObjective, fiche.scaling_objectives) + _labels(InnovationNature, fiche.natures)
    parts += _labels(InnovationObject, fiche.objects)
    parts += _labels(InnovationIntensity, [fiche.intensity] if fiche.intensity else [])
    parts += _labels(EvaluationMethod, [fiche.evaluation_method] if fiche.evaluation_method else [])
    for contact in fiche.contacts:
        parts += [contact.name, contact.role, contact.email, contact.phone]
    parts += [step.text for step in fiche.steps] + [mean.role for mean in fiche.human_means]
    for site in fiche.sites:
        parts += [site.name, site.commune]
    for partner in fiche.partners:
        parts += [partner.name, partner.contribution]
    for indicator in fiche.indicators:
        parts += [indicator.name, indicator.unit]
    parts += [factor.comment for factor in fiche.factors]
    for attachment in fiche.attachments:
        parts += [attachment.file_name, attachment.label]
    for source in fiche.sources:
        parts += [source.title, source.url, source.note]
    return "\n".join(part for part in parts if part)
