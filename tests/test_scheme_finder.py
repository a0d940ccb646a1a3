"""The finder on hand-built schemes: counts per value, open before closed, grouped variants, sorts."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from app.domain.scheme_finder import Catalogue, SchemeQuery, find
from app.domain.schemes import Deadline, Scheme, is_open

TODAY = date(2026, 11, 26)


def scheme(name: str, **values: Any) -> Scheme:
    return Scheme(id=name, name=name, **values)


SCHEMES = [
    scheme("Fonds régional énergie", level="regional", kinds=["subvention"], audiences=["ccas"],
           themes=["precarite_energetique"], deadlines=[Deadline(date(2026, 12, 10), "Date limite")],
           amount_max=Decimal(30000)),
    scheme("Appel national inclusion", level="national", kinds=["appel_projets", "subvention"],
           audiences=["ccas", "association"], themes=["inclusion_numerique"],
           deadlines=[Deadline(date(2027, 3, 1))], amount_max=Decimal(100000)),
    scheme("Appel national inclusion — Isère", level="departemental", kinds=["appel_projets"], audiences=["ccas"],
           themes=["inclusion_numerique"], parent_id="Appel national inclusion"),
    scheme("Prix passé", level="national", kinds=["prix"], audiences=["association"],
           deadlines=[Deadline(date(2026, 6, 30))], amount_max=Decimal(500000)),
    scheme("Programme arrêté", level="national", kinds=["subvention"], status="arrete"),
    scheme("Accompagnement DLA", level="national", kinds=["accompagnement"], audiences=["association"],
           without_money=True),
]


def test_counts_per_value_ignore_the_filter_they_belong_to() -> None:
    page = find(SCHEMES, SchemeQuery(levels={"national"}), TODAY)
    assert {found.scheme.name for found in page.results} == {"Appel national inclusion", "Prix passé",
                                                              "Accompagnement DLA"}
    assert page.counts["level"] == {"regional": 1, "national": 3, "departemental": 1}, \
        "the level's own counts stay those of every level"
    assert page.counts["kinds"] == {"appel_projets": 1, "subvention": 1, "prix": 1, "accompagnement": 1}
    assert page.counts["status"] == {"ouvert": 3, "arrete": 1}, "discontinued schemes are hidden but counted"


def test_a_passed_deadline_never_outranks_an_open_scheme() -> None:
    page = find(SCHEMES, SchemeQuery(sort="montant"), TODAY)
    names = [found.scheme.name for found in page.results]
    assert names.index("Prix passé") > names.index("Fonds régional énergie"), "500 000 € but closed to applications"
    assert names[0] == "Appel national inclusion"


def test_local_variants_are_grouped_under_their_national_scheme() -> None:
    page = find(SCHEMES, SchemeQuery(themes={"inclusion_numerique"}), TODAY)
    (national,) = page.results
    assert [variant.name for variant in national.variants] == ["Appel national inclusion — Isère"]
    assert page.total == 2
    alone = find(SCHEMES, SchemeQuery(levels={"departemental"}), TODAY)
    assert [found.scheme.name for found in alone.results] == ["Appel national inclusion — Isère"]


def test_deadline_soon_open_now_amount_and_text_filters() -> None:
    soon = find(SCHEMES, SchemeQuery(deadline_before=date(2026, 12, 31)), TODAY)
    assert [(found.scheme.name, found.soon) for found in soon.results] == [("Fonds régional énergie", True)]
    assert find(SCHEMES, SchemeQuery(sort="date_limite"), TODAY).results[0].scheme.name == "Fonds régional énergie"
    rich = find(SCHEMES, SchemeQuery(amount_at_least=Decimal(50000), open_now=True), TODAY)
    assert [found.scheme.name for found in rich.results] == ["Appel national inclusion"]
    ranked = find(SCHEMES, SchemeQuery(text="inclusion"), TODAY,
                  text_ranks={"Appel national inclusion — Isère": -9.0, "Appel national inclusion": -3.0})
    assert [found.scheme.name for found in ranked.results] == ["Appel national inclusion"]
    stopped = find(SCHEMES, SchemeQuery(statuses={"arrete"}), TODAY)
    assert [found.scheme.name for found in stopped.results] == ["Programme arrêté"]


def test_the_indexed_catalogue_finds_and_counts_what_the_filters_say() -> None:
    """Against the filters' definitions, on random schemes spanning many bytes of the masks."""
    rng = random.Random(5)
    facets = {"level": ["national", "regional", "departemental"], "kinds": ["subvention", "pret", "prix"],
              "audiences": ["ccas", "association", "commune"], "themes": ["mobilite", "logement"],
              "stages": ["emergence", "experimentation"], "status": ["ouvert", "ouvert", "ferme"]}
    schemes = [scheme(f"Dispositif {n}", level=rng.choice(facets["level"]), status=rng.choice(facets["status"]),
                      **{facet: rng.sample(facets[facet], rng.randrange(3 if facet != "themes" else 2))
                         for facet in ("kinds", "audiences", "themes", "stages")},
                      territories=[rng.choice(["D38", "D69", "R84"])], amount_max=Decimal(rng.randrange(100)),
                      deadlines=[Deadline(TODAY + timedelta(days=rng.randrange(-20, 60)))]) for n in range(53)]
    catalogue = Catalogue(schemes)
    for _ in range(40):
        chosen = {facet: set(rng.sample(choices, rng.randrange(2))) for facet, choices in facets.items()}
        query = SchemeQuery(levels=chosen["level"], kinds=chosen["kinds"], audiences=chosen["audiences"],
                            themes=chosen["themes"], stages=chosen["stages"], statuses=chosen["status"],
                            territory=rng.choice(["", "D38"]), open_now=rng.random() < 0.3,
                            amount_at_least=rng.choice([None, Decimal(50)]),
                            sort=rng.choice(["date_limite", "montant"]))
        chosen["status"] = chosen["status"] or {"ouvert"}
        page = find(catalogue, query, TODAY, meets_area=lambda area: area == "D38")
        assert {found.scheme.id for found in page.results} == {item.id for item in schemes
                                                                if _passes(item, query, chosen)}
        for facet in facets:
            expected = {value: sum(1 for item in schemes
                                   if _passes(item, query, chosen, facet) and value in _values(item, facet))
                        for value in facets[facet]}
            assert page.counts[facet] == {value: count for value, count in expected.items() if count}, facet
        shown = [found.scheme for found in page.results]
        assert [is_open(item, TODAY) for item in shown] == sorted(is_open(item, TODAY) for item in shown)[::-1]


def _values(item: Scheme, facet: str) -> set[str]:
    value = getattr(item, facet)
    return set(value) if isinstance(value, list) else {value}


def _passes(item: Scheme, query: SchemeQuery, chosen: dict[str, set[str]], but: str = "") -> bool:
    """The filters by their definition (the territory asked being the Isère, D38), the facet `but` left out."""
    return ((not query.territory or "D38" in item.territories) and (not query.open_now or is_open(item, TODAY))
            and (query.amount_at_least is None or (item.amount_max or 0) >= query.amount_at_least)
            and all(not wanted or wanted & _values(item, facet) for facet, wanted in chosen.items() if facet != but))
