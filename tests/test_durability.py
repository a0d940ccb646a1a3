"""Kill -9 during saves, imports, restores and migrations: the store stays sound, no acknowledged write is lost,
no import is half applied, nothing is left behind after the next start. ESSAIM_DURABILITY_ROUNDS sets the
rounds per operation (2 by default, as CI runs them; the closing notes report longer runs)."""

from __future__ import annotations

import json
import os
import random
from pathlib import Path

import pytest

from tests.durability import run_round

ROUNDS = int(os.environ.get("ESSAIM_DURABILITY_ROUNDS", "2"))


@pytest.mark.durability
@pytest.mark.parametrize("kind", ["save", "import", "restore", "migrate"])
def test_a_killed_operation_leaves_a_sound_store(kind: str, tmp_path: Path) -> None:
    rng = random.Random(f"{kind}-{ROUNDS}")
    outcomes = [run_round(kind, tmp_path / f"round-{n}", rng) for n in range(ROUNDS)]
    killed = sum(outcome.killed for outcome in outcomes)
    print(json.dumps({"operation": kind, "rounds": ROUNDS, "killed": killed, "finished": ROUNDS - killed,
                      "unsound": sum(not o.sound for o in outcomes),
                      "left_behind": sum(bool(o.leftovers) for o in outcomes)}))
    assert [outcome.detail for outcome in outcomes if not outcome.sound] == []
    assert [outcome.leftovers for outcome in outcomes if outcome.leftovers] == []
