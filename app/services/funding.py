"""The funding finder over the store: search with counts, one scheme, resolve an id typed on the command line."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

from app.domain.economics import compute
from app.domain.fiche import FicheData
from app.domain.fiche_search import fts_match_expression
from app.domain.scheme_finder import FinderPage, IndexedScheme, SchemeQuery, find, index_schemes
from app.domain.scheme_match import Match, match_all
from app.domain.scheme_places import place_of, territory_fit
from app.domain.schemes import Scheme
from app.domain.territories import TerritoryIndex, load_territories
from app.services import grid
from app.services.errors import NotFoundError
from app.storage import scheme_repository as repo
from app.storage.store import Store


class Finder:
    """The catalogue held in memory for searching (a few thousand schemes); `refresh()` once schemes changed."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._schemes: list[Scheme] | None = None
        self._indexed: list[IndexedScheme] | None = None

    def schemes(self) -> list[Scheme]:
        if self._schemes is None:
            with self.store.read() as session:
                self._schemes = repo.load_all(session)
        return self._schemes

    def indexed(self) -> list[IndexedScheme]:
        if self._indexed is None:
            self._indexed = index_schemes(self.schemes())
        return self._indexed

    def refresh(self) -> None:
        self._schemes = self._indexed = None

    def match(self, fiche: FicheData, today: date | None = None, schemes: list[Scheme] | None = None) -> list[Match]:
        """`schemes` (the whole catalogue by default) ranked for `fiche` (see `app.domain.scheme_match`)."""
        index = load_territories()
        place = place_of(fiche, index)
        fits: dict[tuple[str, ...], str] = {}

        def fit(scheme: Scheme) -> str:
            key = tuple(scheme.territories)
            if key not in fits:
                fits[key] = territory_fit(scheme, place, index)
            return fits[key]
        return match_all(fiche, self.schemes() if schemes is None else schemes, today or date.today(),
                         remaining_cost(self.store, fiche.id), fit)

    def match_page(self, fiche: FicheData, query: SchemeQuery,
                   today: date | None = None) -> tuple[FinderPage, dict[str, Match]]:
        """The schemes the query finds, ranked for `fiche` (open ones first, then by score), with each match."""
        today = today or date.today()
        page = self.search(query, today)
        matches = {m.scheme.id: m for m in self.match(fiche, today, [found.scheme for found in page.results])}
        order = {scheme_id: n for n, scheme_id in enumerate(matches)}
        ranked = sorted(page.results, key=lambda found: order[found.scheme.id])
        return FinderPage(ranked, page.counts, page.total), matches

    def search(self, query: SchemeQuery, today: date | None = None) -> FinderPage:
        ranks = None
        match = fts_match_expression(query.text)
        if match:
            with self.store.read() as session:
                ranks = repo.text_ranks(session, match)
                for scheme_id, rank in repo.text_ranks(session, fts_match_expression(query.text, False)).items():
                    ranks[scheme_id] += rank  # whole words typed count twice: « FEDER » before « fédérations »
        meets_territory = _territory_filter(query.territory) if query.territory else None
        return find(self.indexed(), query, today or date.today(), ranks, meets_territory)


def _territory_filter(typed: str) -> Callable[[Scheme], bool]:
    """Whether a scheme's area meets the territory the user typed (a French error if it is none)."""
    index = load_territories()
    place = index.resolve(typed).code
    return _by_area(lambda area: index.overlaps(area, place), index)


def _by_area(test: Callable[[str], bool], index: TerritoryIndex) -> Callable[[Scheme], bool]:
    """Whether any of a scheme's known areas passes `test`, each area tested once (schemes share few areas)."""
    answers: dict[str, bool] = {}

    def passes(scheme: Scheme) -> bool:
        for area in scheme.territories:
            if area not in answers:
                answers[area] = index.get(area) is not None and test(area)
            if answers[area]:
                return True
        return False
    return passes


def remaining_cost(store: Store, fiche_id: str) -> Decimal | None:
    """What the fiche's first scenario still has to find (« reste à charge »), if it has a grid."""
    scenarios = grid.scenarios(store, fiche_id)
    return compute(scenarios[0]).remaining_cost if scenarios else None


def load_scheme(store: Store, scheme_id: str) -> Scheme:
    with store.read() as session:
        scheme = repo.load(session, scheme_id)
    if scheme is None:
        raise NotFoundError(f"Aucun dispositif d'identifiant « {scheme_id} ».")
    return scheme


def resolve_scheme_id(store: Store, typed: str) -> str:
    """A whole id, or its first characters when they name one scheme only (French error otherwise)."""
    ids = [scheme.id for scheme in Finder(store).schemes() if scheme.id.startswith(typed.strip().lower())]
    if len(ids) == 1 and typed.strip():
        return ids[0]
    if not ids:
        raise NotFoundError(f"Aucun dispositif dont l'identifiant commence par « {typed} ».")
    raise NotFoundError(f"Plusieurs dispositifs commencent par « {typed} » : donnez plus de caractères.")
