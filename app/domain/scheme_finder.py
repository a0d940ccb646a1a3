"""The funding finder: filters with counts per value, text relevance, sorting, local variants grouped.

The catalogue (thousands of schemes) is indexed once in memory as bit masks (`Catalogue`). The counts
shown beside a filter's values are those of the schemes that pass every *other* filter (choosing a value of a
filter never empties its own list). A closed or discontinued scheme is left out unless asked for, and a scheme
one cannot apply to today never comes before one that is open, whatever the sort.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import NamedTuple

from app.domain.schemes import SCHEME_FIELD_LABELS, Scheme, is_open, next_deadline
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
    only: frozenset[str] | None = None
    """Only these schemes (ids), e.g. those new since the last catalogue update."""
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

    def schemes(self) -> list[Scheme]:
        """Every scheme found, in order, each followed by its local variants (what an export of the page holds)."""
        return [scheme for found in self.results for scheme in (found.scheme, *found.variants)]


class Catalogue:
    """The schemes indexed once for many searches: a bit per scheme in one mask per filter value and per area, so
    that filtering and counting are a few operations on integers, whatever the number of schemes."""

    def __init__(self, schemes: Sequence[Scheme]) -> None:
        self.schemes = list(schemes)
        self.positions = {scheme.id: n for n, scheme in enumerate(self.schemes)}
        self.everyone = mask_of(range(len(self.schemes)), len(self.schemes))
        values: dict[str, dict[str, list[int]]] = {facet: {} for facet in FACETS}
        areas: dict[str, list[int]] = {}
        for n, scheme in enumerate(self.schemes):
            for facet in FACETS:
                for value in _values(scheme, facet):
                    values[facet].setdefault(value, []).append(n)
            for area in scheme.territories:
                areas.setdefault(area, []).append(n)
        self.masks = {facet: {value: self.mask_of(found) for value, found in by_value.items()}
                      for facet, by_value in values.items()}
        """Facet → value → the schemes that have it."""
        self.areas = {area: self.mask_of(found) for area, found in areas.items()}
        """Territory code → the schemes whose area it is (one of them)."""
        self.names = [scheme.name.casefold() for scheme in self.schemes]
        self.variants = self.mask_of(n for n, scheme in enumerate(self.schemes) if scheme.parent_id)
        """The local variants of a national scheme."""
        self._day: Day | None = None

    def mask_of(self, positions: Iterable[int]) -> int:
        return mask_of(positions, len(self.schemes))

    def day(self, today: date) -> Day:
        """What depends on the date (open or not, next deadline, orders), computed once a day."""
        if self._day is None or self._day.today != today:
            self._day = Day(self, today)
        return self._day


class Day:
    """The catalogue on one day: each scheme as found that day, and the orders of the sorts."""

    def __init__(self, catalogue: Catalogue, today: date) -> None:
        self.today = today
        self.catalogue = catalogue
        self.found: list[FoundScheme] = []
        for scheme in catalogue.schemes:
            deadline = next_deadline(scheme, today)
            self.found.append(FoundScheme(scheme, is_open(scheme, today), deadline,
                                          deadline is not None and deadline - today <= SOON))
        self.open = catalogue.mask_of(n for n, found in enumerate(self.found) if found.open)
        self.closed = [not found.open for found in self.found]
        self._orders: dict[str, list[int]] = {}
        self._places: dict[str, list[int]] = {}

    def order(self, sort: str) -> list[int]:
        """Every scheme's position, open ones first, sorted by amount (« montant ») or by deadline then name."""
        if sort not in self._orders:
            found, names, far = self.found, self.catalogue.names, date.max
            if sort == "montant":
                def key(n: int) -> tuple[object, ...]:
                    return not found[n].open, -(found[n].scheme.amount_max or Decimal(0)), names[n]
            else:
                def key(n: int) -> tuple[object, ...]:
                    return not found[n].open, found[n].deadline or far, names[n]
            self._orders[sort] = sorted(range(len(found)), key=key)
        return self._orders[sort]

    def place(self, sort: str) -> list[int]:
        """Position → its place in `order(sort)`."""
        if sort not in self._places:
            places = [0] * len(self.found)
            for place, n in enumerate(self.order(sort)):
                places[n] = place
            self._places[sort] = places
        return self._places[sort]


