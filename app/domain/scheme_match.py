"""How well a scheme fits a fiche: one scoring function, its reasons in French (docs/financements-correspondance.md).

Each criterion gives points and says why, or says what does not fit, or what is unknown (the scheme or the fiche
does not say). The criteria: who may apply (the fiche's structure type against the scheme's audiences, CCAS and
CIAS included), the territory, the themes, the project's stage, essaimage, and the money still to find (the
« reste à charge » of the fiche's grid). A scheme one cannot apply to today is ranked after every open one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from app.domain.fiche import FicheData
from app.domain.formats import format_money, format_percent
from app.domain.schemes import Scheme, is_open, next_deadline
from app.domain.vocabulary import (
    AUDIENCES_OF,
    MONEY_KINDS,
    Audience,
    ProjectPhase,
    Stage,
    StructureType,
    Theme,
)

AUDIENCE_POINTS, AUDIENCE_MISFIT = 3, -6
TERRITORY_POINTS, TERRITORY_PART_POINTS, TERRITORY_MISFIT = 3, 1, -6
THEME_POINTS, THEME_MAX, THEME_MISFIT = 2, 4, -1
STAGE_POINTS, STAGE_MISFIT = 2, -1
SCALING_POINTS = 2
AMOUNT_POINTS = 1

STAGE_PHASES: dict[str, str] = {
    Stage.IDEE: ProjectPhase.EMERGENCE, Stage.EXPERIMENTATION: ProjectPhase.EXPERIMENTATION,
    Stage.CONSOLIDEE: ProjectPhase.CONSOLIDATION, Stage.EN_ESSAIMAGE: ProjectPhase.CHANGEMENT_ECHELLE,
    Stage.ESSAIMEE: ProjectPhase.CHANGEMENT_ECHELLE,
}
"""The project phase a scheme must serve for a fiche at each stage (a stopped initiative has none)."""

TerritoryFit = Callable[[Scheme], str]
"""« couvre », « partiel », « hors » or « inconnu »: how a scheme's area meets the fiche's territory."""


@dataclass(frozen=True)
class Match:
    scheme: Scheme
    score: int
    open: bool
    deadline: date | None
    reasons: tuple[str, ...]
    """Why it fits."""
    misfits: tuple[str, ...]
    """What does not fit."""
    unknowns: tuple[str, ...]
    """What cannot be said, for want of a value in the scheme or the fiche."""


def match_scheme(fiche: FicheData, scheme: Scheme, today: date, remaining: Decimal | None = None,
                 territory_fit: TerritoryFit | None = None) -> Match:
    """The fit of `scheme` for `fiche` (see the module's docstring and docs/financements-correspondance.md)."""
    score = 0
    reasons: list[str] = []
    misfits: list[str] = []
    unknowns: list[str] = []

    audiences = AUDIENCES_OF.get(fiche.structure_type, ())
    if not scheme.audiences:
        unknowns.append("Le dispositif ne dit pas qui peut candidater.")
    elif not audiences:
        unknowns.append("La fiche ne dit pas le type de la structure porteuse.")
    elif common := [a for a in audiences if a in scheme.audiences]:
        score += AUDIENCE_POINTS
        reasons.append(f"Ouvert aux structures comme la vôtre ({Audience.label_of(common[0])}).")
    else:
        score += AUDIENCE_MISFIT
        misfits.append(f"Réservé à d'autres structures que « {StructureType.label_of(fiche.structure_type)} » "
                       f"({', '.join(Audience.label_of(a) for a in scheme.audiences[:3])}).")

    fit = territory_fit(scheme) if territory_fit is not None else "inconnu"
    if fit == "couvre":
        score += TERRITORY_POINTS
        reasons.append("Couvre le territoire de la fiche.")
    elif fit == "partiel":
        score += TERRITORY_PART_POINTS
        reasons.append("Couvre une partie du territoire de la fiche.")
    elif fit == "hors":
        score += TERRITORY_MISFIT
        misfits.append("Ne couvre pas le territoire de la fiche.")
    else:
        unknowns.append("Territoire du dispositif ou de la fiche non renseigné.")

    if scheme.themes and fiche.themes:
        shared = [theme for theme in fiche.themes if theme in scheme.themes]
        if shared:
            score += min(THEME_POINTS * len(shared), THEME_MAX)
            reasons.append(f"Thématique : {', '.join(Theme.label_of(theme) for theme in shared)}.")
        else:
            score += THEME_MISFIT
            misfits.append("Aucune thématique commune.")
    else:
        unknowns.append("Thématiques non renseignées.")

    phase = STAGE_PHASES.get(fiche.stage)
    if phase and scheme.stages:
        if phase in scheme.stages:
            score += STAGE_POINTS
            reasons.append(f"Soutient les projets au stade « {ProjectPhase.label_of(phase)} ».")
        else:
            score += STAGE_MISFIT
            misfits.append(f"Ne vise pas le stade « {ProjectPhase.label_of(phase)} ».")
    else:
        unknowns.append("Stade du projet non renseigné.")

    if fiche.scaling_models:
        if scheme.supports_scaling:
            score += SCALING_POINTS
            reasons.append("Soutient l'essaimage, que la fiche prévoit.")
        elif scheme.supports_scaling is None:
            unknowns.append("Le dispositif ne dit pas s'il soutient l'essaimage.")

    money = not scheme.without_money and any(kind in MONEY_KINDS for kind in scheme.kinds)
    if remaining is not None and remaining > 0 and money:
        if scheme.amount_max is None:
            unknowns.append("Montant non précisé.")
        elif scheme.amount_max >= remaining:
            score += AMOUNT_POINTS
            reasons.append(f"Jusqu'à {format_money(scheme.amount_max, 0)} : de quoi couvrir le reste à charge "
                           f"({format_money(remaining, 0)}).")
        else:
            reasons.append(f"Jusqu'à {format_money(scheme.amount_max, 0)} : "
                           f"{format_percent(scheme.amount_max / remaining, 0)} du reste à charge.")
    elif not money and (scheme.without_money or scheme.kinds):
        reasons.append("Un appui sans apport d'argent.")

    open_now = is_open(scheme, today)
    if not open_now:
        misfits.append("On ne peut pas y candidater aujourd'hui (fermé, arrêté, pas encore ouvert ou date limite "
                       "passée).")
    return Match(scheme, score, open_now, next_deadline(scheme, today), tuple(reasons), tuple(misfits),
                 tuple(unknowns))


def match_all(fiche: FicheData, schemes: list[Scheme], today: date, remaining: Decimal | None = None,
              territory_fit: TerritoryFit | None = None) -> list[Match]:
    """Every scheme ranked for the fiche: open ones first, then by score, nearest deadline, name."""
    matches = [match_scheme(fiche, scheme, today, remaining, territory_fit) for scheme in schemes]
    matches.sort(key=lambda m: (not m.open, -m.score, m.deadline or date.max, m.scheme.name.casefold()))
    return matches
