"""How well a scheme fits a fiche: one scoring function, its reasons in French (docs/financements-correspondance.md).

Each criterion gives points and says why, or says what does not fit, or what is unknown (the scheme or the fiche
does not say). The criteria: who may apply (the fiche's structure type against the scheme's audiences, CCAS and
CIAS included), the territory, the themes, the project's stage, essaimage, and the money still to find (the
« reste à charge » of the fiche's grid). A scheme one cannot apply to today is ranked after every open one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from app.domain.fiche import FicheData
from app.domain.formats import format_money, format_percent
from app.domain.scheme_finder import FoundScheme
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


class _Fiche:
    """What every match of one fiche reads of it, computed once."""

    def __init__(self, fiche: FicheData, remaining: Decimal | None) -> None:
        self.structure_type = fiche.structure_type
        self.audiences = AUDIENCES_OF.get(fiche.structure_type, ())
        self.themes = fiche.themes
        self.phase = STAGE_PHASES.get(fiche.stage)
        self.scaling = bool(fiche.scaling_models)
        self.remaining = remaining


class _Said:
    """The messages of a match, written only when they are read: most matches are only ranked."""

    def __init__(self) -> None:
        self.reasons: list[str] = []
        self.misfits: list[str] = []
        self.unknowns: list[str] = []


@dataclass(eq=False, slots=True)
class Match:
    scheme: Scheme
    score: int
    open: bool
    deadline: date | None
    territory: str = field(repr=False)
    """How the scheme's area meets the fiche's (see `TerritoryFit`)."""
    fiche: _Fiche = field(repr=False)
    said: _Said | None = field(default=None, repr=False)

    @property
    def reasons(self) -> tuple[str, ...]:
        """Why it fits."""
        return tuple(self._said().reasons)

    @property
    def misfits(self) -> tuple[str, ...]:
        """What does not fit."""
        return tuple(self._said().misfits)

    @property
    def unknowns(self) -> tuple[str, ...]:
        """What cannot be said, for want of a value in the scheme or the fiche."""
        return tuple(self._said().unknowns)

    def _said(self) -> _Said:
        if self.said is None:
            self.said = _Said()
            _score(self.fiche, self.scheme, self.open, self.territory, self.said)
        return self.said


def match_scheme(fiche: FicheData, scheme: Scheme, today: date, remaining: Decimal | None = None,
                 territory_fit: TerritoryFit | None = None) -> Match:
    """The fit of `scheme` for `fiche` (see the module's docstring and docs/financements-correspondance.md)."""
    return _match(_Fiche(fiche, remaining), scheme, is_open(scheme, today), next_deadline(scheme, today),
                  territory_fit)


def _match(fiche: _Fiche, scheme: Scheme, open_now: bool, deadline: date | None,
           territory_fit: TerritoryFit | None) -> Match:
    territory = territory_fit(scheme) if territory_fit is not None else "inconnu"
    return Match(scheme, _score(fiche, scheme, open_now, territory), open_now, deadline, territory, fiche)


def _score(fiche: _Fiche, scheme: Scheme, open_now: bool, territory: str, say: _Said | None = None) -> int:
    """The scheme's score for the fiche; with `say`, the reasons of it too (see the module's docstring)."""
    score = 0
    if not scheme.audiences:
        if say:
            say.unknowns.append("Le dispositif ne dit pas qui peut candidater.")
    elif not fiche.audiences:
        if say:
            say.unknowns.append("La fiche ne dit pas le type de la structure porteuse.")
    elif common := [a for a in fiche.audiences if a in scheme.audiences]:
        score += AUDIENCE_POINTS
        if say:
            say.reasons.append(f"Ouvert aux structures comme la vôtre ({Audience.label_of(common[0])}).")
    else:
        score += AUDIENCE_MISFIT
        if say:
            say.misfits.append(f"Réservé à d'autres structures que « {StructureType.label_of(fiche.structure_type)} »"
                               f" ({', '.join(Audience.label_of(a) for a in scheme.audiences[:3])}).")

    if territory == "couvre":
        score += TERRITORY_POINTS
        if say:
            say.reasons.append("Couvre le territoire de la fiche.")
    elif territory == "partiel":
        score += TERRITORY_PART_POINTS
        if say:
            say.reasons.append("Couvre une partie du territoire de la fiche.")
    elif territory == "hors":
        score += TERRITORY_MISFIT
        if say:
            say.misfits.append("Ne couvre pas le territoire de la fiche.")
    elif say:
        say.unknowns.append("Territoire du dispositif ou de la fiche non renseigné.")

    if scheme.themes and fiche.themes:
        if shared := [theme for theme in fiche.themes if theme in scheme.themes]:
            score += min(THEME_POINTS * len(shared), THEME_MAX)
            if say:
                say.reasons.append(f"Thématique : {', '.join(Theme.label_of(theme) for theme in shared)}.")
        else:
            score += THEME_MISFIT
            if say:
                say.misfits.append("Aucune thématique commune.")
    elif say:
        say.unknowns.append("Thématiques non renseignées.")

    if fiche.phase and scheme.stages:
        if fiche.phase in scheme.stages:
            score += STAGE_POINTS
            if say:
                say.reasons.append(f"Soutient les projets au stade « {ProjectPhase.label_of(fiche.phase)} ».")
        else:
            score += STAGE_MISFIT
            if say:
                say.misfits.append(f"Ne vise pas le stade « {ProjectPhase.label_of(fiche.phase)} ».")
    elif say:
        say.unknowns.append("Stade du projet non renseigné.")

    if fiche.scaling:
        if scheme.supports_scaling:
            score += SCALING_POINTS
            if say:
                say.reasons.append("Soutient l'essaimage, que la fiche prévoit.")
        elif scheme.supports_scaling is None and say:
            say.unknowns.append("Le dispositif ne dit pas s'il soutient l'essaimage.")

    money = not scheme.without_money and not MONEY_KINDS.isdisjoint(scheme.kinds)
    remaining, ceiling = fiche.remaining, scheme.amount_max
    if remaining is not None and remaining > 0 and money:
        if ceiling is None:
            if say:
                say.unknowns.append("Montant non précisé.")
        elif ceiling >= remaining:
            score += AMOUNT_POINTS
            if say:
                say.reasons.append(f"Jusqu'à {format_money(ceiling, 0)} : de quoi couvrir le reste à charge "
                                   f"({format_money(remaining, 0)}).")
        elif say:
            say.reasons.append(f"Jusqu'à {format_money(ceiling, 0)} : "
                               f"{format_percent(ceiling / remaining, 0)} du reste à charge.")
    elif not money and (scheme.without_money or scheme.kinds) and say:
        say.reasons.append("Un appui sans apport d'argent.")

    if not open_now and say:
        say.misfits.append("On ne peut pas y candidater aujourd'hui (fermé, arrêté, pas encore ouvert ou date limite "
                           "passée).")
    return score


def match_all(fiche: FicheData, schemes: Iterable[Scheme | FoundScheme], today: date,
              remaining: Decimal | None = None, territory_fit: TerritoryFit | None = None) -> list[Match]:
    """Every scheme ranked for the fiche: open ones first, then by score, nearest deadline, name.

    A scheme may come as the finder found it today (`FoundScheme`): whether it is open and its next deadline are
    then not computed again.
    """
    context = _Fiche(fiche, remaining)
    matches = []
    for item in schemes:
        if isinstance(item, Scheme):
            item = FoundScheme(item, is_open(item, today), next_deadline(item, today), False)
        matches.append(_match(context, item.scheme, item.open, item.deadline, territory_fit))
    matches.sort(key=lambda m: (not m.open, -m.score, m.deadline or date.max, m.scheme.name.casefold()))
    return matches
