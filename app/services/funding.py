"""The funding finder over the store: search with counts, one scheme, resolve an id typed on the command line."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from decimal import Decimal

from app.domain.economics import compute
from app.domain.fiche import FicheData
from app.domain.fiche_search import fts_match_expression
from app.domain.scheme_finder import Catalogue, FinderPage, FoundScheme, SchemeQuery, find
from app.domain.scheme_match import Match, match_all
from app.domain.scheme_places import place_of, territory_fit
from app.domain.schemes import Scheme
from app.domain.territories import load_territories
from app.services import grid
from app.services.errors import NotFoundError
from app.storage import scheme_repository as repo
from app.storage.store import Store


class Finder:
    """The catalogue held in memory for searching (a few thousand schemes); `refresh()` once schemes changed."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._schemes: list[Scheme] | None = None
        self._catalogue: Catalogue | None = None
        self._search_ids: dict[int, str] = {}
        self._news: dict[str, str] = {}
        self._unpublished: dict[str, date] = {}

    def schemes(self) -> list[Scheme]:
        if self._schemes is None:
            with self.store.read() as session:
                self._schemes = repo.load_all(session)
                self._search_ids = repo.search_ids(session)
                self._news = repo.news_of(session)
                self._unpublished = repo.unpublished_of(session)
        return self._schemes

    def news(self) -> dict[str, str]:
        """Scheme id → « nouveau » or « modifie » since the last catalogue update, until seen."""
        self.schemes()
        return self._news

    def unpublished(self) -> dict[str, date]:
        """Scheme id → since when its origin no longer publishes it."""
        self.schemes()
        return self._unpublished

    def seen(self, scheme_id: str) -> None:
        """The user has read the scheme: no longer new (stored, without re-reading the catalogue)."""
        if self.news().pop(scheme_id, None) is not None:
            with self.store.transaction() as session:
                repo.set_news(session, [scheme_id], "")

    def catalogue(self) -> Catalogue:
        if self._catalogue is None:
            self._catalogue = Catalogue(self.schemes())
        return self._catalogue

    def refresh(self) -> None:
        self._schemes = self._catalogue = None

    def match(self, fiche: FicheData, today: date | None = None,
              schemes: Iterable[Scheme | FoundScheme] | None = None) -> list[Match]:
        """`schemes` (the whole catalogue by default) ranked for `fiche` (see `app.domain.scheme_match`)."""
        today = today or date.today()
        index = load_territories()
        place = place_of(fiche, index)
        fits: dict[tuple[str, ...], str] = {}

        def fit(scheme: Scheme) -> str:
            key = tuple(scheme.territories)
            if key not in fits:
                fits[key] = territory_fit(scheme, place, index)
            return fits[key]
        return match_all(fiche, self.catalogue().day(today).found if schemes is None else schemes, today,
                         remaining_cost(self.store, fiche.id), fit)

    def match_page(self, fiche: FicheData, query: SchemeQuery,
                   today: date | None = None) -> tuple[FinderPage, dict[str, Match]]:
        """The schemes the query finds, ranked for `fiche` (open ones first, then by score), with each match."""
        today = today or date.today()
        page = self.search(query, today)
        matches = {m.scheme.id: m for m in self.match(fiche, today, page.results)}
        order = {scheme_id: n for n, scheme_id in enumerate(matches)}
        ranked = sorted(page.results, key=lambda found: order[found.scheme.id])
        return FinderPage(ranked, page.counts, page.total), matches

    def search(self, query: SchemeQuery, today: date | None = None) -> FinderPage:
        catalogue = self.catalogue()
        ranks = None
        match = fts_match_expression(query.text, whole_words_twice=True)
        if match:
            with self.store.read() as session:
                found = repo.text_ranks(session, match)
            ranks = {self._search_ids[entry]: rank for entry, rank in found.items() if entry in self._search_ids}
        meets_area = _territory_filter(query.territory) if query.territory else None
        return find(catalogue, query, today or date.today(), ranks, meets_area)


def _territory_filter(typed: str) -> Callable[[str], bool]:
    """Whether an area (a territory code) meets the territory the user typed (a French error if it is none)."""
    index = load_territories()
    place = index.resolve(typed).code
    return lambda area: index.get(area) is not None and index.overlaps(area, place)


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
