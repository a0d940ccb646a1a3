"""The finder on hand-built schemes: counts per value, open before closed, grouped variants, sorts."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from app.domain.scheme_finder import SchemeQuery, find
from app.domain.schemes import Deadline, Scheme

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


def test_the_index_says_open_as_the_scheme_does() -> None:
    from app.domain.scheme_finder import index_schemes
    from app.domain.schemes import is_open, next_deadline

    for item in index_schemes(SCHEMES):
        for day in (date(2026, 1, 1), TODAY, date(2026, 12, 10), date(2026, 12, 11), date(2027, 3, 2)):
            assert item.is_open(day) == is_open(item.scheme, day), (item.scheme.name, day)
            assert item.next_deadline(day) == next_deadline(item.scheme, day), (item.scheme.name, day)
