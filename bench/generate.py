"""Generate a store of a given size for the benchmarks."""

from __future__ import annotations

import random
from pathlib import Path

from sqlalchemy import insert

from app.domain.vocabulary import FicheStatus
from app.storage.models import Fiche, FicheTag, new_uuid, utcnow
from app.storage.store import Store

WORDS = (
    "précarité énergétique accès aux droits vieillir autonomie numérique logement insertion santé "
    "famille handicap mobilité alimentation isolement participation épicerie solidaire garage ferme "
    "jardin partagé médiation bancaire CCAS CIAS commune département région quartier rural"
).split()


def generate_store(data_dir: Path, fiches: int, seed: int = 7) -> Path:
    """A store in `data_dir` with `fiches` generated fiches (added to what is there)."""
    rng = random.Random(seed)
    store = Store.open(data_dir)
    try:
        now = utcnow()
        rows, tags = [], []
        for n in range(fiches):
            fiche_id = new_uuid()
            rows.append({
                "id": fiche_id, "created_at": now, "updated_at": now, "revision": 1,
                "workstation_id": store.workstation_id, "deleted_at": None,
                "title": f"Initiative {n} — " + " ".join(rng.choices(WORDS, k=4)),
                "summary": " ".join(rng.choices(WORDS, k=60)),
                "status": rng.choice(list(FicheStatus)).value,
            })
            tags += [{"fiche_id": fiche_id, "position": p, "label": rng.choice(WORDS)} for p in range(3)]
        with store.transaction() as session:
            session.execute(insert(Fiche), rows)
            session.execute(insert(FicheTag), tags)
        return store.path
    finally:
        store.close()
