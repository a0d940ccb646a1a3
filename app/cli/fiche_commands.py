"""`essaim fiche …` and `essaim examples …`."""

from __future__ import annotations

import argparse
import json

from app.cli.fiche_reading import one_fiche
from app.domain.fiche_search import FicheQuery
from app.domain.fiche_sections import label
from app.domain.formats import format_count
from app.domain.vocabulary import Stage
from app.services import fiches
from app.storage.store import Store


def resolve_id(store: Store, given: str) -> str:
    """A full id, or a prefix that names exactly one fiche."""
    if len(given) == 36:
        return given
    return one_fiche(given, [row.id for row in fiches.search(store, FicheQuery()) if row.id.startswith(given)])


def fiche_list(args: argparse.Namespace, store: Store) -> int:
    rows = fiches.search(store, FicheQuery(text=args.search))
    if args.json:
        print(json.dumps([{**row._asdict(), "updated_at": row.updated().isoformat()} for row in rows],
                         ensure_ascii=False, indent=2))
        return 0
    for row in rows:
        place = row.commune or row.departement
        print(f"{row.id}  {row.title}  —  {row.structure_name}" + (f" ({place})" if place else "")
              + (f"  [{label(Stage, row.stage)}]" if row.stage else ""))
    print(format_count(len(rows), "fiche"))
    return 0


def examples_load(_args: argparse.Namespace, store: Store) -> int:
    from app.services.examples import examples_outcome, load_examples

    outcome = load_examples(store)
    print(examples_outcome(outcome))
    return 0
