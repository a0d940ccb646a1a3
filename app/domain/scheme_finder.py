"""The funding finder: filters with counts per value, text relevance, sorting, local variants grouped.

The catalogue holds a few thousand schemes: they are filtered in memory, each filter once per scheme. The counts
shown beside a filter's values are those of the schemes that pass every *other* filter (choosing a value of a
filter never empties its own list). A closed or discontinued scheme is left out unless asked for, and a scheme
one cannot apply to today never comes before one that is open, whatever the sort.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from app.domain.schemes import Scheme, is_open, next_deadline
from app.domain.vocabulary import (
    QT_TRANSLATE_NOOP,
    Audience,
    Coded,
    FundingKind,
    FundingLevel,
    ProjectPhase,
    SchemeStatus,
    Theme,
)

SOON = timedelta(days=30)
"""« Date limite proche »: a deadline within this many days."""
FACETS = ("level", "kinds", "audiences", "themes", "stages", "status")
FACET_TITLES: dict[str, tuple[str, type[Coded]]] = {
    "status": (QT_TRANSLATE_NOOP("fields", "État"), SchemeStatus),
    "level": (QT_TRANSLATE_NOOP("fields", "Niveau"), FundingLevel),
    "kinds": (QT_TRANSLATE_NOOP("fields", "Nature de l'aide"), FundingKind),
    "audiences": (QT_TRANSLATE_NOOP("fields", "Bénéficiaires"), Audience),
    "themes": (QT_TRANSLATE_NOOP("fields", "Thématiques"), Theme),
    "stages": (QT_TRANSLATE_NOOP("fields", "Stade du projet"), ProjectPhase),
}
"""Each facet's French title and vocabulary, in the order the filters are shown (state first)."""
SORTS = ("pertinence", "date_limite", "montant")


@dataclass
class SchemeQuery:
    text: str = ""
    levels: set[str] = field(default_factory=set)
    kinds: set[str] = field(default_factory=set)
    audiences: set[str] = field(default_factory=set)
    themes: set[str] = field(default_factory=set)
    stages: set[str] = field(default_factory=set)
    statuses: set[str] = field(default_factory=set)
    """Empty: open schemes only (closed and discontinued ones are hidden unless chosen here)."""
    territory: str = ""
    """A territory code (`app.domain.territories`): schemes whose area meets it."""
    open_now: bool = False
    deadline_before: date | None = None
    amount_at_least: Decimal | None = None
    rate_at_least: Decimal | None = None
    sort: str = "pertinence"


@dataclass(frozen=True)
class FoundScheme:
    scheme: Scheme
    open: bool
    deadline: date | None
    """The next deadline still to come."""
    soon: bool
    """That deadline is within `SOON`."""
    variants: tuple[Scheme, ...] = ()
    """Its local variants that the query found too, shown under it rather than repeated."""


@dataclass(frozen=True)
class FinderPage:
    results: list[FoundScheme]
    counts: dict[str, dict[str, int]]
    """Facet → value → number of schemes that pass every other filter and have that value."""
    total: int
    """Schemes found, variants included."""


def _values(scheme: Scheme, facet: str) -> list[str]:
    value = getattr(scheme, facet)
    return value if isinstance(value, list) else [value] if value else []


def _facet_filters(query: SchemeQuery) -> dict[str, set[str]]:
    chosen = {"level": query.levels, "kinds": query.kinds, "audiences": query.audiences, "themes": query.themes,
              "stages": query.stages}
    chosen["status"] = query.statuses or {SchemeStatus.OUVERT.value}
    return chosen


def find(schemes: list[Scheme], query: SchemeQuery, today: date, text_ranks: dict[str, float] | None = None,
         meets_territory: Callable[[Scheme], bool] | None = None) -> FinderPage:
    """The schemes `query` asks for, sorted, with the counts of every filter's values.

    `text_ranks` (scheme id → rank, lower is better) are those of the text search when the query has text;
    `meets_territory` says whether a scheme's area meets the query's territory.
    """
    chosen = _facet_filters(query)
    counts: dict[str, dict[str, int]] = {facet: {} for facet in FACETS}
    kept: list[Scheme] = []
    for scheme in schemes:
        if not _passes_others(scheme, query, today, text_ranks, meets_territory):
            continue
        failed = [facet for facet in FACETS if chosen[facet] and not chosen[facet] & set(_values(scheme, facet))]
        if len(failed) > 1:
            continue
        for facet in failed or FACETS:
            for value in set(_values(scheme, facet)):
                counts[facet][value] = counts[facet].get(value, 0) + 1
        if not failed:
            kept.append(scheme)
    found = [_found(scheme, today) for scheme in kept]
    found.sort(key=_sort_key(query, text_ranks or {}))
    return FinderPage(_grouped(found), counts, len(found))


def _passes_others(scheme: Scheme, query: SchemeQuery, today: date, text_ranks: dict[str, float] | None,
                   meets_territory: Callable[[Scheme], bool] | None) -> bool:
    """The filters that have no counts: text, territory, dates and amounts."""
    if query.text.strip() and (text_ranks is None or scheme.id not in text_ranks):
        return False
    if query.territory and meets_territory is not None and not meets_territory(scheme):
        return False
    if query.open_now and not is_open(scheme, today):
        return False
    if query.deadline_before is not None:
        deadline = next_deadline(scheme, today)
        if deadline is None or deadline > query.deadline_before:
            return False
    if query.amount_at_least is not None and (scheme.amount_max is None or scheme.amount_max < query.amount_at_least):
        return False
    return query.rate_at_least is None or (scheme.rate_max is not None and scheme.rate_max >= query.rate_at_least)


def _found(scheme: Scheme, today: date) -> FoundScheme:
    deadline = next_deadline(scheme, today)
    return FoundScheme(scheme, is_open(scheme, today), deadline, deadline is not None and deadline - today <= SOON)


def _sort_key(query: SchemeQuery, ranks: dict[str, float]) -> Callable[[FoundScheme], tuple[object, ...]]:
    far = date.max

    def key(found: FoundScheme) -> tuple[object, ...]:
        scheme = found.scheme
        first = (not found.open,)
        if query.sort == "date_limite":
            return (*first, found.deadline or far, scheme.name.casefold())
        if query.sort == "montant":
            return (*first, -(scheme.amount_max or Decimal(0)), scheme.name.casefold())
        return (*first, ranks.get(scheme.id, 0.0), found.deadline or far, scheme.name.casefold())
    return key


def _grouped(found: list[FoundScheme]) -> list[FoundScheme]:
    """Local variants under their national scheme when both were found; alone otherwise."""
    present = {item.scheme.id for item in found}
    variants: dict[str, list[Scheme]] = {}
    for item in found:
        if item.scheme.parent_id in present:
            variants.setdefault(item.scheme.parent_id, []).append(item.scheme)
    return [FoundScheme(item.scheme, item.open, item.deadline, item.soon, tuple(variants.get(item.scheme.id, ())))
            for item in found if item.scheme.parent_id not in present]
