"""The funding finder: filters with counts per value, text relevance, sorting, local variants grouped.

The catalogue holds a few thousand schemes: they are filtered in memory, each filter once per scheme. The counts
shown beside a filter's values are those of the schemes that pass every *other* filter (choosing a value of a
filter never empties its own list). A closed or discontinued scheme is left out unless asked for, and a scheme
one cannot apply to today never comes before one that is open, whatever the sort.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import NamedTuple

from app.domain.schemes import SCHEME_FIELD_LABELS, Scheme
from app.domain.vocabulary import (
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
    facet: (SCHEME_FIELD_LABELS[facet], vocabulary) for facet, vocabulary in (
        ("status", SchemeStatus), ("level", FundingLevel), ("kinds", FundingKind), ("audiences", Audience),
        ("themes", Theme), ("stages", ProjectPhase))
}
"""Each facet's French title and vocabulary, in the order the filters are shown (state first)."""


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


class FoundScheme(NamedTuple):
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


@dataclass(frozen=True)
class IndexedScheme:
    """A scheme with what the finder reads of it on every search, computed once."""

    scheme: Scheme
    facets: dict[str, frozenset[str]]
    pairs: dict[str, tuple[tuple[str, str], ...]]
    """(facet, value) of each facet's values, and of all of them under "" (what the counts count)."""
    deadlines: tuple[date, ...]
    """Its dated deadlines, in order."""
    opened: bool
    """Open status and opened (the deadlines aside)."""
    name_key: str

    def next_deadline(self, today: date) -> date | None:
        position = bisect_left(self.deadlines, today)
        return self.deadlines[position] if position < len(self.deadlines) else None

    def is_open(self, today: date) -> bool:
        """As `schemes.is_open`, from what was computed once."""
        if not self.opened or (self.scheme.opens_on is not None and self.scheme.opens_on > today):
            return False
        return not self.deadlines or self.deadlines[-1] >= today


def index_schemes(schemes: list[Scheme]) -> list[IndexedScheme]:
    """What the finder needs of each scheme, computed once for many searches."""
    indexed = []
    for scheme in schemes:
        facets = {facet: frozenset(_values(scheme, facet)) for facet in FACETS}
        pairs = {facet: tuple((facet, value) for value in values) for facet, values in facets.items()}
        pairs[""] = tuple(pair for facet in FACETS for pair in pairs[facet])
        indexed.append(IndexedScheme(scheme, facets, pairs, tuple(sorted(d.on for d in scheme.deadlines if d.on)),
                                     scheme.status == SchemeStatus.OUVERT, scheme.name.casefold()))
    return indexed


def _values(scheme: Scheme, facet: str) -> list[str]:
    value = getattr(scheme, facet)
    return value if isinstance(value, list) else [value] if value else []


def _facet_filters(query: SchemeQuery) -> dict[str, set[str]]:
    chosen = {"level": query.levels, "kinds": query.kinds, "audiences": query.audiences, "themes": query.themes,
              "stages": query.stages}
    chosen["status"] = query.statuses or {SchemeStatus.OUVERT.value}
    return chosen


def find(schemes: list[Scheme] | list[IndexedScheme], query: SchemeQuery, today: date,
         text_ranks: dict[str, float] | None = None,
         meets_territory: Callable[[Scheme], bool] | None = None) -> FinderPage:
    """The schemes `query` asks for, sorted, with the counts of every filter's values.

    `schemes` may be indexed beforehand (`index_schemes`) for many searches. `text_ranks` (scheme id → rank, lower
    is better) are those of the text search when the query has text; `meets_territory` says whether a scheme's
    area meets the query's territory.
    """
    indexed = [item if isinstance(item, IndexedScheme) else index_schemes([item])[0] for item in schemes]
    chosen = [(facet, values) for facet, values in _facet_filters(query).items() if values]
    others = bool(query.text.strip() or query.territory or query.open_now or query.deadline_before is not None
                  or query.amount_at_least is not None or query.rate_at_least is not None)
    counted: list[tuple[str, str]] = []
    kept: list[tuple[tuple[object, ...], FoundScheme]] = []
    key = _sort_key(query, text_ranks or {})
    for item in indexed:
        if others and not _passes_others(item, query, today, text_ranks, meets_territory):
            continue
        failed = [facet for facet, values in chosen if values.isdisjoint(item.facets[facet])]
        if failed:
            if len(failed) == 1:
                counted.extend(item.pairs[failed[0]])
            continue
        counted.extend(item.pairs[""])
        deadline = item.next_deadline(today)
        soon = deadline is not None and deadline - today <= SOON
        found = FoundScheme(item.scheme, item.is_open(today), deadline, soon)
        kept.append((key(item, found), found))
    kept.sort(key=lambda pair: pair[0])
    counts: dict[str, dict[str, int]] = {facet: {} for facet in FACETS}
    for (facet, value), count in Counter(counted).items():
        counts[facet][value] = count
    return FinderPage(_grouped([found for _key, found in kept]), counts, len(kept))


def _passes_others(item: IndexedScheme, query: SchemeQuery, today: date, text_ranks: dict[str, float] | None,
                   meets_territory: Callable[[Scheme], bool] | None) -> bool:
    """The filters that have no counts: text, territory, dates and amounts."""
    scheme = item.scheme
    if query.text.strip() and (text_ranks is None or scheme.id not in text_ranks):
        return False
    if query.territory and meets_territory is not None and not meets_territory(scheme):
        return False
    if query.open_now and not item.is_open(today):
        return False
    if query.deadline_before is not None:
        deadline = item.next_deadline(today)
        if deadline is None or deadline > query.deadline_before:
            return False
    if query.amount_at_least is not None and (scheme.amount_max is None or scheme.amount_max < query.amount_at_least):
        return False
    return query.rate_at_least is None or (scheme.rate_max is not None and scheme.rate_max >= query.rate_at_least)


def _sort_key(query: SchemeQuery,
              ranks: dict[str, float]) -> Callable[[IndexedScheme, FoundScheme], tuple[object, ...]]:
    far = date.max

    def key(item: IndexedScheme, found: FoundScheme) -> tuple[object, ...]:
        if query.sort == "date_limite":
            return (not found.open, found.deadline or far, item.name_key)
        if query.sort == "montant":
            return (not found.open, -(item.scheme.amount_max or Decimal(0)), item.name_key)
        return (not found.open, ranks.get(item.scheme.id, 0.0), found.deadline or far, item.name_key)
    return key


def _grouped(found: list[FoundScheme]) -> list[FoundScheme]:
    """Local variants under their national scheme when both were found; alone otherwise."""
    if not any(item.scheme.parent_id for item in found):
        return found
    present = {item.scheme.id for item in found}
    variants: dict[str, list[Scheme]] = {}
    for item in found:
        if item.scheme.parent_id in present:
            variants.setdefault(item.scheme.parent_id, []).append(item.scheme)
    return [FoundScheme(item.scheme, item.open, item.deadline, item.soon, tuple(variants[item.scheme.id]))
            if item.scheme.id in variants else item for item in found if item.scheme.parent_id not in present]