def mask_of(positions: Iterable[int], size: int) -> int:
    """The integer whose bit n is set for each n of `positions` (all below `size`)."""
    bits = bytearray(size // 8 + 1)
    for n in positions:
        bits[n >> 3] |= 1 << (n & 7)
    return int.from_bytes(bits, "little")


def _values(scheme: Scheme, facet: str) -> list[str]:
    value = getattr(scheme, facet)
    return value if isinstance(value, list) else [value] if value else []


def _facet_filters(query: SchemeQuery) -> dict[str, set[str]]:
    chosen = {"level": query.levels, "kinds": query.kinds, "audiences": query.audiences, "themes": query.themes,
              "stages": query.stages}
    chosen["status"] = query.statuses or {SchemeStatus.OUVERT.value}
    return chosen


def find(schemes: Sequence[Scheme] | Catalogue, query: SchemeQuery, today: date,
         text_ranks: dict[str, float] | None = None,
         meets_area: Callable[[str], bool] | None = None) -> FinderPage:
    """The schemes `query` asks for, sorted, with the counts of every filter's values.

    `schemes` may be a `Catalogue` built beforehand for many searches. `text_ranks` (scheme id → rank, lower is
    better) are those of the text search when the query has text; `meets_area` says whether an area (a territory
    code) meets the query's territory.
    """
    catalogue = schemes if isinstance(schemes, Catalogue) else Catalogue(schemes)
    day = catalogue.day(today)
    ranks = {catalogue.positions[scheme_id]: rank for scheme_id, rank in (text_ranks or {}).items()
             if scheme_id in catalogue.positions} if query.text.strip() else None
    others = _others(catalogue, day, query, ranks, meets_area)
    chosen = {facet: _union(catalogue.masks[facet].get(value, 0) for value in values)
              for facet, values in _facet_filters(query).items() if values}
    counts: dict[str, dict[str, int]] = {}
    for facet in FACETS:
        among = others
        for other, mask in chosen.items():
            if other != facet:
                among &= mask
        counts[facet] = {value: count for value, mask in catalogue.masks[facet].items()
                         if (count := (among & mask).bit_count())}
    passing = others
    for mask in chosen.values():
        passing &= mask
    bits = bin(passing)[:1:-1].ljust(len(catalogue.schemes), "0")
    if ranks is not None and query.sort == "pertinence":
        hits = [n for n in ranks if bits[n] == "1"]
        hits.sort(key=day.place(query.sort).__getitem__)
        hits.sort(key=ranks.__getitem__)
        hits.sort(key=day.closed.__getitem__)  # stable sorts: open ones first, then by rank, then by deadline
    else:
        hits = [n for n in day.order(query.sort) if bits[n] == "1"]
    results = [day.found[n] for n in hits]
    return FinderPage(_grouped(results) if passing & catalogue.variants else results, counts, len(hits))


def _others(catalogue: Catalogue, day: Day, query: SchemeQuery, ranks: dict[int, float] | None,
            meets_area: Callable[[str], bool] | None) -> int:
    """The schemes that pass the filters that have no counts: text, territory, dates and amounts."""
    passing = catalogue.everyone
    if query.only is not None:
        passing &= catalogue.mask_of(catalogue.positions[scheme_id] for scheme_id in query.only
                                     if scheme_id in catalogue.positions)
    if ranks is not None:
        passing &= catalogue.mask_of(ranks)
    if query.territory and meets_area is not None:
        passing &= _union(mask for area, mask in catalogue.areas.items() if meets_area(area))
    if query.open_now:
        passing &= day.open
    if (before := query.deadline_before) is not None:
        passing &= catalogue.mask_of(n for n, found in enumerate(day.found)
                                     if found.deadline is not None and found.deadline <= before)
    if (amount := query.amount_at_least) is not None:
        passing &= catalogue.mask_of(n for n, scheme in enumerate(catalogue.schemes)
                                     if scheme.amount_max is not None and scheme.amount_max >= amount)
    if (rate := query.rate_at_least) is not None:
        passing &= catalogue.mask_of(n for n, scheme in enumerate(catalogue.schemes)
                                     if scheme.rate_max is not None and scheme.rate_max >= rate)
    return passing


def _union(masks: Iterable[int]) -> int:
    union = 0
    for mask in masks:
        union |= mask
    return union


def _grouped(found: list[FoundScheme]) -> list[FoundScheme]:
    """Local variants under their national scheme when both were found; alone otherwise."""
    present = {item.scheme.id for item in found}
    variants: dict[str, list[Scheme]] = {}
    for item in found:
        if item.scheme.parent_id in present:
            variants.setdefault(item.scheme.parent_id, []).append(item.scheme)
    return [FoundScheme(item.scheme, item.open, item.deadline, item.soon, tuple(variants[item.scheme.id]))
            if item.scheme.id in variants else item for item in found if item.scheme.parent_id not in present]
