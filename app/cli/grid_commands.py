"""`essaim grid show` and `essaim grid export`."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from app.cli.fiche_commands import resolve_id
from app.domain.codec import to_dict
from app.domain.economics import compute, indicator_table
from app.exports.grid_workbook import write_grid_workbook
from app.services import fiches, grid
from app.storage.store import Store


def grid_show(args: argparse.Namespace, store: Store) -> int:
    fiche = fiches.load(store, resolve_id(store, args.fiche_id))
    scenario = grid.find(store, fiche.id, args.scenario)
    rows = indicator_table(scenario, compute(scenario))
    if args.json:
        result = to_dict(compute(scenario))
        print(json.dumps({"fiche": fiche.title, "scenario": to_dict(scenario), "indicators": result,
                          "formatted": {key: value for key, _label, value in rows}}, ensure_ascii=False, indent=2))
        return 0
    illustrative = " (valeurs illustratives)" if scenario.illustrative else ""
    print(f"{fiche.title} — scénario « {scenario.name} »{illustrative}")
    width = max(len(label) for _key, label, _value in rows)
    for _key, label, value in rows:
        print(f"  {label:<{width}}  {value}")
    return 0


def grid_export(args: argparse.Namespace, store: Store) -> int:
    fiche = fiches.load(store, resolve_id(store, args.fiche_id))
    scenario = grid.find(store, fiche.id, args.scenario)
    output = Path(args.output).expanduser().resolve()
    if output.suffix.lower() != ".xlsx":
        output = output.with_suffix(".xlsx")
    write_grid_workbook(scenario, fiche.title, output)
    print(f"Classeur écrit : {output}")
    return 0
